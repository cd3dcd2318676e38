/** 导入: drop or choose files, preview every error, then commit and see the summary; past imports below. */
import { useRef, useState, type DragEvent } from 'react';
import { invokeWith, uploadFile, type HandlerResult } from '../api';
import { useAction, useInvoke } from '../hooks';
import { useNav } from '../nav';
import { Button, Empty, Field, MessageBar, ProgressLine } from '../components/ui';
import { chinaToday, num, timeText } from '../util';

type ImportResult = HandlerResult<'import/preview'>;
type ImportIssue = ImportResult['errors'][number];

interface Picked {
  name: string;
  path: string;
  size: number;
}

function Summary({ r, title }: { r: ImportResult; title: string }) {
  const rows = r.rows;
  const warnings = r.warnings;
  const older = r.skippedOlder;
  return (
    <section className="panel" data-testid="import-summary">
      <div className="panel-head">
        {title}
        {r.takenOn && <span className="muted small">（数据日期 {r.takenOn}）</span>}
      </div>
      <div className="panel-body">
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
          {older.length > 0 && (
            <div className="stat">
              <div className="stat-label">库中数据较新、未更新</div>
              <div className="stat-value">{num(older.length)}</div>
            </div>
          )}
          {Object.entries(rows).map(([k, v]) => (
            <div className="stat" key={k}>
              <div className="stat-label">“{k}”表行数</div>
              <div className="stat-value">{num(v)}</div>
            </div>
          ))}
        </div>
        {r.noOp && (
          <div className="msg msg-info" style={{ marginTop: 10 }}>
            <span>与上次导入内容相同，未作任何更改。</span>
          </div>
        )}
        {older.length > 0 && (
          <div style={{ marginTop: 10 }} data-testid="import-skipped-older">
            <div className="section-title">
              以下 {older.length} 件案件库中已有更晚导出的数据，{r.dryRun ? '导入时将不更新' : '本次未更新'}
              （勾选“允许用较早的数据覆盖”可强制更新）
            </div>
            <ul className="small">
              {older.slice(0, 50).map((x) => (
                <li key={x.caseNo}>
                  {x.caseNo}：库中数据日期 {x.takenOn}
                </li>
              ))}
              {older.length > 50 && <li>……另有 {older.length - 50} 件</li>}
            </ul>
          </div>
        )}
        {warnings.length > 0 && (
          <div style={{ marginTop: 10 }}>
            <div className="section-title">提示（{warnings.length}）</div>
            <ul className="small">
              {warnings.slice(0, 50).map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </div>
        )}
        {r.staffAdded.length > 0 && (
          <div className="muted small" style={{ marginTop: 8 }}>
            名册中新增承办人：{r.staffAdded.join('、')}
          </div>
        )}
      </div>
    </section>
  );
}

function ErrorTable({ errors }: { errors: ImportIssue[] }) {
  return (
    <section className="panel" data-testid="import-errors">
      <div className="panel-head">
        <span className="danger-text">发现 {errors.length} 处错误，整个文件未导入</span>
        <span className="spacer" />
        <span className="note">请在原表格中改正后重新选择文件</span>
      </div>
      <div className="table-wrap" style={{ maxHeight: 420 }}>
        <table className="simple">
          <thead>
            <tr>
              <th>文件</th>
              <th>工作表</th>
              <th className="num">行</th>
              <th>列</th>
              <th>值</th>
              <th>错误说明</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={i}>
                <td>{e.file}</td>
                <td>{e.sheet}</td>
                <td className="num">{e.row}</td>
                <td>{e.column}</td>
                <td className="mono">{e.value || '（空）'}</td>
                <td className="danger-text">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ImportScreen() {
  const [files, setFiles] = useState<Picked[]>([]);
  const [over, setOver] = useState(false);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  // 数据日期: the day the export was taken; proposed as today (a title row such as 统计截至… can propose it later).
  const [takenOn, setTakenOn] = useState(chinaToday());
  const [allowOlder, setAllowOlder] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const act = useAction();
  const history = useInvoke('imports/list');
  const nav = useNav();

  const take = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setPreview(null);
    setDone(null);
    const arr = [...list];
    const picked = await act.run('upload', async () => {
      const out: Picked[] = [];
      for (const f of arr) out.push({ name: f.name, size: f.size, path: await uploadFile(f) });
      return out;
    });
    if (!picked) return;
    setFiles(picked);
    await check(picked, takenOn, allowOlder);
  };

  /** The preview (a dry run) of the chosen files with the data date and the older-data choice. */
  const check = async (picked: Picked[], on: string, older: boolean) => {
    if (!picked.length || !on) return;
    setPreview(null);
    const r = await act.run('preview', (opts) =>
      invokeWith('import/preview', { files: picked.map((p) => p.path), takenOn: on, allowOlder: older }, opts),
    );
    if (r) setPreview(r);
  };

  const commit = async () => {
    const r = await act.run(
      'import',
      (opts) => invokeWith('import/run', { files: files.map((p) => p.path), takenOn, allowOlder }, opts),
      (x) => (x.message ? x.message : x.noOp ? '内容未变化，无需导入。' : '导入完成。'),
    );
    if (r) {
      setDone(r);
      setPreview(null);
      void history.reload();
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files);
  };

  const errors = preview?.errors ?? [];
  const canCommit = !!preview && errors.length === 0 && preview.ok && !act.busy && !!takenOn;
  const imports = history.data?.batches ?? [];

  return (
    <div className="page">
      <div className="page-head">
        <h1>导入</h1>
        <span className="sub">从全国检察业务应用系统导出的案件数据（XLSX 或 CSV），导入前先检查全部错误</span>
      </div>
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <strong>将文件拖到此处</strong>
        <div>
          或{' '}
          <Button kind="link" onClick={() => inputRef.current?.click()}>
            选择文件…
          </Button>
          （可同时选择多个文件）
        </div>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept=".xlsx,.csv"
          style={{ display: 'none' }}
          onChange={(e) => {
            void take(e.target.files);
            e.target.value = '';
          }}
          data-testid="file-input"
        />
        {files.length > 0 && (
          <div className="file-chips">
            {files.map((f) => (
              <span className="chip" key={f.path}>
                {f.name}（{Math.max(1, Math.round(f.size / 1024))} KB）
              </span>
            ))}
          </div>
        )}
      </div>
      <div className="row">
        <Field label="数据日期（导出之日）" hint="从全国检察业务应用系统导出这些数据的那一天">
          <input
            type="date"
            value={takenOn}
            max={chinaToday()}
            onChange={(e) => {
              setTakenOn(e.target.value);
              void check(files, e.target.value, allowOlder);
            }}
            data-testid="import-taken-on"
          />
        </Field>
        <label className="row">
          <input
            type="checkbox"
            checked={allowOlder}
            onChange={(e) => {
              setAllowOlder(e.target.checked);
              void check(files, takenOn, e.target.checked);
            }}
            data-testid="import-allow-older"
          />
          允许用较早的数据覆盖库中较新的数据
        </label>
      </div>
      <div className="row">
        <ProgressLine
          active={!!act.busy}
          requestId={act.requestId}
          label={act.busy === 'upload' ? '正在读取文件…' : act.busy === 'preview' ? '正在检查…' : '正在导入…'}
        />
        <span className="spacer" style={{ flex: 1 }} />
        {preview && errors.length === 0 && <span className="ok-text">检查通过，未发现错误。</span>}
        <Button
          kind="primary"
          disabled={!canCommit}
          busy={act.busy === 'import'}
          onClick={commit}
          testId="import-commit"
        >
          确认导入
        </Button>
      </div>
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
      {errors.length > 0 && <ErrorTable errors={errors} />}
      {preview && errors.length === 0 && <Summary r={preview} title="预览：导入后将" />}
      {done && <Summary r={done} title="导入结果" />}
      {done && !done.noOp && (
        <div className="row">
          <span className="muted">数据已更新。运行审核后，监控问题和临期预警按新数据刷新。</span>
          <Button
            busy={act.busy === 'audit'}
            onClick={async () => {
              await act.run(
                'audit',
                (opts) => invokeWith('audit/run', {}, opts),
                () => '审核完成，请到“监控问题”查看。',
              );
            }}
          >
            运行今日审核
          </Button>
          <Button kind="link" onClick={() => nav('findings')}>
            查看监控问题
          </Button>
        </div>
      )}
      <section className="panel">
        <div className="panel-head">导入记录</div>
        {imports.length === 0 ? (
          <Empty>暂无导入记录</Empty>
        ) : (
          <div className="table-wrap" style={{ maxHeight: 300 }}>
            <table className="simple">
              <thead>
                <tr>
                  <th>时间</th>
                  <th>数据日期</th>
                  <th>文件</th>
                  <th className="num">新增</th>
                  <th className="num">变更</th>
                  <th className="num">未变</th>
                  <th>操作人</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((b) => {
                  const fl = b.files.map((f) => f.name).join('、');
                  return (
                    <tr key={b.id}>
                      <td>{timeText(b.finishedAt ?? b.startedAt)}</td>
                      <td>{b.takenOn ?? '—'}</td>
                      <td>
                        {fl || '—'}
                        {b.noOp ? <span className="muted">（无变化）</span> : null}
                      </td>
                      <td className="num">{num(b.cases.added)}</td>
                      <td className="num">{num(b.cases.changed)}</td>
                      <td className="num">{num(b.cases.unchanged)}</td>
                      <td>{b.actor}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
