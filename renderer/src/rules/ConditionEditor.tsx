/**
 * The visual condition editor of 设置 → 自定义规则 (custom-rules.md "Conditions"), on react-querybuilder:
 * fields by their Chinese column names grouped by sheet, operators and and/or/not in Chinese, value pickers
 * per type (enumerations, 是/否, dates with a "相对审核日期" mode, numbers, text with suggestions), comparison
 * with another field with an offset in days, nested groups. The allow-list comes from the server
 * ('rules/schema'); the query it edits has the shape of a rule's `when`.
 */
import { useMemo } from 'react';
import {
  QueryBuilder,
  type Field,
  type RuleGroupType,
  type RuleType,
  type ValueEditorProps,
  type Translations,
} from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import './rules.css';
import type { HandlerResult } from '../api';
import { DateInput } from '../components/pickers';

export type RuleSchema = HandlerResult<'rules/schema'>;
export type SchemaField = RuleSchema['fields'][number];
export type Subject = SchemaField['subjects'][number];

const TRANSLATIONS: Partial<Translations> = {
  fields: { title: '字段', placeholderLabel: '请选择字段', placeholderGroupLabel: '请选择字段' },
  operators: { title: '比较方式', placeholderLabel: '请选择', placeholderGroupLabel: '请选择' },
  values: { title: '值', placeholderLabel: '请选择', placeholderGroupLabel: '请选择' },
  value: { title: '值' },
  addRule: { label: '＋ 条件', title: '添加一个条件' },
  addGroup: { label: '＋ 条件组', title: '添加一组条件（可嵌套）' },
  removeRule: { label: '删除', title: '删除这个条件' },
  removeGroup: { label: '删除组', title: '删除这一组条件' },
  combinators: { title: '组合方式' },
  notToggle: { label: '取反（以下条件不成立时）', title: '以下条件整体不成立时才算发现问题' },
  valueSourceSelector: { title: '与什么比较' },
};
const COMBINATORS = [
  { name: 'and', value: 'and', label: '并且（全部满足）' },
  { name: 'or', value: 'or', label: '或者（满足其一）' },
];
const VALUE_SOURCES = [
  { name: 'value', value: 'value', label: '固定值' },
  { name: 'field', value: 'field', label: '另一字段' },
] as const;

type Meta = SchemaField;
const metaOf = (fd: unknown) => (fd as { meta?: Meta }).meta;

/** Fields of the other side of a field-to-field comparison: same type (ordering only for dates and numbers). */
export function comparable(a: Meta, b: Meta, op: string): boolean {
  if (a.key === b.key) return false;
  const ordering = !['=', '!='].includes(op);
  const textish = (t: string) => t === 'text' || t === 'enum';
  if (a.type === b.type) return a.type !== 'list' && (!ordering || a.type === 'date' || a.type === 'number');
  return !ordering && textish(a.type) && textish(b.type);
}

/** A value that fits the field's type and the operator (when either changes). */
export function defaultValue(f: Meta | undefined, op: string): unknown {
  if (!f || op === 'null' || op === 'notNull') return undefined;
  const one =
    f.type === 'bool'
      ? true
      : f.type === 'number'
        ? 0
        : f.type === 'date'
          ? { daysBeforeAsOf: 0 }
          : f.values?.length
            ? f.values[0]
            : '';
  if (op === 'between' || op === 'notBetween') return [one, one];
  if (op === 'in' || op === 'notIn') return f.values?.length ? [f.values[0]] : [];
  return one;
}

interface EditorContext {
  fields: Meta[];
}

export function ConditionEditor(props: {
  schema: RuleSchema;
  subject: Subject;
  query: RuleGroupType;
  onChange: (q: RuleGroupType) => void;
}) {
  const { schema, subject } = props;
  const visible = useMemo(() => schema.fields.filter((f) => f.subjects.includes(subject)), [schema, subject]);
  const fields = useMemo(() => {
    const groups = new Map<string, Field[]>();
    for (const f of visible) {
      const list = groups.get(f.sheetLabel) ?? [];
      list.push({
        name: f.key,
        value: f.key,
        label: f.label,
        meta: f,
        operators: schema.operators[f.type].map((o) => ({ name: o.name, value: o.name, label: o.label })),
        valueSources: (op: string) =>
          schema.fieldCompareOperators.includes(op) && visible.some((g) => comparable(f, g, op))
            ? [...VALUE_SOURCES]
            : [VALUE_SOURCES[0]],
      });
      groups.set(f.sheetLabel, list);
    }
    return [...groups].map(([label, options]) => ({ label, options }));
  }, [schema, visible]);
  const context: EditorContext = useMemo(() => ({ fields: visible }), [visible]);

  return (
    <div className="rule-builder" data-testid="condition-editor">
      <QueryBuilder
        fields={fields}
        query={props.query}
        onQueryChange={props.onChange}
        combinators={COMBINATORS}
        translations={TRANSLATIONS}
        showNotToggle
        resetOnOperatorChange
        context={context}
        getDefaultValue={(rule: RuleType, misc: { fieldData: unknown }) =>
          defaultValue(metaOf(misc.fieldData), rule.operator)
        }
        controlElements={{ valueEditor: ValueEditor }}
        controlClassnames={{
          addRule: 'btn btn-sm',
          addGroup: 'btn btn-sm',
          removeRule: 'btn btn-sm btn-link rb-remove',
          removeGroup: 'btn btn-sm btn-link rb-remove',
        }}
      />
    </div>
  );
}

