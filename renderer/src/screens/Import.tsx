/**
 * 导入: drop or choose files; a file no saved mapping (导入模板) reads and not in the product's own layout
 * opens the import wizard (renderer/src/import/MappingWizard.tsx); then the preview of every change before
 * anything is written, and the import. Saved mappings and past imports below.
 */
import { useRef, useState, type DragEvent } from 'react';
import { invoke, invokeWith, uploadFile } from '../api';
import { useAction, useInvoke } from '../hooks';
import { useNav } from '../nav';
import { Button, Empty, Field, MessageBar, ProgressLine } from '../components/ui';
import { chinaToday, num, timeText } from '../util';
import { forgetRoster } from '../roster';
import { DateInput } from '../components/pickers';
import { announceDeskChange } from '../components/Desk';
import { MappingWizard, type WizardResult } from '../import/MappingWizard';
import { ImportPreview, type ImportResult } from '../import/ImportPreview';
import { SavedMappings } from '../import/SavedMappings';
import type { Mapping } from '../import/draft';

type ImportIssue = ImportResult['errors'][number];

/** A file of the import: how it will be read (a saved mapping by name, a mapping used once, its own layout). */
interface Picked {
  name: string;
  path: string;
  size: number;
  kind: 'saved' | 'plain' | 'unknown' | 'refused' | 'once';
  mapping: string | Mapping | null;
}

