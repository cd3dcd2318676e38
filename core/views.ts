/**
 * Saved views: named filter sets of a grid, stored in the store (migration views) as the screen's parameters,
 * so a view is exactly what its #/ address would say and survives restarts. A few are built in; their
 * parameters are relative (this week, today, the chosen clerk's departments) and resolved by the screen.
 */
import type { Db } from '../db/store';
import { chinaTimestamp } from './dates';
import { recordAction } from './audit-trail';
import * as q from '../db/queries/views';

export const VIEW_GRIDS = ['cases', 'findings', 'warnings'] as const;
export type ViewGrid = (typeof VIEW_GRIDS)[number];

export interface SavedView {
  grid: ViewGrid;
  name: string;
  /** The screen's parameters (its #/ address), e.g. { status: '待处理', department: '第一检察部' }. */
  params: Record<string, string>;
  builtin: boolean;
  /** Chinese: what the view shows (built-ins). */
  note?: string;
  createdBy?: string;
  createdAt?: string;
}

/**
 * Built in: 我的临期 (临期预警 in the chosen clerk's departments, due within 7 days), 本周新发现 (findings first
 * found since this Monday), 逾期未回复 (findings in a notice whose reply deadline has passed with no reply).
 */
export const BUILTIN_VIEWS: SavedView[] = [
  {
    grid: 'warnings',
    name: '我的临期',
    params: { tab: 'warnings', mine: '1', within: '7' },
    builtin: true,
    note: '当前操作人负责部门 7 日内到期的临期预警（未设置负责部门时为全部部门）',
  },
  {
    grid: 'findings',
    name: '本周新发现',
    params: { status: '全部', since: 'week' },
    builtin: true,
    note: '本周一以来首次发现的监控问题',
  },
  {
    grid: 'findings',
    name: '逾期未回复',
    params: { status: '全部', reply: 'overdue' },
    builtin: true,
    note: '已发流程监控通知书、回复期限已过仍未回复的监控问题',
  },
];

export class ViewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ViewError';
  }
}

export function listViews(db: Db, grid?: ViewGrid): SavedView[] {
  const saved = q.listSavedViews(db, grid).map((r): SavedView => ({
    grid: r.grid as ViewGrid,
    name: r.name,
    params: JSON.parse(r.params_json) as Record<string, string>,
    builtin: false,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
  return [...BUILTIN_VIEWS.filter((v) => !grid || v.grid === grid), ...saved];
}

export function saveView(
  db: Db,
  actor: string,
  v: { grid: ViewGrid; name: string; params: Record<string, string> },
): SavedView {
  const name = v.name.trim();
  if (!name) throw new ViewError('请给视图起个名字');
  if (BUILTIN_VIEWS.some((b) => b.name === name)) throw new ViewError(`“${name}”是内置视图的名字，请换一个名字`);
  const at = chinaTimestamp();
  db.transaction(() => {
    const old = q.getSavedView(db, v.grid, name);
    q.upsertSavedView(db, {
      grid: v.grid,
      name,
      paramsJson: JSON.stringify(v.params),
      createdBy: actor,
      createdAt: at,
    });
    recordAction(db, actor, 'view.save', `${v.grid}:${name}`, old ? JSON.parse(old.params_json) : null, v.params);
  })();
  return { grid: v.grid, name, params: v.params, builtin: false, createdBy: actor, createdAt: at };
}

export function deleteView(db: Db, actor: string, grid: ViewGrid, name: string): void {
  if (BUILTIN_VIEWS.some((b) => b.grid === grid && b.name === name)) throw new ViewError(`内置视图“${name}”不能删除`);
  db.transaction(() => {
    const old = q.getSavedView(db, grid, name);
    if (!old) throw new ViewError(`没有名为“${name}”的视图`);
    q.deleteSavedView(db, grid, name);
    recordAction(db, actor, 'view.delete', `${grid}:${name}`, JSON.parse(old.params_json), null);
  })();
}

/** Interface preferences (e.g. a grid's columns): JSON by key. */
export function getPref(db: Db, key: string): unknown {
  const v = q.readPref(db, key);
  return v === undefined ? null : (JSON.parse(v) as unknown);
}

export function setPref(db: Db, key: string, value: unknown): void {
  if (value === null) q.deletePref(db, key);
  else q.writePref(db, key, JSON.stringify(value), chinaTimestamp());
}