// ---- value editors ----

function ValueEditor(props: ValueEditorProps) {
  const f = metaOf(props.fieldData);
  const op = props.operator;
  const ctx = props.context as EditorContext;
  if (!f || op === 'null' || op === 'notNull') return null;
  const set = (v: unknown) => props.handleOnChange(v);
  const value = props.value as unknown;
  if (props.valueSource === 'field')
    return <FieldRefEditor f={f} op={op} value={value} fields={ctx.fields} onChange={set} />;
  if (op === 'between' || op === 'notBetween') {
    const pair = Array.isArray(value) && value.length === 2 ? value : (defaultValue(f, op) as unknown[]);
    return (
      <span className="rb-value" data-testid="value-editor">
        <Scalar f={f} value={pair[0]} onChange={(v) => set([v, pair[1]])} label="起" />
        <span className="muted">至</span>
        <Scalar f={f} value={pair[1]} onChange={(v) => set([pair[0], v])} label="止" />
      </span>
    );
  }
  if (op === 'in' || op === 'notIn')
    return <ListEditor key={f.key} f={f} value={Array.isArray(value) ? value : []} onChange={set} />;
  return (
    <span className="rb-value" data-testid="value-editor">
      <Scalar f={f} value={value} onChange={set} />
    </span>
  );
}

