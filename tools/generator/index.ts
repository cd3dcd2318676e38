/**
 * Deterministic synthetic data of one county office (demo, tests, benchmark).
 *
 * `generateCases` yields one case at a time in receipt order, as the national system would export it
 * on `asOf`; `snapshotAsOf` shows the same case on an earlier day. About `problemRate` of the cases
 * carry one planted problem each, listed in `planted` with the rules.md id it breaks; every other case
 * passes every rule at asOf and on every earlier day.
 */
export type { CaseBundle, GenOptions, Planted } from './types';
export { generateCases, generateStaff, generateOffice, generateFull } from './cases';
export { snapshotAsOf } from './snapshot';
export { PLANTED_RULE_IDS } from './plant';
export { writeWorkbook, writeBundlesWorkbook, writeCsvFiles, writeCsv, CSV_FILE_NAMES } from './write';
export { writeWideWorkbook, writeWideBundles, wideMapping, cnDate, type WideOptions } from './wide';
