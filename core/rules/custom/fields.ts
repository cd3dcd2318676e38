/**
 * The allow-list of custom rules (custom-rules.md "Conditions"): every field a condition or a message
 * may name, with its Chinese label, its type, its enumeration values (from core/domain.ts), the subjects
 * that can see it and how it is read from a case bundle; and every operator with the types it applies to.
 * Nothing outside this list can be compiled: a custom rule is data, never code.
 *
 * A field is read by `get(c, p, x)`: `c` the case bundle, `p` the person of the row (the row itself for
 * subject `person`; the person an event/document names, else undefined), `x` the event or document of the
 * row (subjects `event` / `document`). An empty cell reads as null. List fields also answer `has` and
 * `empty` without building the list, for the audit's hot loop.
 */
import {
  ALL_CONCLUSIONS,
  ALL_DECISION_REASONS,
  ALL_DECISIONS,
  CASE_STATUSES,
  CATEGORIES,
  CUSTODY,
  DOCUMENT_NAMES,
  EVENT_KINDS,
  GENDERS,
  MEASURES,
  PROCEDURES,
  SENTENCING,
} from '../../domain';
import { dayNum } from '../../calendar/days';
import type { CaseBundle, DocumentB, EventB, PersonB } from '../types';

export const SUBJECTS = ['case', 'person', 'event', 'document'] as const;
export type Subject = (typeof SUBJECTS)[number];
/** 案件 / 嫌疑人 / 流程节点 / 文书: the sheets of import-format.md, which are also the subjects. */
export const SUBJECT_LABELS: Record<Subject, string> = {
  case: '案件',
  person: '嫌疑人',
  event: '流程节点',
  document: '文书',
};

export const CUSTOM_RULE_AREAS = ['办案期限', '强制措施', '诉讼权利保障', '法律文书', '案卡填录'] as const;
export const CUSTOM_RULE_SEVERITIES = ['轻微', '较重', '严重'] as const;

export type FieldType = 'text' | 'number' | 'date' | 'bool' | 'enum' | 'list';
export const TYPE_LABELS: Record<FieldType, string> = {
  text: '文字',
  number: '数字',
  date: '日期',
  bool: '是/否',
  enum: '选项',
  list: '列表',
};

type Row = EventB | DocumentB | undefined;
export type Getter = (c: CaseBundle, p: PersonB | undefined, x: Row) => unknown;

export interface FieldDef {
  /** `case.category`, `person.plea`, … */
  key: string;
  sheet: Subject;
  /** The import column's Chinese header (or the derived field's name). */
  label: string;
  type: FieldType;
  /** Allowed values of an enumeration, or of a list's elements (节点). */
  values?: readonly string[];
  /** Values offered in the builder without being enforced (文书名称 is free text). */
  suggestions?: readonly string[];
  /** Derived fields are computed from the row, not read from a column. */
  derived?: boolean;
  /** For derived fields: what the value is, in Chinese. */
  hint?: string;
  /** Depends on the audit date (case.daysOpen): left out of a finding's facts, which must not move with D. */
  asOfDependent?: boolean;
  get: Getter;
  /** Fields that depend on the audit date: the getter for a given day (the compiler binds it once per audit). */
  atAsOf?: (asOfDay: number) => Getter;
  /** List fields: whether the list has the element (without `v`: any element), without building the list. */
  has?: (c: CaseBundle, p: PersonB | undefined, x: Row, v?: string) => boolean;
}

const ev = (x: Row) => x as EventB;
const doc = (x: Row) => x as DocumentB;
/** Events / documents that concern a person: those naming the person or no person. */
const concerns = (r: { personNo: string | null }, p: PersonB | undefined) =>
  p !== undefined && (r.personNo == null || r.personNo === p.personNo);

/** Whole years from a birth date to a day (both YYYY-MM-DD). */
export function wholeYears(birth: string, on: string): number {
  let years = +on.slice(0, 4) - +birth.slice(0, 4);
  if (on.slice(5) < birth.slice(5)) years--;
  return years;
}