function Scalar({
  f,
  value,
  onChange,
  label,
}: {
  f: Meta;
  value: unknown;
  onChange: (v: unknown) => void;
  label?: string;
}) {
  const aria = `${f.label}${label ? `（${label}）` : ''}的值`;
  if (f.type === 'bool')
    return (
      <select aria-label={aria} value={value === false ? '0' : '1'} onChange={(e) => onChange(e.target.value === '1')}>
        <option value="1">是</option>
        <option value="0">否</option>
      </select>
    );
  if (f.values?.length)
    return (
      <select
        aria-label={aria}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      >
        {!f.values.includes(value as string) && <option value="">请选择</option>}
        {f.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  if (f.type === 'number')
    return (
      <input
        type="number"
        aria-label={aria}
        className="rb-num"
        value={typeof value === 'number' ? value : ''}
        onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))}
      />
    );
  if (f.type === 'date') return <DateValue aria={aria} value={value} onChange={onChange} />;
  const listId = f.suggestions?.length ? `rb-suggest-${f.key.replace('.', '-')}` : undefined;
  return (
    <>
      <input
        type="text"
        aria-label={aria}
        list={listId}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      />
      {listId && (
        <datalist id={listId}>
          {f.suggestions!.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** A date, or a number of days before/after the audit date (相对审核日期). */
function DateValue({ aria, value, onChange }: { aria: string; value: unknown; onChange: (v: unknown) => void }) {
  const rel =
    value && typeof value === 'object' ? (value as { daysBeforeAsOf?: number; daysAfterAsOf?: number }) : null;
  const mode = rel ? (rel.daysAfterAsOf !== undefined ? 'after' : 'before') : 'fixed';
  const n = rel ? (rel.daysBeforeAsOf ?? rel.daysAfterAsOf ?? 0) : 0;
  return (
    <span className="rb-date">
      <select
        aria-label={`${aria}的方式`}
        value={mode}
        onChange={(e) => {
          const m = e.target.value;
          if (m === 'fixed') onChange('');
          else onChange(m === 'before' ? { daysBeforeAsOf: n } : { daysAfterAsOf: n });
        }}
      >
        <option value="fixed">具体日期</option>
        <option value="before">相对审核日期：前</option>
        <option value="after">相对审核日期：后</option>
      </select>
      {mode === 'fixed' ? (
        <DateInput
          label={aria}
          value={typeof value === 'string' ? value : ''}
          onChange={(v) => onChange(v)}
          clearable
        />
      ) : (
        <>
          <input
            type="number"
            min={0}
            className="rb-num"
            aria-label={`${aria}（天数）`}
            value={n}
            onChange={(e) => {
              const d = Math.max(0, Math.floor(Number(e.target.value) || 0));
              onChange(mode === 'before' ? { daysBeforeAsOf: d } : { daysAfterAsOf: d });
            }}
          />
          <span className="muted">天</span>
        </>
      )}
    </span>
  );
}

/** 属于 / 不属于: ticks for an enumeration, otherwise values separated by 、 */
function ListEditor({ f, value, onChange }: { f: Meta; value: unknown[]; onChange: (v: unknown[]) => void }) {
  if (f.values?.length)
    return (
      <span className="rb-value rb-ticks" data-testid="value-editor">
        {f.values.map((v) => (
          <label key={v} className="rb-tick">
            <input
              type="checkbox"
              checked={value.includes(v)}
              onChange={(e) => onChange(e.target.checked ? [...value, v] : value.filter((x) => x !== v))}
            />
            {v}
          </label>
        ))}
      </span>
    );
  const text = value.map(String).join('、');
  return (
    <span className="rb-value" data-testid="value-editor">
      <input
        type="text"
        aria-label={`${f.label}的值（多个用顿号分隔）`}
        placeholder="多个值用顿号“、”分隔"
        defaultValue={text}
        onChange={(e) =>
          onChange(
            e.target.value
              .split(/[、,，]/)
              .map((s) => s.trim())
              .filter(Boolean)
              .map((s) => (f.type === 'number' ? Number(s) : s)),
          )
        }
      />
    </span>
  );
}

/** Another field of the row, with an offset in days for dates: 结论日期 晚于 受理日期 + 7 天. */
function FieldRefEditor(props: {
  f: Meta;
  op: string;
  value: unknown;
  fields: Meta[];
  onChange: (v: unknown) => void;
}) {
  const { f, op, value } = props;
  const key =
    typeof value === 'string' ? value : value && typeof value === 'object' ? (value as { field?: string }).field : '';
  const offset = value && typeof value === 'object' ? ((value as { offsetDays?: number }).offsetDays ?? 0) : 0;
  const options = props.fields.filter((g) => comparable(f, g, op));
  const emit = (k: string, off: number) => props.onChange(off && f.type === 'date' ? { field: k, offsetDays: off } : k);
  return (
    <span className="rb-value" data-testid="value-editor">
      <select aria-label="比较的字段" value={key ?? ''} onChange={(e) => emit(e.target.value, offset)}>
        {!options.some((o) => o.key === key) && <option value="">请选择字段</option>}
        {options.map((o) => (
          <option key={o.key} value={o.key}>
            {o.sheetLabel} · {o.label}
          </option>
        ))}
      </select>
      {f.type === 'date' && (
        <>
          <select
            aria-label="加减"
            value={offset < 0 ? '-' : '+'}
            onChange={(e) => emit(key ?? '', e.target.value === '-' ? -Math.abs(offset) : Math.abs(offset))}
          >
            <option value="+">加</option>
            <option value="-">减</option>
          </select>
          <input
            type="number"
            min={0}
            className="rb-num"
            aria-label="相差天数"
            value={Math.abs(offset)}
            onChange={(e) => {
              const d = Math.max(0, Math.floor(Number(e.target.value) || 0));
              emit(key ?? '', offset < 0 ? -d : d);
            }}
          />
          <span className="muted">天</span>
        </>
      )}
    </span>
  );
}

// ---- between the builder's query and a rule's `when` ----

type Node = RuleGroupType | RuleType;
const isGroupNode = (n: Node): n is RuleGroupType => Array.isArray((n as RuleGroupType).rules);

/** The builder's query as a rule's `when`: builder bookkeeping dropped, empty values for 为空/不为空 removed. */
export function toWhen(g: RuleGroupType): unknown {
  return {
    combinator: g.combinator,
    ...(g.not ? { not: true } : {}),
    rules: (g.rules as Node[]).map((r) => {
      if (isGroupNode(r)) return toWhen(r);
      const out: Record<string, unknown> = { field: r.field, operator: r.operator };
      if (r.operator !== 'null' && r.operator !== 'notNull') out.value = r.value;
      if (r.valueSource === 'field') out.valueSource = 'field';
      return out;
    }),
  };
}

/** A stored `when` as the builder's query. */
export function fromWhen(w: unknown): RuleGroupType {
  const g = w as { combinator: string; not?: boolean; rules: unknown[] };
  return {
    combinator: g.combinator,
    not: !!g.not,
    rules: g.rules.map((r) => {
      const x = r as Record<string, unknown>;
      if (Array.isArray(x.rules)) return fromWhen(x);
      return {
        field: String(x.field),
        operator: String(x.operator),
        value: x.value,
        ...(x.valueSource === 'field' ? { valueSource: 'field' as const } : {}),
      };
    }),
  };
}

/** Drops conditions on fields a subject cannot see (when the subject changes). Returns how many were dropped. */
export function keepVisible(g: RuleGroupType, visible: Set<string>): { query: RuleGroupType; dropped: number } {
  let dropped = 0;
  const walk = (x: RuleGroupType): RuleGroupType => ({
    ...x,
    rules: (x.rules as Node[])
      .map((r) => (isGroupNode(r) ? walk(r) : r))
      .filter((r) => {
        if (isGroupNode(r)) return true;
        const ref =
          r.valueSource === 'field'
            ? typeof r.value === 'string'
              ? r.value
              : (r.value as { field?: string } | undefined)?.field
            : undefined;
        const ok = visible.has(r.field) && (!ref || visible.has(ref));
        if (!ok) dropped++;
        return ok;
      }),
  });
  return { query: walk(g), dropped };
}
