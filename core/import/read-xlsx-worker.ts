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
/**
 * Cells per message, at most (a batch of wide rows ends before BATCH rows). A wide export's rows (33 columns: a
 * case and one suspect per row) made batches of 16,500 cells: the worker's and the collector's threads then spent
 * ~0.8 s more CPU at 100k cases (reading only, side by side), the worker's scavenges copying much more. An array of
 * that many cells is past V8's 128 KB limit for an ordinary heap object (16,384 slots) and goes to its
 * large-object space; 8,000 cells, with room for the array's growth, stay below it. The product's own sheets
 * (at most 18 columns) keep their 500 rows, but for 嫌疑人 (444).
 */
export const BATCH_CELLS = 8000;
/**
 * Batches posted and not yet taken by the main thread, at most (64 batches of at most 8,000 cells: ~20 MB at most).
 * Sized for the main thread's longest step between two batches: in a first load it builds one of the cases' indexes
 * at a time when it has no rows to take (stream-load.ts `idle`, 50–60 ms each at 100k cases). With 16 batches ahead,
 * the worker had read that far ahead within those 50 ms and then stood still, 31–42 times and 0.40–0.46 s in all,
 * every time at the start of 流程节点 (whose 5-column rows it reads fastest); with 64 it never waited (the import
 * −0.3–0.6 s, two pairs side by side).
 */
export const AHEAD = 64;

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

export function packRows(rows: RowIn[]): RowBatch {
  const ns = new Int32Array(rows.length);
  const lens = new Int32Array(rows.length);
  // Built by push, never `new Array(total)`: an array V8 created with holes stays "holey" even once every slot is
  // filled, and the structured clone writes a holey array in its sparse form, index by index (2.5× the time to
  // serialize, 1.4× to read back, measured on a batch of 16,500 cells). A dense array of the same cells is written
  // as one run. Empty cells stay `undefined` (the rows of read-xlsx.ts have holes there), as before.
  const cells: RowIn['cells'] = [];
  let notes: RowBatch['notes'];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    ns[i] = r.n;
    lens[i] = r.cells.length;
    for (let k = 0; k < r.cells.length; k++) cells.push(r.cells[k]);
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
      let cellsIn = 0;
      try {
        for await (const r of ws.rows) {
          if (left >= sheet) break; // ends this sheet's stream, as the main thread's break would
          batch.push(r);
          cellsIn += r.cells.length;
          if (batch.length === BATCH || cellsIn >= BATCH_CELLS) {
            await send(batch);
            batch = [];
            cellsIn = 0;
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
