/**
 * What is refused (custom-rules.md "What is refused"): a pack file or a rule from the builder is checked
 * against the allow-list (fields.ts) before anything is stored or compiled. zod checks the shape of the
 * file and of each rule's keys; the condition tree is walked here, so that every refusal names the rule id
 * and the exact path (`when.rules[2].value`) with a Chinese reason. Every problem is reported, not only
 * the first. The result is the rule normalised (trimmed text, builder-only keys dropped).
 */
import { z } from 'zod';
import { isIsoDate } from '../../dates';
import {
  CUSTOM_RULE_AREAS,
  CUSTOM_RULE_SEVERITIES,
  FIELD_COMPARE_OPERATORS,
  fieldByKey,
  LIST_VALUE_OPERATORS,
  NO_VALUE_OPERATORS,
  OPERATORS,
  OPERATORS_BY_TYPE,
  operatorLabel,
  PAIR_OPERATORS,
  SUBJECT_LABELS,
  SUBJECTS,
  TYPE_LABELS,
  visibleTo,
  type FieldDef,
  type Operator,
  type Subject,
} from './fields';
import {
  PACK_FORMAT,
  PLACEHOLDER,
  type Condition,
  type ConditionGroup,
  type CustomRuleDef,
  type PackInfo,
  type RulePack,
  type RuleProblem,
} from './types';

export const RULE_ID_PATTERN = /^X-[A-Z0-9-]{1,40}$/;
export const TITLE_MAX = 40;
const MAX_DAYS = 36500;
/** `{person.name}` in a message (defined in types.ts, which the compiler imports without zod). */
export { PLACEHOLDER };

const KEY_LABELS: Record<string, string> = {
  format: '格式',
  pack: '规则包信息',
  name: '名称',
  issuer: '发布单位',
  issuedOn: '发布日期',
  rules: '规则列表',
  id: '编号',
  title: '名称',
  area: '领域',
  severity: '严重程度',
  basis: '法律依据',
  subject: '对象',
  when: '条件',
  message: '问题描述',
  enabled: '启用',
};
const TYPE_WORDS: Record<string, string> = {
  string: '文字',
  boolean: 'true 或 false',
  object: '对象 { … }',
  array: '列表 [ … ]',
  number: '数字',
};

const q = (v: unknown) => `“${typeof v === 'string' ? v : JSON.stringify(v)}”`;
const listZh = (xs: readonly string[]) => xs.join('、');

/** zod's issues, in our Chinese words, with the path the spec's messages use. */
function zodProblems(error: z.ZodError, base: string, ruleId: string | null): RuleProblem[] {
  return error.issues.map((i) => {
    const path = joinPath(base, i.path);
    const key = String(i.path[i.path.length - 1] ?? '');
    const label = KEY_LABELS[key] ?? key;
    let message: string;
    if (i.code === 'unrecognized_keys') message = `不认识的键 ${i.keys.map(q).join('、')}`;
    else if (i.code === 'invalid_type' && i.input === undefined) message = `缺少${label}`;
    else if (i.code === 'invalid_type') message = `${label}应为${TYPE_WORDS[i.expected] ?? i.expected}`;
    else message = i.message;
    return { ruleId, path, message };
  });
}

