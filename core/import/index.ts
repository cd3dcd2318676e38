/**
 * The import (import-format.md): read every file, validate while streaming into compact rows,
 * check against the store, plan the changes, and write them in one transaction, or nothing at all.
 *
 *   runImport(ctx, files, { dryRun, takenOn, allowOlder }) → ImportResult   (cli.md "import --json" shape + batchId,
 *     noOp, staffAdded, dryRun, message, takenOn, skippedOlder)
 *
 * The data date (数据日期, import-mapping.md): the day the export was taken, `takenOn` (default: the date a mapped
 * file's title row states, such as 统计截至2025年10月10日, else today in China,
 * the door's clock). It is recorded with the batch and on every row written; rows the import confirms unchanged
 * move up to it. A case whose stored data came from a later data date is not changed (an older export never
 * overwrites newer data): the import lists those cases in one warning and in `skippedOlder`, and applies the
 * rest; `allowOlder` applies them anyway.
 *
 * A file is read through a mapping (import-mapping.md, core/import/mapping) when one is given for it or a
 * saved one matches its headers; every row it produces then goes through the same validation.
 * The result also carries the preview (import-mapping.md "The preview"): the mappings used, the cases
 * that would be (or were) added, and the field-level changes of changed cases.
 *
 * Phases reported through ctx.progress: 读取 (reading), 校验 (checks against the store, change plan), 写入 (write).
 * ctx.signal is honoured while reading and before the write phase; a cancelled import writes nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context';
import { todayOf } from '../context';
import { chinaTimestamp, dateTimeText, isIsoDate } from '../dates';
import { recordAction } from '../audit-trail';
import { confirmDataDates, writeCaseBundles } from '../../db/queries/cases';
import { batchByHash, finishBatch, insertBatch, upsertStaff, type BatchFile } from '../../db/queries/imports';
import { Collector } from './collect';
import { mappingForFile, markMappingUsed, readMappedFile, type ResolvedMapping, type TitleDate } from './mapping';
import { previewOf } from './preview';
import { SHEET_NAMES, sheetFor } from './columns';
import { planChanges, resolveStore, type Plan } from './plan';
import { readCsv } from './read-csv';
import { readXlsxThreaded } from './xlsx-thread';
import { StreamLoad } from './stream-load';
import { refusalFor, sniffFile } from './sniff';
import { ImportCancelled, ImportReadError, type ImportResult, type RowIn } from './types';
import { cellText, resetValueCaches } from './values';

export type { ImportResult, ImportErrorItem } from './types';
export { ImportCancelled } from './types';
export { formatImportError } from './format';

export interface ImportOptions {
  dryRun?: boolean;
  /** A mapping for every file (`--mapping`). */
  mapping?: ResolvedMapping;
  /** Per file (same order as the files): its mapping; null = the product's own layout; undefined = as `mapping`, else a saved one that matches. */
  fileMappings?: (ResolvedMapping | null | undefined)[];
  /** Look for a saved mapping matching a file's headers when none is given (default true). */
  autoMatch?: boolean;
  /** The data date: the day the export was taken (YYYY-MM-DD); default the date a mapped file's title row states, else today in China time. */
  takenOn?: string;
  /** Apply rows of cases whose stored data came from a later data date (default: skip those cases). */
  allowOlder?: boolean;
}

/** Lists at most this many cases in the "older data" warning (all are in `skippedOlder`). */
const OLDER_LISTED = 20;

function olderWarning(skipped: { caseNo: string; takenOn: string }[], takenOn: string, dryRun: boolean): string {
  const shown = skipped
    .slice(0, OLDER_LISTED)
    .map((x) => `${x.caseNo}（库中数据日期 ${x.takenOn}）`)
    .join('、');
  const more = skipped.length > OLDER_LISTED ? ` 等 ${skipped.length} 件` : '';
  return (
    `以下 ${skipped.length} 件案件在库中的数据来自更晚的导出，本次导出（数据日期 ${takenOn}）较旧，${dryRun ? '将不更新' : '未更新'}这些案件：` +
    `${shown}${more}。如确需用本次数据覆盖，请勾选“允许用较早的数据覆盖”（命令行加 --allow-older）。`
  );
}

