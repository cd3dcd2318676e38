/**
 * What an import will do (or did), before anything is written (import-mapping.md "The preview"): the counts,
 * which mapping read each file, the cases to be added, and the changed cases with their fields old → new
 * (one line per case; click it for its fields), the warnings and the roster additions.
 */
import { useState } from 'react';
import type { HandlerResult } from '../api';
import { num } from '../util';

export type ImportResult = HandlerResult<'import/preview'>;
type Change = ImportResult['changes'][number];

const shown = (v: string | null) => (v == null || v === '' ? '（空）' : v);

function ChangeRow({ c }: { c: Change }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr className="clickable" onClick={() => setOpen(!open)} aria-expanded={open}>
        <td>
          <span className="muted">{open ? '▾' : '▸'}</span> {c.caseNo}
        </td>
        <td className="muted small">
          {[...new Set(c.fields.map((f) => (f.sheet === '案件' ? f.column : f.sheet)))].join('、')}
        </td>
        <td className="num">{c.fields.length}</td>
      </tr>
      {open && (
        <tr>
          <td colSpan={3} style={{ background: '#fafbfc' }}>
            <table className="simple" data-testid="change-fields">
              <thead>
                <tr>
                  <th>表</th>
                  <th>列</th>
                  <th>原值</th>
                  <th>新值</th>
                </tr>
              </thead>
              <tbody>
                {c.fields.map((f, i) => (
                  <tr key={i}>
                    <td>
                      {f.sheet}
                      {f.personNo ? `（嫌疑人编号 ${f.personNo}）` : ''}
                    </td>
                    <td>{f.column}</td>
                    <td className="muted">{shown(f.old)}</td>
                    <td>{shown(f.new)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </td>
        </tr>
      )}
    </>
  );
}

export function ImportPreview({ r, title }: { r: ImportResult; title: string }) {
  const [showAdded, setShowAdded] = useState(false);
  return (
    <section className="panel" data-testid="import-summary">
      <div className="panel-head">
        {title}
        {r.takenOn && <span className="muted small">（数据日期 {r.takenOn}）</span>}
      </div>
      <div className="panel-body">
        {r.mappings.length > 0 && (
          <ul className="small" data-testid="mapping-used" style={{ marginTop: 0 }}>
            {r.mappings.map((m) => (
              <li key={m.file}>
                文件 {m.file} 按导入模板「{m.name}」读取{m.matched ? '（按表头自动识别）' : ''}
              </li>
            ))}
          </ul>
        )}
        <div className="stat-cards">
          <div className="stat">
            <div className="stat-label">新增案件</div>
            <div className="stat-value">{num(r.cases.added)}</div>
          </div>
          <div className="stat">
            <div className="stat-label">变更案件</div>
            <div className="stat-value">{num(r.cases.changed)}</div>
          </div>
          <div className="stat">
            <div className="stat-label">未变化案件</div>
            <div className="stat-value">{num(r.cases.unchanged)}</div>
          </div>
          {r.skippedOlder.length > 0 && (
            <div className="stat">
              <div className="stat-label">库中数据较新、未更新</div>
              <div className="stat-value">{num(r.skippedOlder.length)}</div>
            </div>
          )}
          {Object.entries(r.rows).map(([k, v]) => (
            <div className="stat" key={k}>
              <div className="stat-label">“{k}”表行数</div>
              <div className="stat-value">{num(v)}</div>
            </div>
          ))}
        </div>
        {r.noOp && (
          <div className="msg msg-info" style={{ marginTop: 10 }}>
            <span>与库中数据一致，不作任何更改。</span>
          </div>
        )}
        {r.skippedOlder.length > 0 && (
          <div style={{ marginTop: 10 }} data-testid="import-skipped-older">
            <div className="section-title">
              以下 {r.skippedOlder.length} 件案件库中已有更晚导出的数据，{r.dryRun ? '导入时将不更新' : '本次未更新'}
              （勾选“允许用较早的数据覆盖”可强制更新）
            </div>
            <ul className="small">
              {r.skippedOlder.slice(0, 50).map((x) => (
                <li key={x.caseNo}>
                  {x.caseNo}：库中数据日期 {x.takenOn}
                </li>
              ))}
              {r.skippedOlder.length > 50 && <li>……另有 {r.skippedOlder.length - 50} 件</li>}
            </ul>
          </div>
        )}
        {r.cases.added > 0 && r.addedCases.length > 0 && (
          <div style={{ marginTop: 10 }}>
            <button className="btn btn-link" onClick={() => setShowAdded(!showAdded)}>
              {showAdded ? '▾' : '▸'} {r.dryRun ? '将新增' : '新增'}的案件（{num(r.cases.added)} 件）
            </button>
            {showAdded && (
              <div className="small" data-testid="added-cases">
                {r.addedCases.join('、')}
                {r.cases.added > r.addedCases.length ? ` 等 ${num(r.cases.added)} 件` : ''}
              </div>
            )}
          </div>
        )}
        {r.changes.length > 0 && (
          <div style={{ marginTop: 10 }}>
            <div className="section-title">
              {r.dryRun ? '将变更' : '已变更'}的案件（{num(r.cases.changed)} 件
              {r.cases.changed > r.changes.length ? `，列出前 ${r.changes.length} 件` : ''}；点击查看变化的字段）
            </div>
            <div className="table-wrap" style={{ maxHeight: 360 }}>
              <table className="simple" data-testid="import-changes">
                <thead>
                  <tr>
                    <th>部门受案号</th>
                    <th>变化</th>
                    <th className="num">字段数</th>
                  </tr>
                </thead>
                <tbody>
                  {r.changes.map((c) => (
                    <ChangeRow key={c.caseNo} c={c} />
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
        {r.warnings.length > 0 && (
          <div style={{ marginTop: 10 }}>
            <div className="section-title">提示（{r.warnings.length}）</div>
            <ul className="small">
              {r.warnings.slice(0, 50).map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </div>
        )}
        {r.staffAdded.length > 0 && (
          <div className="muted small" style={{ marginTop: 8 }}>
            名册中{r.dryRun ? '将' : ''}新增承办人：{r.staffAdded.join('、')}
          </div>
        )}
      </div>
    </section>
  );
}
