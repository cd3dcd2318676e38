/**
 * The worker thread of the background store check (store-check.ts): PRAGMA quick_check of the store file on a
 * read-only connection of its own, the problems SQLite found posted back (['ok'] for a sound file).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openStoreFile } from '../../db/store';
import { integrityMessages } from '../../db/maintenance';

export interface QuickCheckData {
  kind: 'quick-check';
  file: string;
}

export type QuickCheckReply = { ok: true; messages: string[] } | { ok: false; error: string };

function run({ file }: QuickCheckData): QuickCheckReply {
  try {
    const db = openStoreFile(file, { readonly: true, busyTimeoutMs: 5000 });
    try {
      return { ok: true, messages: integrityMessages(db, 'quick') };
    } finally {
      db.close();
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === 'quick-check')
  parentPort!.postMessage(run(workerData as QuickCheckData));