const KNOWN_SHEETS = SHEET_NAMES.join('、');

async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

type Rows = AsyncIterable<RowIn>;

/**
 * Feeds one table's rows to the collector: the first non-empty row is the header. Returns false when
 * the table had no rows at all. A reader that breaks off (a cut file, an unclosed quote) is one error
 * at the row and column where it broke; what was read before it is still checked.
 */
async function readTable(
  ctx: AppContext,
  col: Collector,
  file: string,
  sheet: Parameters<Collector['beginTable']>[1],
  rows: Rows,
  counter: { n: number },
): Promise<boolean> {
  let table: ReturnType<Collector['beginTable']> | undefined;
  let last = 0;
  try {
    for await (const { n, cells, notes } of rows) {
      last = n;
      if (!table) {
        if (cells.every((c) => cellText(c) === '')) continue;
        table = col.beginTable(file, sheet, n, cells);
        continue;
      }
      col.addRow(table, n, cells, notes);
      if (++counter.n % 10_000 === 0) {
        if (ctx.signal?.aborted) throw new ImportCancelled();
        ctx.progress?.({ phase: '读取', done: counter.n, message: path.basename(file) });
      }
    }
  } catch (e) {
    if (e instanceof ImportCancelled) throw e;
    const at = e instanceof ImportReadError ? e.at : { row: last + 1 };
    const column =
      'column' in at && at.column
        ? at.column
        : at.col == null
          ? ''
          : table?.headerTexts[at.col] || `第 ${at.col + 1} 列`;
    col.addError({
      file: path.basename(file),
      sheet,
      row: at.row ?? 0,
      column,
      value: '',
      message: e instanceof ImportReadError ? e.message : `第 ${last + 1} 行附近的内容无法读取：文件可能已损坏`,
    });
    return true;
  }
  return !!table;
}

async function readWorkbook(ctx: AppContext, col: Collector, file: string, counter: { n: number }): Promise<void> {
  const unknown: string[] = [];
  let known = 0;
  for await (const ws of readXlsxThreaded(file, true, undefined, () => col.idle())) {
    const sheet = sheetFor(ws.name);
    if (!sheet) {
      unknown.push(ws.name);
      for await (const _ of ws.rows); // the streaming reader must be drained before the next sheet
      continue;
    }
    known++;
    if (!(await readTable(ctx, col, file, sheet, ws.rows, counter)))
      col.warnings.push(`文件 ${path.basename(file)} 工作表 ${sheet} 为空，已忽略`);
  }
  if (!known)
    col.fileError(
      file,
      `工作簿中没有可识别的工作表（应为 ${KNOWN_SHEETS} 之一${unknown.length ? `；本文件的工作表：${unknown.join('、')}` : ''}）`,
    );
  else if (unknown.length)
    col.warnings.push(`文件 ${path.basename(file)}：以下工作表未识别，已忽略：${unknown.join('、')}`);
}

async function readCsvFile(ctx: AppContext, col: Collector, file: string, counter: { n: number }): Promise<void> {
  const csv = await readCsv(file, path.basename(file, path.extname(file)));
  if (!csv.sheet) {
    col.fileError(
      file,
      `无法从表头识别这是哪一张表：第一行应是 ${KNOWN_SHEETS} 其中一张表的列名（中文或英文）；也请确认文件编码为 UTF-8 或 GBK`,
    );
    return;
  }
  if (!(await readTable(ctx, col, file, csv.sheet, csv.rows, counter))) col.fileError(file, '文件为空', csv.sheet);
}

function emptyResult(dryRun: boolean): ImportResult {
  return {
    ok: false,
    cases: { added: 0, changed: 0, unchanged: 0 },
    rows: {},
    warnings: [],
    errors: [],
    batchId: null,
    noOp: false,
    message: '',
    staffAdded: [],
    dryRun,
    takenOn: null,
    skippedOlder: [],
    mappings: [],
    titleDate: null,
    addedCases: [],
    changes: [],
  };
}

