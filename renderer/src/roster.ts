/** The office's order for lists of departments and prosecutors (roster order, then pinyin), and small key helpers. */
import { useEffect, useMemo, useState } from 'react';
import { invoke, type HandlerResult } from './api';
import { inRosterOrder, rosterDepartments } from '../../core/shared/order';

type Staff = HandlerResult<'staff/list'>;

let cached: Promise<Staff> | null = null;
/** The roster (staff/list, in the office's order), loaded once per page. */
export function loadRoster(): Promise<Staff> {
  cached ??= invoke('staff/list').catch(() => {
    cached = null;
    return [] as Staff;
  });
  return cached;
}
/** Forget the loaded roster (an import may have changed it). */
export function forgetRoster(): void {
  cached = null;
}

/** Sorters for departments and prosecutors in the office's order. */
export function useRosterOrder() {
  const [staff, setStaff] = useState<Staff>([]);
  useEffect(() => {
    let live = true;
    void loadRoster().then((s) => live && setStaff(s));
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    const depts = rosterDepartments(staff);
    const names = staff.map((s) => s.name);
    return {
      departments: (values: Iterable<string>) => inRosterOrder(values, depts),
      prosecutors: (values: Iterable<string>) => inRosterOrder(values, names),
    };
  }, [staff]);
}

/**
 * Esc closes a panel: unless a dialog, a picker or the search box is open on top of it (they close first),
 * or the key was typed into a field.
 */
export function useEscape(onEscape: () => void, active = true) {
  useEffect(() => {
    if (!active) return;
    const f = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (document.querySelector('.modal-backdrop, .picker-pop, .search-overlay, .print-overlay')) return;
      onEscape();
    };
    window.addEventListener('keydown', f);
    return () => window.removeEventListener('keydown', f);
  }, [onEscape, active]);
}
