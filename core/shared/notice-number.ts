/**
 * (core/shared/: pure code the renderer may import too.)
 * The number prefix of a monitoring notice (and, by the same rule, of the 抄送函) (jobs.md: `{office short name}检案管监〔{year}〕{n}号`,
 * configurable). Offices type their short name as the place (赤城), with 检 already (赤检, as in
 * 部门受案号), or even whole (赤城县人民检察院); the prefix never doubles 检 whatever is typed:
 * 青检 → 青检案管监, 赤城 → 赤城检案管监, 青检检 → 青检案管监. A custom prefix is used as typed, without
 * spaces, a trailing 〔…, or a doubled 检 before 案管监.
 */
export function noticePrefixOf(s: { noticePrefix: string | null; officeShortName: string }): string {
  return officePrefix(s.officeShortName, s.noticePrefix, '案管监');
}

/** The 抄送函's 文号 prefix (`{short name}检案管函`), by the same rule. */
export function letterPrefixOf(s: { letterPrefix: string | null; officeShortName: string }): string {
  return officePrefix(s.officeShortName, s.letterPrefix, '案管函');
}

function officePrefix(shortName: string, custom: string | null, kind: string): string {
  const typed = (custom ?? '').replace(/\s+/g, '').replace(/〔.*$/, '');
  if (typed) return typed.replace(new RegExp(`检{2,}(?=${kind}$)`), '检');
  const place = shortName
    .replace(/\s+/g, '')
    .replace(new RegExp(`检*${kind}$`), '')
    .replace(/(人民检察院|检察院|检察|检)+$/, '');
  return `${place}检${kind}`;
}

/** A notice number: `青检案管监〔2026〕3号`. */
export function noticeNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}
