/**
 * 操作人 (the department's clerks) and who acts. Every action is recorded under the chosen clerk:
 * the doors resolve the actor of each request once, here (web/server.ts and electron/ipc-guard.ts through
 * `invokeHandler`, the CLI through `openForCli`), never per handler. The OS login is only the default.
 */
import type { Db } from '../db/store';
import { chinaTimestamp } from './dates';
import { getSettings, storedSettingKeys, updateSettings, type Operator, type Settings } from './settings';
import { recordAction } from './audit-trail';
import { countCases } from '../db/queries/cases';

export class OperatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperatorError';
  }
}

/**
 * Who acts: the requested clerk (CLI `--operator`), else the store's current clerk, else `fallback` (the OS
 * login). A requested name must be on the list once the office has one.
 */
export function resolveActor(db: Db, requested: string | undefined, fallback: string): string {
  const s = getSettings(db);
  const names = s.operators.map((o) => o.name);
  const want = requested?.trim();
  if (want) {
    if (names.length && !names.includes(want))
      throw new OperatorError(
        `操作人“${want}”不在操作人名单中：请在 设置 → 操作人 中添加，或换一个名字（现有：${names.join('、')}）`,
      );
    return want;
  }
  if (s.currentOperator && names.includes(s.currentOperator)) return s.currentOperator;
  return fallback;
}

export interface OperatorsView {
  operators: Operator[];
  current: string | null;
}

export function listOperators(db: Db): OperatorsView {
  const s = getSettings(db);
  return { operators: s.operators, current: s.currentOperator };
}

function save(db: Db, actor: string, patch: Partial<Settings>, what: string): OperatorsView {
  return db.transaction(() => {
    const { before, after } = updateSettings(db, patch);
    recordAction(
      db,
      actor,
      what,
      null,
      { operators: before.operators, currentOperator: before.currentOperator },
      { operators: after.operators, currentOperator: after.currentOperator },
    );
    return { operators: after.operators, current: after.currentOperator };
  })();
}

/** Adds a clerk or changes one's departments (by name). The first clerk becomes the current one. */
export function saveOperator(db: Db, actor: string, op: Operator): OperatorsView {
  const s = getSettings(db);
  const name = op.name.trim();
  const list = s.operators.some((o) => o.name === name)
    ? s.operators.map((o) => (o.name === name ? { name, departments: op.departments } : o))
    : [...s.operators, { name, departments: op.departments }];
  return save(db, actor, { operators: list, currentOperator: s.currentOperator ?? name }, 'operator.save');
}

export function removeOperator(db: Db, actor: string, name: string): OperatorsView {
  const s = getSettings(db);
  if (!s.operators.some((o) => o.name === name)) throw new OperatorError(`操作人名单中没有“${name}”`);
  const list = s.operators.filter((o) => o.name !== name);
  const current = s.currentOperator === name ? (list[0]?.name ?? null) : s.currentOperator;
  return save(db, actor, { operators: list, currentOperator: current }, 'operator.remove');
}

/** Chooses the clerk at this desk; from now on every action is recorded under that name. */
export function selectOperator(db: Db, actor: string, name: string): OperatorsView {
  const s = getSettings(db);
  if (!s.operators.some((o) => o.name === name))
    throw new OperatorError(`操作人名单中没有“${name}”：请先在 设置 → 操作人 中添加`);
  return save(db, actor, { currentOperator: name }, 'operator.select');
}

// ---- the first run ------------------------------------------------------------------

export interface SetupStatus {
  /** True until the office's name and a clerk are given (the first run's screen). */
  needsSetup: boolean;
  officeName: string;
  officeShortName: string;
  operators: string[];
  current: string | null;
  /** Cases in the store: 0 means "尚无案件数据", never "all clear". */
  cases: number;
}

export function setupStatus(db: Db): SetupStatus {
  const s = getSettings(db);
  const stored = new Set(storedSettingKeys(db));
  const needsSetup = !s.setupCompletedAt && (!stored.has('officeName') || s.operators.length === 0);
  return {
    needsSetup,
    officeName: stored.has('officeName') ? s.officeName : '',
    officeShortName: stored.has('officeShortName') ? s.officeShortName : '',
    operators: s.operators.map((o) => o.name),
    current: s.currentOperator,
    cases: countCases(db),
  };
}

/** The first run: the office's names and the clerk, in one transaction (recorded under that clerk). */
export function completeSetup(
  db: Db,
  input: { officeName: string; officeShortName: string; operator: string },
): SetupStatus {
  const officeName = input.officeName.trim();
  const officeShortName = input.officeShortName.trim();
  const name = input.operator.trim();
  if (!officeName) throw new OperatorError('请填写单位全称，例如 某某县人民检察院');
  if (!officeShortName) throw new OperatorError('请填写单位简称，例如 某检（用于通知书文号）');
  if (!name) throw new OperatorError('请填写操作人姓名（记录每项操作由谁完成）');
  db.transaction(() => {
    const s = getSettings(db);
    const operators = s.operators.some((o) => o.name === name)
      ? s.operators
      : [...s.operators, { name, departments: [] }];
    const { before, after } = updateSettings(db, {
      officeName,
      officeShortName,
      operators,
      currentOperator: name,
      setupCompletedAt: chinaTimestamp(),
    });
    recordAction(
      db,
      name,
      'setup.complete',
      null,
      { officeName: before.officeName, officeShortName: before.officeShortName },
      { officeName: after.officeName, officeShortName: after.officeShortName, operator: name },
    );
  })();
  return setupStatus(db);
}
