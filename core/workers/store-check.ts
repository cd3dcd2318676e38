/**
 * The store's quick_check (core/backup/auto.ts checks it when a door opens the store) done in the background for a
 * door that can answer reads meanwhile: `caseflow serve` (issue 15: the first screen within 1 s at 1M cases; the
 * check reads every page of the file, about 10 s at 1M). The check runs on a worker thread with a read-only
 * connection of its own; the door lets handlers that change data wait for it and refuses everything once it has
 * found damage (web/server.ts `storeCheck`). Where the worker cannot start, the check runs on this thread.
 */
import { corruptMessage } from '../backup/auto';
import { quickCheck } from '../backup/backup';
import { openStoreFile } from '../../db/store';
import { startWorker } from './spawn';
import type { QuickCheckData, QuickCheckReply } from './quick-check-worker';

/** Resolves null when the store is sound, else the Chinese message naming the newest good backup and the restore command. */
export function quickCheckInBackground(file: string, backupDir?: string): Promise<string | null> {
  const damaged = (messages: string[]) =>
    corruptMessage(file, `完整性检查未通过：${messages.slice(0, 3).join('；')}`, backupDir);
  const onThisThread = (): string | null => {
    const db = openStoreFile(file, { readonly: true, busyTimeoutMs: 5000 });
    try {
      const r = quickCheck(db);
      return r.ok ? null : damaged(r.messages);
    } finally {
      db.close();
    }
  };
  const data: QuickCheckData = { kind: 'quick-check', file };
  const worker = startWorker(__dirname, 'quick-check-worker', data);
  if (!worker) return Promise.resolve().then(onThisThread);
  return new Promise<string | null>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => string | null) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      try {
        resolve(f());
      } catch (e) {
        reject(e as Error);
      }
    };
    worker.on('message', (r: QuickCheckReply) =>
      settle(() => {
        if (!r.ok) return onThisThread(); // the worker could not open or read the file: check here, with its errors
        return r.messages.length === 1 && r.messages[0] === 'ok' ? null : damaged(r.messages);
      }),
    );
    worker.on('error', () => settle(onThisThread));
    worker.on('exit', () => settle(onThisThread));
  });
}