function caseField(
  key: string,
  label: string,
  type: FieldType,
  get: (c: CaseBundle) => unknown,
  extra: Partial<FieldDef> = {},
): FieldDef {
  return { key: `case.${key}`, sheet: 'case', label, type, get: (c) => get(c), ...extra };
}
function personField(
  key: string,
  label: string,
  type: FieldType,
  get: (p: PersonB, c: CaseBundle) => unknown,
  extra: Partial<FieldDef> = {},
): FieldDef {
  return {
    key: `person.${key}`,
    sheet: 'person',
    label,
    type,
    get: (c, p) => (p === undefined ? null : get(p, c)),
    ...extra,
  };
}

const CASE_FIELDS: FieldDef[] = [
  caseField('caseNo', '部门受案号', 'text', (c) => c.caseNo),
  caseField('title', '案件名称', 'text', (c) => c.title),
  caseField('category', '案件类别', 'enum', (c) => c.category, { values: CATEGORIES }),
  caseField('cause', '案由', 'text', (c) => c.cause),
  caseField('department', '承办部门', 'text', (c) => c.department),
  caseField('prosecutor', '承办检察官', 'text', (c) => c.prosecutor),
  caseField('agency', '移送单位', 'text', (c) => c.agency),
  caseField('receivedOn', '受理日期', 'date', (c) => c.receivedOn),
  caseField('complex', '重大复杂', 'bool', (c) => c.complex),
  caseField('hasVictim', '有被害人', 'bool', (c) => c.hasVictim),
  caseField('procedure', '适用程序', 'enum', (c) => c.procedure, { values: PROCEDURES }),
  caseField('status', '案件状态', 'enum', (c) => c.status, { values: CASE_STATUSES }),
  caseField('concludedOn', '办结日期', 'date', (c) => c.concludedOn),
  caseField('conclusion', '办结方式', 'enum', (c) => c.conclusion, { values: ALL_CONCLUSIONS }),
  caseField('note', '备注', 'text', (c) => c.note),
  caseField('daysOpen', '办理天数', 'number', () => null, {
    derived: true,
    asOfDependent: true,
    hint: '从受理日期到办结日期的天数；在办案件算到审核日期',
    atAsOf: (day) => (c) => (c.concludedOn ? dayNum(c.concludedOn) : day) - dayNum(c.receivedOn),
  }),
  {
    key: 'case.eventKinds',
    sheet: 'case',
    label: '案件流程节点',
    type: 'list',
    values: EVENT_KINDS,
    derived: true,
    hint: '案件全部流程节点的节点名称',
    get: (c) => (c.events.length ? c.events.map((e) => e.kind) : null),
    has: (c, _p, _x, v) => {
      for (const e of c.events) if (v === undefined || e.kind === v) return true;
      return false;
    },
  },
  {
    key: 'case.documentNames',
    sheet: 'case',
    label: '案件文书',
    type: 'list',
    suggestions: DOCUMENT_NAMES,
    derived: true,
    hint: '案件全部文书的文书名称',
    get: (c) => (c.documents.length ? c.documents.map((d) => d.name) : null),
    has: (c, _p, _x, v) => {
      for (const d of c.documents) if (v === undefined || d.name === v) return true;
      return false;
    },
  },
  caseField('personCount', '嫌疑人人数', 'number', (c) => c.persons.length, {
    derived: true,
    hint: '案件的嫌疑人人数',
  }),
];