/** The files of an import as one name, for errors about the import as a whole. */
const allNames = (files: string[]) => files.map((f) => path.basename(f)).join('、');

function refused(col: Collector, dryRun: boolean, files: string[], read: ReadInfo): ImportResult {
  const errors = [...col.errors];
  if (col.errorCount > errors.length) {
    errors.push({
      file: allNames(files),
      sheet: '',
      row: 0,
      column: '',
      value: '',
      message: `另有 ${col.errorCount - errors.length} 处错误未列出（已列出前 ${errors.length} 处）`,
    });
  }
  return {
    ...emptyResult(dryRun),
    ...read,
    rows: col.rows,
    warnings: col.warnings,
    errors,
    message: `导入被拒绝：共 ${col.errorCount} 处错误，未写入任何数据`,
  };
}

/** What reading the files found besides rows: the mappings used and the data date a title row states. */
interface ReadInfo {
  mappings: ImportResult['mappings'];
  titleDate: TitleDate | null;
}

export async function runImport(ctx: AppContext, files: string[], opts: ImportOptions = {}): Promise<ImportResult> {
  try {
    return await importFiles(ctx, files, opts);
  } finally {
    resetValueCaches();
  }
}

async function importFiles(ctx: AppContext, files: string[], opts: ImportOptions): Promise<ImportResult> {
  const col = new Collector();
  const startedAt = chinaTimestamp();
  // The first load of an empty store is written while it is read (stream-load.ts); any other import at the end.
  // Its rows carry the data date expected now (a mapped file's title row may state another: corrected at the end).
  const load =
    !opts.dryRun && files.length
      ? StreamLoad.open(ctx, col, { startedAt, actor: ctx.actor, takenOn: opts.takenOn ?? todayOf(ctx) })
      : null;
  try {
    return await importWith(ctx, files, opts, col, load, startedAt);
  } finally {
    load?.abandon();
  }
}

