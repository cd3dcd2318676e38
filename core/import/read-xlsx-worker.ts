/**
 * The worker thread of the threaded XLSX reader (xlsx-thread.ts has the protocol): it runs the import's own
 * streaming reader (read-xlsx.ts) over the file and posts what it reads, sheet by sheet, in batches of rows,
 * never more than AHEAD batches ahead of the main thread. A sheet the main thread leaves is left here too.
 */
import { isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import { readXlsx } from './read-xlsx';
import { ImportReadError, type RowIn } from './types';

/** Rows per message: large enough that posting costs little, small enough that the main thread starts soon. */
export const BATCH = 500;
/** Batches posted and not yet taken by the main thread, at most. */
export const AHEAD = 16;

export interface XlsxWorkerData {
  kind: 'read-xlsx';
  file: string;
  port: MessagePort;
}

/** An error as it crosses the thread: an ImportReadError keeps its place; anything else only its message. */
export interface PostedError {
  read: boolean;
  message: string;
  at: ImportReadError['at'];
}

/**
 * A batch of rows as it crosses the thread: flat arrays of primitives rather than an object and an array per row
 * (a structured clone of 500 small objects costs several times that of one array of their cells): row numbers,
 * cell counts, every cell in order, and the notes with the index of their row in the batch.
 */
export interface RowBatch {
  ns: Int32Array;
  lens: Int32Array;
  cells: RowIn['cells'];
  notes?: [number, NonNullable<RowIn['notes']>][];
}

/** The batch's rows back as RowIn objects. */
export function unpackRows(b: RowBatch): RowIn[] {
  const rows: RowIn[] = new Array(b.ns.length);
  let off = 0;
  for (let i = 0; i < rows.length; i++) {
    const len = b.lens[i];
    rows[i] = { n: b.ns[i], cells: b.cells.slice(off, off + len) };
    off += len;
  }
  if (b.notes) for (const [i, notes] of b.notes) rows[i].notes = notes;
  return rows;
}

function packRows(rows: RowIn[]): RowBatch {
  const ns = new Int32Array(rows.length);
  const lens = new Int32Array(rows.length);
  let total = 0;
  for (const r of rows) total += r.cells.length;
  const cells: RowIn['cells'] = new Array(total);
  let notes: RowBatch['notes'];
  let off = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    ns[i] = r.n;
    lens[i] = r.cells.length;
    for (let k = 0; k < r.cells.length; k++) cells[off + k] = r.cells[k];
    off += r.cells.length;
    if (r.notes) (notes ??= []).push([i, r.notes]);
  }
  return notes ? { ns, lens, cells, notes } : { ns, lens, cells };
}

export type XlsxMessage =
  | { t: 'sheet'; name: string }
  | { t: 'rows'; batch: RowBatch }
  | { t: 'end'; error?: PostedError }
  | { t: 'done'; error?: PostedError };

/** From the main thread: a batch taken, or the sheet (by its number from 0) left unread. */
export type XlsxReply = { t: 'ack' } | { t: 'leave'; sheet: number };

const posted = (e: unknown): PostedError =>
  e instanceof ImportReadError
    ? { read: true, message: e.message, at: e.at }
    : { read: false, message: e instanceof Error ? e.message : String(e), at: {} };

async function run({ file, port }: XlsxWorkerData): Promise<void> {
  let credit = AHEAD;
  let left = -1;
  let wake: (() => void) | null = null;
  port.on('message', (m: XlsxReply) => {
    if (m.t === 'ack') credit++;
    else left = Math.max(left, m.sheet);
    const w = wake;
    wake = null;
    w?.();
  });
  const send = async (rows: RowIn[]) => {
    while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    const batch = packRows(rows);
    port.postMessage({ t: 'rows', batch } satisfies XlsxMessage, [
      batch.ns.buffer as ArrayBuffer,
      batch.lens.buffer as ArrayBuffer,
    ]);
  };
  let sheet = -1;
  try {
    for await (const ws of readXlsx(file)) {
      sheet++;
      port.postMessage({ t: 'sheet', name: ws.name } satisfies XlsxMessage);
      let error: PostedError | undefined;
      let batch: RowIn[] = [];
      try {
        for await (const r of ws.rows) {
          if (left >= sheet) break; // ends this sheet's stream, as the main thread's break would
          batch.push(r);
          if (batch.length === BATCH) {
            await send(batch);
            batch = [];
          }
        }
      } catch (e) {
        error = posted(e);
      }
      // The rows read before an error are the consumer's too, as on the main thread.
      if (batch.length && left < sheet) await send(batch);
      port.postMessage({ t: 'end', ...(error ? { error } : {}) } satisfies XlsxMessage);
    }
    port.postMessage({ t: 'done' } satisfies XlsxMessage);
  } catch (e) {
    port.postMessage({ t: 'done', error: posted(e) } satisfies XlsxMessage);
  }
  // The port stays open until the main thread has taken every message and closes its end (the worker then ends).
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === 'read-xlsx')
  void run(workerData as XlsxWorkerData);