function joinPath(base: string, parts: readonly PropertyKey[]): string {
  let out = base;
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

const RuleKeys = z
  .object({
    id: z.string(),
    title: z.string(),
    area: z.string(),
    severity: z.string(),
    basis: z.string().optional(),
    subject: z.string(),
    when: z.unknown(),
    message: z.string(),
    enabled: z.boolean().optional(),
  })
  .strict();

const PackFile = z
  .object({
    format: z.string(),
    pack: z.object({ name: z.string(), issuer: z.string().optional(), issuedOn: z.string().optional() }).strict(),
    rules: z.array(z.unknown()),
  })
  .strict();

export interface RuleCheckOptions {
  /** Ids of the built-in rules (rules.md), which a custom rule cannot take. */
  builtInIds: ReadonlySet<string>;
}

/** Checks one rule; `base` prefixes paths (''), `fallbackId` names a rule whose id is unusable. */
export function checkRule(
  raw: unknown,
  opts: RuleCheckOptions,
  fallbackId: string | null = null,
): { rule: CustomRuleDef | null; problems: RuleProblem[] } {
  const rawId = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  const ruleId = (typeof rawId === 'string' && rawId.trim()) || fallbackId;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { rule: null, problems: [{ ruleId, path: '', message: '规则应为对象 { … }' }] };
  const problems: RuleProblem[] = [];
  const add = (path: string, message: string) => problems.push({ ruleId, path, message });
  if (typeof rawId === 'string') {
    const id = rawId.trim();
    if (opts.builtInIds.has(id)) add('id', `${id} 是内置规则的编号，自定义规则不能使用`);
    else if (!RULE_ID_PATTERN.test(id))
      add(
        'id',
        `编号 ${q(id)} 不合格式：应以 X- 开头，其后为大写字母、数字或连字符（至多 40 个），例如 X-PLEA-NO-SENTENCING`,
      );
  }
  const parsed = RuleKeys.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { rule: null, problems: [...problems, ...zodProblems(parsed.error, '', ruleId)] };
  const r = parsed.data;
  const id = r.id.trim();
  const title = r.title.trim();
  if (!title) add('title', '名称不能为空');
  else if ([...title].length > TITLE_MAX)
    add('title', `名称不能超过 ${TITLE_MAX} 个字（现为 ${[...title].length} 个）`);
  if (!(CUSTOM_RULE_AREAS as readonly string[]).includes(r.area))
    add('area', `${q(r.area)} 不是可选的领域（${listZh(CUSTOM_RULE_AREAS)}）`);
  if (!(CUSTOM_RULE_SEVERITIES as readonly string[]).includes(r.severity))
    add('severity', `${q(r.severity)} 不是可选的严重程度（${listZh(CUSTOM_RULE_SEVERITIES)}）`);
  const subjectOk = (SUBJECTS as readonly string[]).includes(r.subject);
  if (!subjectOk)
    add('subject', `${q(r.subject)} 不是可选的对象（${SUBJECTS.map((s) => `${s}：${SUBJECT_LABELS[s]}`).join('、')}）`);
  const subject = (subjectOk ? r.subject : 'case') as Subject;
  const message = r.message.trim();
  if (!message) add('message', '问题描述不能为空');
  for (const m of message.matchAll(PLACEHOLDER)) {
    const f = fieldByKey(m[1]);
    if (!f) add('message', `问题描述中的 {${m[1]}} 不是可用的字段`);
    else if (subjectOk && !visibleTo(f, subject)) add('message', notVisible(f, subject, `{${m[1]}}`));
  }
  const when = subjectOk ? checkGroup(r.when, 'when', subject, add) : null;
  if (problems.length || !when) return { rule: null, problems };
  return {
    rule: {
      id,
      title,
      area: r.area,
      severity: r.severity,
      basis: (r.basis ?? '').trim(),
      subject,
      when,
      message,
      enabled: r.enabled ?? true,
    },
    problems,
  };
}

function notVisible(f: FieldDef, subject: Subject, shown: string): string {
  const where =
    f.sheet === 'person'
      ? '对象为 嫌疑人、流程节点 或 文书 的规则'
      : f.sheet === 'case'
        ? '任何规则'
        : `对象为 ${SUBJECT_LABELS[f.sheet]} 的规则`;
  return `${shown}（${f.label}）只能用于${where}，本规则的对象是 ${SUBJECT_LABELS[subject]}`;
}

type Add = (path: string, message: string) => void;

/** Keys the condition builder adds for its own bookkeeping; dropped, never stored. */
const BUILDER_KEYS = new Set(['id', 'path']);

function checkGroup(raw: unknown, path: string, subject: Subject, add: Add): ConditionGroup | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    add(path, '条件组应为对象 { "combinator": "and" 或 "or", "rules": [ … ] }');
    return null;
  }
  const g = raw as Record<string, unknown>;
  let ok = true;
  for (const k of Object.keys(g)) {
    if (!['combinator', 'not', 'rules'].includes(k) && !BUILDER_KEYS.has(k)) {
      add(`${path}.${k}`, `条件组中不认识的键 ${q(k)}`);
      ok = false;
    }
  }
  const combinator = g.combinator;
  if (combinator !== 'and' && combinator !== 'or') {
    add(`${path}.combinator`, `组合方式应为 "and"（并且）或 "or"（或者），而不是 ${q(combinator ?? '')}`);
    ok = false;
  }
  if (g.not !== undefined && typeof g.not !== 'boolean') {
    add(`${path}.not`, '“not” 应为 true 或 false');
    ok = false;
  }
  if (!Array.isArray(g.rules)) {
    add(`${path}.rules`, '条件组应有条件列表 "rules": [ … ]');
    return null;
  }
  if (g.rules.length === 0) {
    add(`${path}.rules`, '条件组中没有条件');
    return null;
  }
  const rules: (Condition | ConditionGroup)[] = [];
  g.rules.forEach((item, i) => {
    const p = `${path}.rules[${i}]`;
    const isGroupLike = item && typeof item === 'object' && 'rules' in (item as object);
    const out = isGroupLike ? checkGroup(item, p, subject, add) : checkCondition(item, p, subject, add);
    if (out) rules.push(out);
    else ok = false;
  });
  if (!ok) return null;
  return g.not
    ? { combinator: combinator as 'and' | 'or', not: true, rules }
    : { combinator: combinator as 'and' | 'or', rules };
}

