/**
 * The import's XLSX reader on a second thread: the same sheets and rows as readXlsx (read-xlsx.ts), in the same
 * order, with the same errors at the same places, while the main thread checks and collects the rows already
 * read. Unzipping and parsing the XML (exceljs) is the larger part of an import; on its own thread it overlaps
 * the checks instead of preceding them (issue 15: the import within 1.25× the parse alone).
 *
 * The worker (read-xlsx-worker.ts) posts `sheet`, batches of `rows`, `end` (with the error that stopped the
 * sheet, if any) per sheet, then `done` (with the error that stopped the workbook, if any). The main thread
 * acknowledges each batch it takes (the worker stays at most AHEAD batches ahead, so memory stays flat), and
 * says when it leaves a sheet unread (a `break`, as readHeads does): the worker then stops that sheet too.
 * Small files, a machine with no core free (coreFree) and a program that cannot start the worker read on the
 * main thread (readXlsx itself).
 */
import fs from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { coreFree, startWorker } from '../workers/spawn';
import { readXlsx, type SheetRows } from './read-xlsx';
import {
  unpackRows,
  type PostedError,
  type XlsxMessage,
  type XlsxReply,
  type XlsxWorkerData,
} from './read-xlsx-worker';
import { ImportReadError, type RowIn } from './types';

/** Below this size (about 3,000 cases) starting a thread costs more than it saves. */
export const THREAD_MIN_BYTES = 1 << 20;

/**
 * The worker's young generation, in MB (V8's default is 16 MB of semi-space on 64-bit, ~48 MB in all). The XML parse
 * makes millions of short-lived strings and objects (a few per cell): in a larger nursery nearly all of them die
 * before a scavenge instead of being copied or promoted. Measured at 100k cases: the worker's CPU −0.9 s, the
 * collector's helper threads −0.8 s (12.3 s and 1.3 s against 13.1 s and 2.1 s, read alone, two pairs side by side).
 */
export const WORKER_YOUNG_MB = 96;

function thrown(e: PostedError): Error {
  return e.read ? new ImportReadError(e.message, e.at) : new Error(e.message);
}

/**
 * Work the main thread can do whenever it has no rows to take: one small slice (a few ms) per call; returns
 * whether more is left. (The first load fills the search index this way: stream-load.ts.)
 */
export type IdleWork = () => boolean;

/**
 * readXlsx(file), read on a worker thread when the file is large enough and a core is free (`thread`: 'always' at
 * any size: tests; `workerDir`: where the worker's entry is, by default beside this module: tests of the Electron
 * bundle pass dist-electron). `idle` runs while the main thread waits for the worker's rows.
 */
export async function* readXlsxThreaded(
  file: string,
  thread: boolean | 'always' = true,
  workerDir = __dirname,
  idle?: IdleWork,
): AsyncGenerator<SheetRows> {
  const big = thread === 'always' || (thread && fs.statSync(file).size >= THREAD_MIN_BYTES && coreFree());
  const { port1, port2 } = new MessageChannel();
  const data: XlsxWorkerData = { kind: 'read-xlsx', file, port: port2 };
  const worker = big
    ? startWorker(workerDir, 'read-xlsx-worker', data, [port2], {
        maxYoungGenerationSizeMb: WORKER_YOUNG_MB,
      })
    : null;
  if (!worker) {
    port1.close();
    yield* readXlsx(file);
    return;
  }
  const queue: XlsxMessage[] = [];
  let waiting: ((m: XlsxMessage) => void) | null = null;
  const push = (m: XlsxMessage) => {
    const w = waiting;
    waiting = null;
    if (w) w(m);
    else queue.push(m);
  };
  port1.on('message', push);
  // A worker that dies (out of memory, a bug) ends the file with an error rather than leaving the import waiting.
  let dead = false;
  const died = (message: string) => {
    if (!dead) push({ t: 'done', error: { read: false, message: `读取线程意外结束：${message}`, at: {} } });
    dead = true;
  };
  worker.on('error', (e) => died(e.message));
  worker.on('exit', (code) => died(`退出码 ${code}`));
  const next = async (): Promise<XlsxMessage> => {
    // No rows to take yet: the main thread does its deferred work (`idle`) a slice at a time, letting the worker's
    // messages in between slices, instead of waiting for the rows with nothing to do.
    while (!queue.length && idle?.()) await new Promise(setImmediate);
    return queue.length ? queue.shift()! : new Promise((resolve) => (waiting = resolve));
  };
  const reply = (m: XlsxReply) => port1.postMessage(m);

  let sheet = -1;
  try {
    for (;;) {
      let m = await next();
      // What is left of a sheet the consumer left: taken (and acknowledged) unread.
      while (m.t === 'rows' || m.t === 'end') {
        if (m.t === 'rows') reply({ t: 'ack' });
        m = await next();
      }
      if (m.t === 'done') {
        if (m.error) throw thrown(m.error);
        return;
      }
      const k = ++sheet;
      let ended = false;
      const rows = async function* (): AsyncGenerator<RowIn> {
        try {
          for (;;) {
            const r = await next();
            if (r.t === 'rows') {
              reply({ t: 'ack' });
              yield* unpackRows(r.batch);
            } else if (r.t === 'end') {
              ended = true;
              if (r.error) throw thrown(r.error);
              return;
            } else {
              // The workbook ended inside the sheet (the worker died): its error is the sheet's.
              ended = true;
              push(r);
              throw thrown(r.t === 'done' && r.error ? r.error : { read: false, message: '读取中断', at: {} });
            }
          }
        } finally {
          if (!ended) reply({ t: 'leave', sheet: k });
        }
      };
      yield { name: m.name, rows: rows() };
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}
