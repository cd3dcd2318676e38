/** Where the desktop app keeps its store and backups by default (the OS app-data folder). */
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'CaseFlowDesk';

export function appDataDir(): string {
  if (process.env.CASEFLOW_HOME) return path.resolve(process.env.CASEFLOW_HOME);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(process.env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(process.env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_DIR_NAME);
}

export function defaultStorePath(): string {
  return path.join(appDataDir(), 'caseflow.sqlite');
}

export function defaultBackupDir(): string {
  return path.join(appDataDir(), 'backups');
}