function checkCondition(raw: unknown, path: string, subject: Subject, add: Add): Condition | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    add(path, '条件应为对象 { "field": …, "operator": …, "value": … }');
    return null;
  }
  const c = raw as Record<string, unknown>;
  let ok = true;
  for (const k of Object.keys(c)) {
    if (!['field', 'operator', 'value', 'valueSource'].includes(k) && !BUILDER_KEYS.has(k)) {
      add(`${path}.${k}`, `条件中不认识的键 ${q(k)}`);
      ok = false;
    }
  }
  if (typeof c.field !== 'string' || !c.field) {
    add(`${path}.field`, '条件缺少字段 "field"');
    return null;
  }
  const f = fieldByKey(c.field);
  if (!f) {
    add(`${path}.field`, `不认识的字段 ${q(c.field)}`);
    return null;
  }
  if (!visibleTo(f, subject)) {
    add(`${path}.field`, notVisible(f, subject, q(c.field)));
    return null;
  }
  if (typeof c.operator !== 'string' || !(OPERATORS as readonly string[]).includes(c.operator)) {
    add(`${path}.operator`, `不认识的运算符 ${q(c.operator ?? '')}`);
    return null;
  }
  const op = c.operator as Operator;
  const allowed = OPERATORS_BY_TYPE[f.type];
  if (!allowed.includes(op)) {
    add(
      `${path}.operator`,
      `运算符 ${q(op)}（${operatorLabel(op)}）不能用于 ${f.label}（${TYPE_LABELS[f.type]}）；可用：${allowed.map((o) => operatorLabel(o, f.type)).join('、')}`,
    );
    return null;
  }
  const source = c.valueSource;
  if (source !== undefined && source !== 'value' && source !== 'field') {
    add(`${path}.valueSource`, `“valueSource” 应为 "value" 或 "field"，而不是 ${q(source)}`);
    return null;
  }
  if (!ok) return null;
  if (NO_VALUE_OPERATORS.includes(op)) return { field: f.key, operator: op };
  if (source === 'field') {
    const value = checkFieldRef(c.value, `${path}.value`, f, op, subject, add);
    return value === undefined ? null : { field: f.key, operator: op, value, valueSource: 'field' };
  }
  const value = checkValue(c.value, `${path}.value`, f, op, add);
  return value === undefined ? null : { field: f.key, operator: op, value };
}