const PERSON_FIELDS: FieldDef[] = [
  personField('personNo', '嫌疑人编号', 'text', (p) => p.personNo),
  personField('name', '姓名', 'text', (p) => p.name),
  personField('gender', '性别', 'enum', (p) => p.gender, { values: GENDERS }),
  personField('birthDate', '出生日期', 'date', (p) => p.birthDate),
  personField('custody', '羁押状态', 'enum', (p) => p.custody, { values: CUSTODY }),
  personField('measure', '强制措施', 'enum', (p) => p.measure, { values: MEASURES }),
  personField('measureFrom', '强制措施起始日期', 'date', (p) => p.measureFrom),
  personField('hasCounsel', '已委托辩护人', 'bool', (p) => p.hasCounsel),
  personField('plea', '认罪认罚', 'bool', (p) => p.plea),
  personField('pleaSignedOn', '具结书签署日期', 'date', (p) => p.pleaSignedOn),
  personField('decision', '审查结论', 'enum', (p) => p.decision, { values: ALL_DECISIONS }),
  personField('decidedOn', '结论日期', 'date', (p) => p.decidedOn),
  personField('decisionReason', '不捕不诉理由', 'enum', (p) => p.decisionReason, { values: ALL_DECISION_REASONS }),
  personField('sentencing', '量刑建议', 'enum', (p) => p.sentencing, { values: SENTENCING }),
  personField('sentencingAdopted', '量刑建议采纳', 'bool', (p) => p.sentencingAdopted),
  personField('judgedOn', '判决日期', 'date', (p) => p.judgedOn),
  personField('appealed', '上诉', 'bool', (p) => p.appealed),
  personField(
    'ageAtReceipt',
    '受理时年龄',
    'number',
    (p, c) => (p.birthDate ? wholeYears(p.birthDate, c.receivedOn) : null),
    {
      derived: true,
      hint: '出生日期到案件受理日期的整周岁；没有出生日期时为空',
    },
  ),
  {
    key: 'person.eventKinds',
    sheet: 'person',
    label: '本人流程节点',
    type: 'list',
    values: EVENT_KINDS,
    derived: true,
    hint: '涉及本人（或不指明嫌疑人）的流程节点名称',
    get: (c, p) => {
      if (p === undefined) return null;
      const out: string[] = [];
      for (const e of c.events) if (concerns(e, p)) out.push(e.kind);
      return out.length ? out : null;
    },
    has: (c, p, _x, v) => {
      if (p === undefined) return false;
      for (const e of c.events) if ((v === undefined || e.kind === v) && concerns(e, p)) return true;
      return false;
    },
  },
  {
    key: 'person.documentNames',
    sheet: 'person',
    label: '本人文书',
    type: 'list',
    suggestions: DOCUMENT_NAMES,
    derived: true,
    hint: '涉及本人（或不指明嫌疑人）的文书名称',
    get: (c, p) => {
      if (p === undefined) return null;
      const out: string[] = [];
      for (const d of c.documents) if (concerns(d, p)) out.push(d.name);
      return out.length ? out : null;
    },
    has: (c, p, _x, v) => {
      if (p === undefined) return false;
      for (const d of c.documents) if ((v === undefined || d.name === v) && concerns(d, p)) return true;
      return false;
    },
  },
];

const EVENT_FIELDS: FieldDef[] = [
  {
    key: 'event.kind',
    sheet: 'event',
    label: '节点',
    type: 'enum',
    values: EVENT_KINDS,
    get: (_c, _p, x) => ev(x).kind,
  },
  { key: 'event.on', sheet: 'event', label: '节点日期', type: 'date', get: (_c, _p, x) => ev(x).on },
  { key: 'event.personNo', sheet: 'event', label: '节点嫌疑人编号', type: 'text', get: (_c, _p, x) => ev(x).personNo },
  { key: 'event.note', sheet: 'event', label: '节点备注', type: 'text', get: (_c, _p, x) => ev(x).note },
];

const DOCUMENT_FIELDS: FieldDef[] = [
  {
    key: 'document.name',
    sheet: 'document',
    label: '文书名称',
    type: 'text',
    suggestions: DOCUMENT_NAMES,
    get: (_c, _p, x) => doc(x).name,
  },
  { key: 'document.number', sheet: 'document', label: '文号', type: 'text', get: (_c, _p, x) => doc(x).number },
  { key: 'document.issuedOn', sheet: 'document', label: '签发日期', type: 'date', get: (_c, _p, x) => doc(x).issuedOn },
  {
    key: 'document.personNo',
    sheet: 'document',
    label: '文书嫌疑人编号',
    type: 'text',
    get: (_c, _p, x) => doc(x).personNo,
  },
];

