/**
 * An audit over an empty store is not a success: "0 problems" must never read as "all clear". The run is
 * recorded as it is (the job-run protocol is unchanged); every door shows it as a warning through this text.
 */
export const EMPTY_STORE_WARNING =
  '审核了 0 件案件：案件库中还没有案件数据，请先导入案件数据（没有发现问题不表示全部合格）。';

/** The warning of a job run, from its recorded counts (null when there is none). */
export function runWarning(job: string, counts: Record<string, unknown> | undefined): string | null {
  if (job === 'audit' && counts && counts.cases === 0) return EMPTY_STORE_WARNING;
  return null;
}