/** valueSource "field": another visible field of a comparable type, an offset in days for dates. */
function checkFieldRef(
  raw: unknown,
  path: string,
  f: FieldDef,
  op: Operator,
  subject: Subject,
  add: Add,
): Condition['value'] | undefined {
  if (!FIELD_COMPARE_OPERATORS.includes(op)) {
    add(
      path,
      `与另一字段比较时只能用 ${FIELD_COMPARE_OPERATORS.map((o) => operatorLabel(o, f.type)).join('、')}，不能用 ${operatorLabel(op, f.type)}`,
    );
    return undefined;
  }
  let key: unknown = raw;
  let offset: number | undefined;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'field' && k !== 'offsetDays');
    if (extra.length) {
      add(path, `不认识的键 ${extra.map(q).join('、')}（应为 { "field": …, "offsetDays": n }）`);
      return undefined;
    }
    key = o.field;
    if (o.offsetDays !== undefined) {
      if (typeof o.offsetDays !== 'number' || !Number.isInteger(o.offsetDays) || Math.abs(o.offsetDays) > MAX_DAYS) {
        add(`${path}.offsetDays`, `相差天数应为整数（-${MAX_DAYS} 至 ${MAX_DAYS}）`);
        return undefined;
      }
      offset = o.offsetDays;
    }
  }
  if (typeof key !== 'string' || !key) {
    add(path, '与另一字段比较时，值应为字段名，或 { "field": 字段名, "offsetDays": 天数 }');
    return undefined;
  }
  const other = fieldByKey(key);
  if (!other) {
    add(path, `不认识的字段 ${q(key)}`);
    return undefined;
  }
  if (!visibleTo(other, subject)) {
    add(path, notVisible(other, subject, q(key)));
    return undefined;
  }
  const ordering = !['=', '!='].includes(op);
  const textish = (t: string) => t === 'text' || t === 'enum';
  const comparable =
    f.type === other.type
      ? f.type !== 'list' && (!ordering || f.type === 'date' || f.type === 'number')
      : !ordering && textish(f.type) && textish(other.type);
  if (!comparable) {
    add(
      path,
      `${f.label}（${TYPE_LABELS[f.type]}）不能与 ${other.label}（${TYPE_LABELS[other.type]}）作“${operatorLabel(op, f.type)}”比较`,
    );
    return undefined;
  }
  if (offset !== undefined && f.type !== 'date') {
    add(`${path}.offsetDays`, '只有日期之间的比较可以加减天数');
    return undefined;
  }
  return offset ? { field: other.key, offsetDays: offset } : other.key;
}

function checkValue(raw: unknown, path: string, f: FieldDef, op: Operator, add: Add): unknown {
  if (PAIR_OPERATORS.includes(op)) {
    if (!Array.isArray(raw) || raw.length !== 2) {
      add(path, `“${operatorLabel(op, f.type)}”的值应为两个值的列表 [起, 止]`);
      return undefined;
    }
    const a = checkScalar(raw[0], `${path}[0]`, f, add);
    const b = checkScalar(raw[1], `${path}[1]`, f, add);
    return a === undefined || b === undefined ? undefined : [a, b];
  }
  if (LIST_VALUE_OPERATORS.includes(op)) {
    if (!Array.isArray(raw) || raw.length === 0) {
      add(path, `“${operatorLabel(op, f.type)}”的值应为至少一项的列表 [ … ]`);
      return undefined;
    }
    const out = raw.map((v, i) => checkScalar(v, `${path}[${i}]`, f, add));
    return out.some((v) => v === undefined) ? undefined : out;
  }
  return checkScalar(raw, path, f, add);
}

