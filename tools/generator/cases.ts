/** The generator run: cases in receipt order, staff. */
import type { Category, StaffRecord } from '../../core/domain';
import { isIsoDate } from '../../core/dates';
import { buildArrest, buildOther, buildPros, type FullCase } from './build';
import { makeOffice, ReceiptDays, type Office } from './office';
import { Planter } from './plant';
import { mixSeed, Rng } from './prng';
import { cut } from './snapshot';
import type { CaseBundle, GenOptions } from './types';

const CATEGORY_MIX: readonly (readonly [Category, number])[] = [
  ['审查起诉', 40],
  ['审查逮捕', 30],
  ['刑事申诉', 5],
  ['民事生效裁判监督', 9],
  ['行政生效裁判监督', 4],
  ['公益诉讼', 7],
  ['其他', 5],
];

function check(opts: GenOptions): void {
  if (!isIsoDate(opts.asOf)) throw new RangeError(`asOf 应为 YYYY-MM-DD：${opts.asOf}`);
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed 应为整数：${opts.seed}`);
}

function buildClean(office: Office, rng: Rng, R: string): FullCase {
  const category = rng.weighted(CATEGORY_MIX);
  if (category === '审查逮捕') return buildArrest(office, rng, R);
  if (category === '审查起诉') return buildPros(office, rng, R).fc;
  return buildOther(office, rng, category, R);
}

/** Full histories in receipt order (internal: the writers and tests use it). */
export function* generateFull(opts: GenOptions): Generator<FullCase> {
  check(opts);
  const office = makeOffice(opts);
  const days = new ReceiptDays(office);
  const planter = new Planter(office);
  const N = office.opts.cases;
  const seed = office.opts.seed;
  for (let i = 0; i < N; i++) {
    const rng = new Rng(mixSeed(seed, i, 0xca5e));
    const R = days.at((i + rng.next()) / N);
    yield planter.maybe(R, rng) ?? buildClean(office, rng, R);
  }
}

/** The cases, lazily, one bundle at a time (1,000,000 cases never sit in memory). */
export function* generateCases(opts: GenOptions): Generator<CaseBundle> {
  for (const fc of generateFull(opts)) yield cut(fc, opts.asOf, opts.asOf)!;
}

/** The office roster: five 检察部 and 综合业务部, 8–20 员额检察官 scaled with the volume, plus assistants and clerks. */
export function generateStaff(opts: GenOptions): StaffRecord[] {
  check(opts);
  return makeOffice(opts).staff.map((s) => ({ ...s }));
}

/** Staff and every case bundle, collected (for small N). */
export function generateOffice(opts: GenOptions): { staff: StaffRecord[]; bundles: CaseBundle[] } {
  return { staff: generateStaff(opts), bundles: [...generateCases(opts)] };
}
