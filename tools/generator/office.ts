/** The office of a generator run: names, staff, receipt days, numbering counters. */
import { addMonths, monthOf } from '../../core/dates';
import { addDays, diffDays } from './fastdates';
import { builtInCalendar, type Calendar } from '../../core/calendar';
import type { StaffRecord } from '../../core/domain';
import { mixSeed, Rng } from './prng';
import { personName } from './vocab';
import type { GenOptions } from './types';

export const DEPARTMENTS = [
  '第一检察部',
  '第二检察部',
  '第三检察部',
  '第四检察部',
  '第五检察部',
  '综合业务部',
] as const;
export type Dept = (typeof DEPARTMENTS)[number];
const DEPT_SHORT: Record<Dept, string> = {
  第一检察部: '一部',
  第二检察部: '二部',
  第三检察部: '三部',
  第四检察部: '四部',
  第五检察部: '五部',
  综合业务部: '综合部',
};
const DEPT_WEIGHT: Record<Dept, number> = {
  第一检察部: 0.34,
  第二检察部: 0.22,
  第三检察部: 0.1,
  第四检察部: 0.16,
  第五检察部: 0.1,
  综合业务部: 0.08,
};

/** Days of the receipt window: about 14 months ending at asOf. */
export const WINDOW_MONTHS = 14;

export interface Office {
  opts: Required<Omit<GenOptions, 'problemRate'>> & { problemRate: number };
  /** e.g. 赤城县 */
  county: string;
  /** e.g. 赤检 */
  prefix: string;
  staff: StaffRecord[];
  prosecutors: Record<Dept, string[]>;
  cal: Calendar;
  windowStart: string;
  counters: Map<string, number>;
  /** cache of cal.isRestDay */
  restDays: Map<string, boolean>;
}

export function resolveOptions(opts: GenOptions): Office['opts'] {
  if (!Number.isInteger(opts.cases) || opts.cases < 0) throw new RangeError(`案件数应为非负整数：${opts.cases}`);
  const officeName = opts.officeName ?? '赤城县人民检察院';
  const county = officeName.replace(/人民检察院$/, '') || '赤城县';
  const short = opts.officeShortName ?? county.replace(/[县市区旗]$/, '').slice(0, 2);
  return {
    cases: opts.cases,
    seed: opts.seed >>> 0,
    asOf: opts.asOf,
    officeName,
    officeShortName: short,
    countyCode: opts.countyCode ?? '130732',
    problemRate: opts.problemRate ?? 0.08,
  };
}

export function makeOffice(opts: GenOptions): Office {
  const o = resolveOptions(opts);
  const county = o.officeName.replace(/人民检察院$/, '') || '赤城县';
  const prefix = o.officeShortName.endsWith('检') ? o.officeShortName : o.officeShortName.slice(0, 1) + '检';
  const staff = buildStaff(o);
  const prosecutors = {} as Record<Dept, string[]>;
  for (const d of DEPARTMENTS)
    prosecutors[d] = staff.filter((s) => s.department === d && s.role === '员额检察官' && s.active).map((s) => s.name);
  return {
    opts: o,
    county,
    prefix,
    staff,
    prosecutors,
    cal: builtInCalendar(),
    windowStart: addDays(addMonths(o.asOf, -WINDOW_MONTHS), 1),
    counters: new Map(),
    restDays: new Map(),
  };
}

/** Cases a year at this N (the window is 14 months). */
export function annualVolume(cases: number): number {
  return (cases * 12) / WINDOW_MONTHS;
}

function buildStaff(o: Office['opts']): StaffRecord[] {
  const rng = new Rng(mixSeed(o.seed, 0x57aff));
  const quota = Math.max(8, Math.min(20, Math.round(annualVolume(o.cases) / 130)));
  // every department gets one quota prosecutor, the rest by weight (largest remainder)
  const counts = {} as Record<Dept, number>;
  let left = quota - DEPARTMENTS.length;
  const shares = DEPARTMENTS.map((d) => ({ d, x: DEPT_WEIGHT[d] * (quota - DEPARTMENTS.length) }));
  for (const s of shares) {
    counts[s.d] = 1 + Math.floor(s.x);
    left -= Math.floor(s.x);
  }
  shares.sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)));
  for (let i = 0; left > 0; i++, left--) counts[shares[i % shares.length].d]++;

  const used = new Set<string>();
  const name = () => {
    for (;;) {
      const n = personName(rng, rng.chance(0.55) ? '男' : '女');
      if (n.length >= 3 || rng.chance(0.5)) {
        if (!used.has(n)) {
          used.add(n);
          return n;
        }
      }
    }
  };
  const out: StaffRecord[] = [];
  for (const d of DEPARTMENTS) {
    for (let i = 0; i < counts[d]; i++) out.push({ name: name(), department: d, role: '员额检察官', active: true });
    const assistants = d === '第一检察部' || d === '第二检察部' ? counts[d] : Math.max(1, Math.round(counts[d] * 0.6));
    for (let i = 0; i < assistants; i++)
      out.push({ name: name(), department: d, role: '检察官助理', active: !(i === 0 && d === '第三检察部') });
    const clerks = Math.max(1, Math.round(counts[d] * 0.5));
    for (let i = 0; i < clerks; i++) out.push({ name: name(), department: d, role: '书记员', active: true });
  }
  out.push({ name: name(), department: '综合业务部', role: '其他', active: true });
  return out;
}

export function deptShort(d: string): string {
  return DEPT_SHORT[d as Dept] ?? d.slice(0, 2);
}

/** Next number of a series (case numbers per kind and year, 文号 per department, kind and year). */
export function nextNumber(office: Office, key: string): number {
  const n = (office.counters.get(key) ?? 0) + 1;
  office.counters.set(key, n);
  return n;
}

const MONTH_FACTOR = [0.9, 0.72, 1.05, 1.04, 1.0, 1.1, 1.0, 0.95, 1.02, 0.86, 1.05, 1.1];

/**
 * Receipt days of the window with their weights (working days ≫ rest days, seasonal month factor, noise),
 * as a cumulative array: case i of N is received on the day where the cumulative share reaches (i + u)/N,
 * so receipt dates ascend with i and the monthly counts follow the weights at any N.
 */
export class ReceiptDays {
  readonly days: string[] = [];
  private readonly cum: number[] = [];
  private ptr = 0;
  constructor(office: Office) {
    const { asOf, seed } = office.opts;
    const n = diffDays(asOf, office.windowStart) + 1;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = addDays(office.windowStart, i);
      const r = new Rng(mixSeed(seed, 0xda7e, i));
      let w = office.cal.isRestDay(d) ? 0.1 : 1;
      w *= MONTH_FACTOR[+monthOf(d).slice(5) - 1] * (0.7 + 0.6 * r.next());
      total += w;
      this.days.push(d);
      this.cum.push(total);
    }
  }
  /** Day for a quantile q in [0, 1): must be called with non-decreasing q. */
  at(q: number): string {
    const target = q * this.cum[this.cum.length - 1];
    while (this.ptr < this.cum.length - 1 && this.cum[this.ptr] < target) this.ptr++;
    return this.days[this.ptr];
  }
}