/** One value for the field: its type, its enumeration, a date or a date relative to the audit date. */
function checkScalar(raw: unknown, path: string, f: FieldDef, add: Add): unknown {
  switch (f.type) {
    case 'bool':
      if (typeof raw !== 'boolean') {
        add(path, `${f.label} 的值应为 true（是）或 false（否），而不是 ${q(raw ?? '')}`);
        return undefined;
      }
      return raw;
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        add(path, `${f.label} 的值应为数字，而不是 ${q(raw ?? '')}`);
        return undefined;
      }
      return raw;
    case 'date': {
      if (typeof raw === 'string') {
        if (isIsoDate(raw)) return raw;
        add(path, `${q(raw)} 不是日期：日期应写作 YYYY-MM-DD，或相对审核日期 { "daysBeforeAsOf": 天数 }`);
        return undefined;
      }
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
        const o = raw as Record<string, unknown>;
        const keys = Object.keys(o);
        if (keys.length === 1 && (keys[0] === 'daysBeforeAsOf' || keys[0] === 'daysAfterAsOf')) {
          const n = o[keys[0]];
          if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_DAYS) return { [keys[0]]: n };
          add(`${path}.${keys[0]}`, `天数应为 0 至 ${MAX_DAYS} 的整数，而不是 ${q(n ?? '')}`);
          return undefined;
        }
      }
      add(path, `${f.label} 的值应为日期 YYYY-MM-DD，或 { "daysBeforeAsOf": 天数 } / { "daysAfterAsOf": 天数 }`);
      return undefined;
    }
    case 'enum':
    case 'list':
    case 'text': {
      if (typeof raw !== 'string') {
        add(path, `${f.label} 的值应为文字，而不是 ${q(raw ?? '')}`);
        return undefined;
      }
      const v = raw.trim();
      if (!v) {
        add(path, `${f.label} 的值不能为空（判断“为空”请用运算符 null）`);
        return undefined;
      }
      if (f.values && !f.values.includes(v)) {
        add(path, `${q(v)} 不是 ${f.label} 的可选值（${listZh(f.values)}）`);
        return undefined;
      }
      return v;
    }
  }
}

/** Checks a whole pack file's text: the format, the pack's facts, every rule, duplicate and built-in ids. */
export function checkPack(
  text: string,
  file: string,
  opts: RuleCheckOptions,
): { pack: RulePack | null; problems: RuleProblem[] } {
  const withFile = (ps: RuleProblem[]) => ps.map((p) => ({ ...p, file }));
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return {
      pack: null,
      problems: withFile([{ ruleId: null, path: '', message: `不是有效的 JSON 文件（${jsonErrorZh(e, text)}）` }]),
    };
  }
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const fmt = (json as { format?: unknown }).format;
    if (fmt !== PACK_FORMAT)
      return {
        pack: null,
        problems: withFile([
          {
            ruleId: null,
            path: 'format',
            message:
              fmt === undefined
                ? `缺少格式标识 "format": "${PACK_FORMAT}"，不是规则包文件`
                : `不支持的格式 ${q(fmt)}（应为 ${PACK_FORMAT}）`,
          },
        ]),
      };
  }
  const parsed = PackFile.safeParse(json, { reportInput: true });
  if (!parsed.success) return { pack: null, problems: withFile(zodProblems(parsed.error, '', null)) };
  const problems: RuleProblem[] = [];
  const p = parsed.data.pack;
  const pack: PackInfo = { name: p.name.trim(), issuer: (p.issuer ?? '').trim(), issuedOn: p.issuedOn?.trim() || null };
  if (!pack.name) problems.push({ ruleId: null, path: 'pack.name', message: '规则包名称不能为空' });
  if (pack.issuedOn && !isIsoDate(pack.issuedOn))
    problems.push({ ruleId: null, path: 'pack.issuedOn', message: `发布日期 ${q(pack.issuedOn)} 应写作 YYYY-MM-DD` });
  if (parsed.data.rules.length === 0) problems.push({ ruleId: null, path: 'rules', message: '规则包中没有规则' });
  const rules: CustomRuleDef[] = [];
  const seen = new Map<string, number>();
  parsed.data.rules.forEach((raw, i) => {
    const r = checkRule(raw, opts, `rules[${i}]`);
    // Paths inside a rule are the rule's own (the message names the rule by its id).
    problems.push(...r.problems);
    const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    if (typeof id === 'string') {
      const first = seen.get(id.trim());
      if (first !== undefined)
        problems.push({
          ruleId: id.trim(),
          path: 'id',
          message: `编号重复：与第 ${first + 1} 条规则相同（规则包中每条规则的编号必须不同）`,
        });
      else seen.set(id.trim(), i);
    }
    if (r.rule) rules.push(r.rule);
  });
  if (problems.length) return { pack: null, problems: withFile(problems) };
  return { pack: { format: PACK_FORMAT, pack, rules }, problems: [] };
}

