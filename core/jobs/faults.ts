/**
 * Fault points for the kill tests (test/faults): when the environment variable
 * `CASEFLOW_TEST_KILL_AT` names a point (`inspection:products`) the process kills itself with SIGKILL
 * the first time it reaches it; `inspection:document#2` kills at the second time. Unset (always, but in
 * those tests) a fault point does nothing. The points of a job with documents, in order:
 *
 *   <job>:products   its products (snapshots) committed, the run still `running`
 *   <job>:document   one document (or the referral package folder) written into the staging folder
 *   <job>:staged     every document staged, nothing moved yet
 *   <job>:moved      one file or folder moved into place
 *   <job>:placed     everything in place, the run not yet `succeeded`
 */
const counts = new Map<string, number>();

export function faultPoint(name: string): void {
  const want = process.env.CASEFLOW_TEST_KILL_AT;
  if (!want) return;
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  const [point, nth] = want.split('#');
  if (point === name && n === (nth ? Number(nth) : 1)) process.kill(process.pid, 'SIGKILL');
}