async function importWith(
  ctx: AppContext,
  files: string[],
  opts: ImportOptions,
  col: Collector,
  load: StreamLoad | null,
  startedAt: string,
): Promise<ImportResult> {
  const dryRun = !!opts.dryRun;
  const db = ctx.db;
  const batchFiles: BatchFile[] = [];
  const counter = { n: 0 };
  const read: ReadInfo = { mappings: [], titleDate: null };
  if (files.length === 0) col.fileError('', '没有要导入的文件');

  for (const [i, file] of files.entries()) {
    ctx.progress?.({ phase: '读取', done: i, total: files.length, message: path.basename(file) });
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      col.fileError(
        file,
        fs.existsSync(file)
          ? `不是文件：${path.resolve(file)}（请选择 .xlsx 或 .csv 文件）`
          : `找不到文件：${path.resolve(file)}（请检查文件路径）`,
      );
      continue;
    }
    // The file's hash (for the import batch's record) is taken while the file is read, not before (~40 ms at 100k).
    const hashed = sha256File(file);
    hashed.catch(() => undefined); // awaited after the read; a file that cannot be read is reported by the read
    try {
      const kind = sniffFile(file);
      const refusal = refusalFor(kind);
      const given = opts.fileMappings?.[i] !== undefined ? opts.fileMappings[i] : opts.mapping;
      const choice = refusal
        ? null
        : await mappingForFile(db, file, kind === 'xlsx' ? 'xlsx' : 'csv', given, opts.autoMatch ?? true);
      if (refusal) col.fileError(file, refusal);
      else if (choice) {
        const m = await readMappedFile(ctx, col, file, kind === 'xlsx' ? 'xlsx' : 'csv', choice.mapping, counter);
        read.mappings.push({ file: path.basename(file), name: choice.mapping.name, matched: choice.matched });
        read.titleDate ??= m.titleDate;
      } else if (kind === 'xlsx') await readWorkbook(ctx, col, file, counter);
      else await readCsvFile(ctx, col, file, counter);
      batchFiles.push({ name: path.basename(file), sha256: await hashed });
    } catch (e) {
      if (e instanceof ImportCancelled) throw e;
      if (e instanceof ImportReadError)
        col.addError({
          file: path.basename(file),
          sheet: e.at.sheet ?? '',
          row: e.at.row ?? 0,
          column: '',
          value: '',
          message: e.message,
        });
      // Anything else the libraries throw is English and says nothing to a user: one Chinese sentence instead.
      else col.fileError(file, '无法读取文件：文件可能已损坏，或不是 .xlsx / .csv 文件');
    }
  }
  col.doneReading(!load?.alive);
  // The data date: as given, else the date a mapped file's title row states (统计截至…), else today (the door's clock).
  const today = todayOf(ctx);
  const takenOn = opts.takenOn ?? read.titleDate?.date ?? today;
  if (!isIsoDate(takenOn)) col.fileError(allNames(files), `数据日期应为 YYYY-MM-DD 格式的日期：${takenOn}`);
  else if (takenOn > today)
    col.fileError(
      allNames(files),
      `数据日期 ${takenOn} 晚于今天（${today}）：数据日期是导出数据的那一天，不能是将来的日子`,
    );
  const dates = { takenOn, allowOlder: !!opts.allowOlder };
  // Reading errors do not stop here: the checks against the store (orphan rows) still run, so the user gets every error at once.
  if (col.present.size === 0) {
    if (!col.errorCount) col.fileError(allNames(files), `没有可导入的数据：文件中的 ${KNOWN_SHEETS} 工作表都是空的`);
    return refused(col, dryRun, files, read);
  }

  const contentHash = crypto
    .createHash('sha256')
    .update(
      batchFiles
        .map((f) => f.sha256)
        .sort()
        .join('\n'),
    )
    .digest('hex');
  const check = (): Plan | null => {
    ctx.progress?.({ phase: '校验', done: 0, total: col.bundles.size });
    const stored = resolveStore(db, col);
    if (col.errorCount) return null;
    return planChanges(db, col, stored, (done, total) => ctx.progress?.({ phase: '校验', done, total }), dates);
  };
  const older = (plan: Plan, dry: boolean): string[] =>
    plan.skippedOlder.length ? [olderWarning(plan.skippedOlder, takenOn, dry)] : [];
  const skippedText = (plan: Plan) =>
    plan.skippedOlder.length ? `，因库中数据较新未更新 ${plan.skippedOlder.length} 件` : '';
  const summary = (plan: Plan) => ({ added: plan.added, changed: plan.changed, unchanged: plan.unchanged });

  if (dryRun) {
    const plan = check();
    if (!plan) return refused(col, dryRun, files, read);
    const noOp = plan.writes.length === 0 && plan.staff.length === 0;
    return {
      ok: true,
      cases: summary(plan),
      rows: col.rows,
      warnings: [...col.warnings, ...older(plan, true)],
      errors: [],
      batchId: null,
      noOp,
      staffAdded: plan.staffAdded,
      dryRun,
      takenOn,
      skippedOlder: plan.skippedOlder,
      ...read,
      ...previewOf(plan),
      message: noOp
        ? `无变化：与库中数据一致，导入不会作任何更改${skippedText(plan)}（试导入，未写入）`
        : `试导入（数据日期 ${takenOn}）：将新增案件 ${plan.added} 件、变更 ${plan.changed} 件、未变 ${plan.unchanged} 件${skippedText(plan)}（未写入）`,
    };
  }

  // Checks, plan and write in one IMMEDIATE transaction: no other writer can slip in between. (A first load written
  // while reading holds its own connection's write transaction since before the first row: the same guarantee.)
  const previous = batchByHash(db, contentHash);
  let result: ImportResult | null = null;
  /** The write of a checked plan on `wdb`; `streamed`: the cases' rows are already in (the load's transaction). */
  const apply = (wdb: typeof db, plan: Plan, streamed: boolean) => {
    if (ctx.signal?.aborted) throw new ImportCancelled();
    const noOp = plan.writes.length === 0 && plan.staff.length === 0;
    if (noOp && plan.confirms.length === 0) {
      // Nothing to change, not even a data date to move up: nothing is written, not even the import
      // batch or the audit-trail line. (An export that changes no data but is newer than what the store
      // holds is recorded below: the data dates of the cases it confirms move up to its date.)
      result = {
        ok: true,
        cases: summary(plan),
        rows: col.rows,
        warnings: [...col.warnings, ...older(plan, false)],
        errors: [],
        batchId: null,
        noOp,
        staffAdded: [],
        dryRun,
        takenOn,
        skippedOlder: plan.skippedOlder,
        ...read,
        ...previewOf(plan),
        message: `无变化：与库中数据一致，未作任何更改${skippedText(plan)}${previous ? `（该文件已于 ${dateTimeText(previous.finished_at)} 导入，批次 #${previous.id}）` : ''}`,
      };
      return;
    }
    // A load written while reading has its batch's row since it began: finish fills it in.
    const batchId = streamed
      ? load!.finish({ files: batchFiles, contentHash, takenOn })
      : insertBatch(wdb, { files: batchFiles, contentHash, startedAt, actor: ctx.actor, takenOn });
    for (const m of read.mappings) markMappingUsed(wdb, m.name);
    ctx.progress?.({ phase: '写入', done: 0, total: plan.writes.length });
    if (!streamed)
      writeCaseBundles(wdb, plan.writes, batchId, {
        onProgress: (done) => ctx.progress?.({ phase: '写入', done, total: plan.writes.length }),
        // A load as large as what the store holds (the first import of an office): build the indexes once at the end.
        rebuildIndexes: plan.added >= 5000 && plan.added >= plan.storedCases,
        takenOn,
      });
    confirmDataDates(wdb, plan.confirms, takenOn);
    const warnings = [...col.warnings, ...older(plan, false)];
    upsertStaff(
      wdb,
      plan.staff.map((s) => ({ ...s, autoAddedImportId: s.autoAdded ? batchId : null })),
    );
    const cases = summary(plan);
    finishBatch(wdb, batchId, {
      finishedAt: chinaTimestamp(),
      cases,
      rows: col.rows as Record<string, number>,
      warnings,
      staffAdded: plan.staffAdded,
      noOp,
    });
    recordAction(wdb, ctx.actor, 'import', `导入批次 #${batchId}`, null, {
      files: batchFiles.map((f) => f.name),
      cases,
      noOp,
      takenOn,
      skippedOlder: plan.skippedOlder.length,
    });
    ctx.progress?.({ phase: '写入', done: plan.writes.length, total: plan.writes.length });
    result = {
      ok: true,
      cases,
      rows: col.rows,
      warnings,
      errors: [],
      batchId,
      noOp,
      staffAdded: plan.staffAdded,
      dryRun,
      takenOn,
      skippedOlder: plan.skippedOlder,
      ...read,
      ...previewOf(plan),
      message: noOp
        ? `无变化：与库中数据一致，案件数据未作更改，数据日期更新为 ${takenOn}（批次 #${batchId}）${skippedText(plan)}`
        : `导入完成（批次 #${batchId}，数据日期 ${takenOn}）：新增案件 ${cases.added} 件，变更 ${cases.changed} 件，未变 ${cases.unchanged} 件${skippedText(plan)}`,
    };
  };

  if (load?.alive && !col.errorCount) {
    // The store cannot have changed since the load began (its transaction holds the write lock): the plan read
    // on the main connection is the plan of the store the load writes into.
    const plan = check();
    if (!plan) return refused(col, dryRun, files, read);
    if (load.matches(plan)) {
      apply(load.db, plan, true);
      load.commit();
      return result ?? refused(col, dryRun, files, read);
    }
  }
  load?.abandon();
  db.transaction(() => {
    const plan = check();
    if (!plan) return; // refused: nothing was written in this transaction
    apply(db, plan, false);
  }).immediate();
  return result ?? refused(col, dryRun, files, read);
}