function jsonErrorZh(e: unknown, text: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  if (m) {
    const pos = +m[1];
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const col = pos - before.lastIndexOf('\n');
    return `第 ${line} 行第 ${col} 个字符处格式有误`;
  }
  if (/end of JSON|Unexpected end/i.test(msg)) return '文件不完整';
  return '格式有误';
}

// ---- how problems read ----

/** The spec's wording: `FILE: X-RULE-ID: when.rules[2].value: reason` (the CLI and logs). */
export function problemText(p: RuleProblem): string {
  return [p.file, p.ruleId, p.path, p.message].filter((s) => s).join(': ');
}

const PATH_WORDS: Record<string, string> = {
  when: '条件',
  value: '值',
  field: '字段',
  operator: '运算符',
  combinator: '组合方式',
  not: '取反',
  valueSource: '比较对象',
  offsetDays: '相差天数',
  daysBeforeAsOf: '审核日期前天数',
  daysAfterAsOf: '审核日期后天数',
  rules: '规则',
  ...KEY_LABELS,
};

/** The path in Chinese for the builder's screen: `when.rules[2].value` → `条件 › 第3项 › 值`. */
export function pathZh(path: string): string {
  if (!path) return '';
  const parts: string[] = [];
  for (const seg of path.split('.')) {
    const m = /^([A-Za-z]+)((?:\[\d+\])*)$/.exec(seg);
    if (!m) {
      parts.push(seg);
      continue;
    }
    const idx = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => +x[1] + 1);
    if (m[1] === 'rules' && !idx.length && parts.length) parts.push('条件列表');
    else if (m[1] === 'rules' && idx.length && parts.length) parts.push(`第${idx[0]}项`);
    else if (m[1] === 'rules' && idx.length) parts.push(`第${idx[0]}条规则`);
    else {
      parts.push(PATH_WORDS[m[1]] ?? m[1]);
      if (idx.length) parts.push(`第${idx[0]}个`);
    }
  }
  return parts.join(' › ');
}

/** The same problem worded for the screen: file, rule, the part in Chinese, the reason. */
export function problemDisplay(p: RuleProblem): string {
  const where = [p.file ? `文件 ${p.file}` : '', p.ruleId ? `规则 ${p.ruleId}` : '', pathZh(p.path)]
    .filter(Boolean)
    .join('，');
  // On screen a field reads by its Chinese name only: “person.plea”（认罪认罚） → “认罪认罚”.
  const message = p.message
    .replace(/“[a-z]+\.[A-Za-z]+”（([^）]+)）/g, '“$1”')
    .replace(/\{[a-z]+\.[A-Za-z]+\}（([^）]+)）/g, '{$1}');
  return where ? `${where}：${message}` : message;
}