export const FIELDS: readonly FieldDef[] = [...CASE_FIELDS, ...PERSON_FIELDS, ...EVENT_FIELDS, ...DOCUMENT_FIELDS];
const BY_KEY = new Map(FIELDS.map((f) => [f.key, f]));

export function fieldByKey(key: string): FieldDef | undefined {
  return BY_KEY.get(key);
}

/** The field's reader for an audit as of the given day number (core/calendar/days dayNum). */
export function getterOf(f: FieldDef, asOfDay: number): Getter {
  return f.atAsOf ? f.atAsOf(asOfDay) : f.get;
}

/**
 * Whether a row of `subject` can see the field: case fields always; person fields for persons and for
 * the events/documents that may name one; event/document fields only for their own rows.
 */
export function visibleTo(f: FieldDef, subject: Subject): boolean {
  if (f.sheet === 'case') return true;
  if (f.sheet === 'person') return subject !== 'case';
  return f.sheet === subject;
}

export function fieldsFor(subject: Subject): FieldDef[] {
  return FIELDS.filter((f) => visibleTo(f, subject));
}

// ---- operators ----

export const OPERATORS = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'between',
  'notBetween',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'beginsWith',
  'endsWith',
  'null',
  'notNull',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** The operators each type allows, in the order the builder offers them. */
export const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  text: ['=', '!=', 'contains', 'doesNotContain', 'beginsWith', 'endsWith', 'in', 'notIn', 'null', 'notNull'],
  enum: ['=', '!=', 'in', 'notIn', 'null', 'notNull'],
  bool: ['=', '!=', 'null', 'notNull'],
  number: ['=', '!=', '<', '<=', '>', '>=', 'between', 'notBetween', 'in', 'notIn', 'null', 'notNull'],
  date: ['=', '!=', '<', '<=', '>', '>=', 'between', 'notBetween', 'null', 'notNull'],
  list: ['contains', 'doesNotContain', 'null', 'notNull'],
};

/** Operators that compare with another field (valueSource "field"). */
export const FIELD_COMPARE_OPERATORS: readonly Operator[] = ['=', '!=', '<', '<=', '>', '>='];

const GENERIC_LABELS: Record<Operator, string> = {
  '=': '等于',
  '!=': '不等于',
  '<': '小于',
  '<=': '小于或等于',
  '>': '大于',
  '>=': '大于或等于',
  between: '介于',
  notBetween: '不介于',
  in: '属于',
  notIn: '不属于',
  contains: '包含',
  doesNotContain: '不包含',
  beginsWith: '开头是',
  endsWith: '结尾是',
  null: '为空',
  notNull: '不为空',
};
const DATE_LABELS: Partial<Record<Operator, string>> = {
  '<': '早于',
  '<=': '不晚于',
  '>': '晚于',
  '>=': '不早于',
};
const LIST_LABELS: Partial<Record<Operator, string>> = { contains: '含有', doesNotContain: '不含有' };
const BOOL_LABELS: Partial<Record<Operator, string>> = { '=': '为', '!=': '不为' };

/** The operator's Chinese label, worded for the field's type. */
export function operatorLabel(op: Operator, type?: FieldType): string {
  const special =
    type === 'date' ? DATE_LABELS : type === 'list' ? LIST_LABELS : type === 'bool' ? BOOL_LABELS : undefined;
  return special?.[op] ?? GENERIC_LABELS[op];
}

export const NO_VALUE_OPERATORS: readonly Operator[] = ['null', 'notNull'];
export const PAIR_OPERATORS: readonly Operator[] = ['between', 'notBetween'];
export const LIST_VALUE_OPERATORS: readonly Operator[] = ['in', 'notIn'];
/** With a null field these are true; every other comparison is false (custom-rules.md). */
export const TRUE_ON_NULL: readonly Operator[] = ['null', '!=', 'notIn', 'doesNotContain'];