/** The payload's mapping per file: a saved mapping's name, a mapping used once, or null (own layout). */
const mappingsOf = (files: Picked[]) => files.map((f) => (f.kind === 'saved' || f.kind === 'once' ? f.mapping : null));

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
  const [wizardFor, setWizardFor] = useState<number | null>(null);
  /** The file whose mapping the user chose to change after the preview found errors. */
  const [editing, setEditing] = useState(false);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  // 数据日期: the day the export was taken, proposed from a title row (统计截至…) or as today (the server's clock).
  const [takenOn, setTakenOn] = useState(chinaToday());
  const [takenOnFrom, setTakenOnFrom] = useState<string | null>(null);
  const [allowOlder, setAllowOlder] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const act = useAction();
  const history = useInvoke('imports/list');
  const saved = useInvoke('mappings/list');
  const nav = useNav();

  /** The preview (a dry run) of the chosen files with their mappings, the data date and the older-data choice. */
  const runPreview = async (list: Picked[], on = takenOn, older = allowOlder) => {
    if (!list.length || !on) return;
    setPreview(null);
    const r = await act.run('preview', (opts) =>
      invokeWith(
        'import/preview',
        { files: list.map((p) => p.path), mappings: mappingsOf(list), takenOn: on, allowOlder: older },
        opts,
      ),
    );
    if (r) setPreview(r);
  };

  /** The next file that needs the wizard, else the preview. */
  const next = async (list: Picked[], on = takenOn) => {
    const i = list.findIndex((f) => f.kind === 'unknown');
    setWizardFor(i >= 0 ? i : null);
    if (i < 0) await runPreview(list, on);
  };

  const propose = (date: string, from: string | null) => {
    setTakenOn(date);
    setTakenOnFrom(from);
    return date;
  };

  const take = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setPreview(null);
    setDone(null);
    setWizardFor(null);
    const arr = [...list];
    const picked = await act.run('upload', async () => {
      const out: { name: string; size: number; path: string }[] = [];
      for (const f of arr) out.push({ name: f.name, size: f.size, path: await uploadFile(f) });
      const d = await invoke('mappings/detect', { files: out.map((p) => p.path), names: out.map((p) => p.name) });
      const on = d.titleDate ? propose(d.titleDate.date, d.titleDate.text) : propose(d.today, null);
      return { on, list: out.map((p, i): Picked => ({ ...p, kind: d.files[i].kind, mapping: d.files[i].mapping })) };
    });
    if (!picked) return;
    setFiles(picked.list);
    await next(picked.list, picked.on);
  };

  const wizardDone = async (r: WizardResult) => {
    if (wizardFor == null) return;
    setEditing(false);
    const list = files.map((f, i) =>
      i === wizardFor
        ? { ...f, kind: r.saved ? ('saved' as const) : ('once' as const), mapping: r.saved ?? r.mapping }
        : f,
    );
    setFiles(list);
    if (r.saved) void saved.reload();
    const on = !takenOnFrom && r.titleDate ? propose(r.titleDate.date, r.titleDate.text) : takenOn;
    await next(list, on);
  };

  const commit = async () => {
    const r = await act.run(
      'import',
      (opts) =>
        invokeWith(
          'import/run',
          { files: files.map((p) => p.path), mappings: mappingsOf(files), takenOn, allowOlder },
          opts,
        ),
      (x) => (x.message ? x.message : x.noOp ? '内容未变化，无需导入。' : '导入完成。'),
    );
    if (r) {
      setDone(r);
      setPreview(null);
      void history.reload();
      // The roster and the case count may have changed (lists' order, "尚无案件数据").
      forgetRoster();
      announceDeskChange();
      void saved.reload();
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files);
  };

  const errors = preview?.errors ?? [];
  const canCommit = !!preview && errors.length === 0 && preview.ok && !act.busy && wizardFor == null && !!takenOn;
  const imports = history.data?.batches ?? [];
  const kindNote = (f: Picked) =>
    f.kind === 'saved'
      ? `按导入模板「${f.mapping as string}」读取`
      : f.kind === 'once'
        ? '按本次设置的对应关系读取'
        : f.kind === 'plain'
          ? '本程序的导入格式'
          : f.kind === 'unknown'
            ? '需要设置对应关系'
            : '无法读取';

  return (
    <div className="page">
      <div className="page-head">
        <h1>导入</h1>
        <span className="sub">从全国检察业务应用系统导出的案件数据（XLSX 或 CSV），导入前先检查全部错误和变化</span>
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
          （可同时选择多个文件；业务系统导出的原始表格也可直接导入）
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
          <div className="file-chips" data-testid="file-chips">
            {files.map((f) => (
              <span className="chip" key={f.path}>
                {f.name}（{Math.max(1, Math.round(f.size / 1024))} KB，{kindNote(f)}）
              </span>
            ))}
          </div>
        )}
      </div>
      {files.length > 0 && (
        <div className="row">
          <Field
            label="数据日期（导出之日）"
            hint={
              takenOnFrom
                ? `取自文件标题行「${takenOnFrom}」；从全国检察业务应用系统导出这些数据的那一天`
                : '从全国检察业务应用系统导出这些数据的那一天（文件中未写明，默认今天）'
            }
          >
            <DateInput
              value={takenOn}
              max={chinaToday()}
              label="数据日期"
              onChange={(v) => {
                setTakenOn(v);
                setTakenOnFrom(null);
                if (wizardFor == null) void runPreview(files, v, allowOlder);
              }}
              testId="import-taken-on"
            />
          </Field>
          <label className="row">
            <input
              type="checkbox"
              checked={allowOlder}
              onChange={(e) => {
                setAllowOlder(e.target.checked);
                if (wizardFor == null) void runPreview(files, takenOn, e.target.checked);
              }}
              data-testid="import-allow-older"
            />
            允许用较早的数据覆盖库中较新的数据
          </label>
        </div>
      )}
      {wizardFor != null && files[wizardFor] && (
        <MappingWizard
          key={files[wizardFor].path}
          file={files[wizardFor].path}
          name={files[wizardFor].name}
          initial={editing && files[wizardFor].kind === 'once' ? (files[wizardFor].mapping as Mapping) : undefined}
          onDone={(r) => void wizardDone(r)}
          onCancel={() => {
            setWizardFor(null);
            if (!editing) setFiles([]);
            setEditing(false);
          }}
        />
      )}
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
      {errors.length > 0 && wizardFor == null && (
        <>
          <ErrorTable errors={errors} />
          {files.some((f) => f.kind === 'saved' || f.kind === 'once') && (
            <div className="row" data-testid="mapping-fix">
              <span className="muted">
                若错误来自导入模板未涵盖的列或值（如新出现的写法），可修改导入模板后重新检查：
              </span>
              {files.map((f, i) =>
                f.kind === 'saved' || f.kind === 'once' ? (
                  <Button
                    key={f.path}
                    small
                    onClick={() => {
                      setEditing(true);
                      setWizardFor(i);
                    }}
                  >
                    {f.kind === 'saved' ? `修改导入模板「${f.mapping as string}」` : `修改「${f.name}」的对应关系`}
                  </Button>
                ) : null,
              )}
            </div>
          )}
        </>
      )}
      {preview && errors.length === 0 && <ImportPreview r={preview} title="预览：导入后将" />}
      {done && <ImportPreview r={done} title="导入结果" />}
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
      <SavedMappings list={saved.data?.mappings ?? []} onChanged={() => void saved.reload()} />
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
