/** 设置: office, notice numbering, warning windows, holiday calendar, staff roster, backup and import folders; 自定义规则 (its own tab). */
import { useEffect, useRef, useState } from 'react';
import { canPickFolders, invoke, pickFolder, uploadFile, type HandlerInput, type HandlerResult } from '../api';
import { useAction, useInvoke } from '../hooks';
import { Button, Empty, Field, MessageBar, Tabs } from '../components/ui';
import { useNav } from '../nav';
import { CustomRulesPanel } from './CustomRules';
import { timeText } from '../util';
import { letterPrefixOf, noticePrefixOf } from '../../../core/shared/notice-number';
import { OperatorsPanel } from '../components/OperatorsPanel';

type Settings = HandlerResult<'settings/get'>;
type StaffMember = HandlerResult<'staff/list'>[number];

const WINDOW_RULES: Record<string, string> = {
  'DL-ARREST': '审查逮捕期限',
  'DL-PROS': '审查起诉期限',
  'DL-SUPP': '补充侦查期限',
  'DL-PROTEST': '抗诉期限',
  'DL-OTHER': '其他案件办理期限',
  'CM-BAIL': '取保候审期限',
  'CM-RSL': '监视居住期限',
};

/**
 * A folder setting: chosen with the OS folder dialog (desktop), never typed: a chosen folder widens
 * what the app may read or write (the path guard), so only the user's own pick may set it. Browser
 * mode has no folder dialog: the folder is set in the desktop app or with `caseflow folders`.
 */
function FolderSetting(props: {
  label: string;
  hint: string;
  value: string | null;
  setting: 'backupFolder' | 'importFolder';
  onSaved: (s: Settings) => void;
}) {
  const act = useAction();
  const choose = async () => {
    const picked = await pickFolder(`选择${props.label}`);
    if (!picked) return;
    const r = await act.run(
      'pick',
      () => invoke('settings/update', { [props.setting]: picked.file }),
      () => `${props.label}已设为 ${picked.name}。`,
    );
    if (r) props.onSaved(r);
  };
  const reset = async () => {
    const r = await act.run(
      'reset',
      () => invoke('settings/update', { [props.setting]: null }),
      () => `${props.label}已恢复默认。`,
    );
    if (r) props.onSaved(r);
  };
  return (
    <Field
      label={props.label}
      hint={
        canPickFolders() ? props.hint : `${props.hint}；浏览器模式下请在桌面程序中选择，或用命令 caseflow folders 设置`
      }
    >
      <span className="folder-setting">
        <input type="text" readOnly value={props.value ?? '（未选择）'} data-testid={`folder-${props.setting}`} />
        {canPickFolders() && (
          <Button small busy={act.busy === 'pick'} onClick={choose}>
            选择…
          </Button>
        )}
        {props.value && (
          <Button small busy={act.busy === 'reset'} onClick={reset}>
            恢复默认
          </Button>
        )}
      </span>
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
    </Field>
  );
}

type SettingsTab = 'general' | 'rules';

export function SettingsScreen({ params }: { params?: Record<string, string> }) {
  const nav = useNav();
  const tab: SettingsTab = params?.tab === 'rules' ? 'rules' : 'general';
  return (
    <div className="page">
      <div className="page-head">
        <h1>设置</h1>
      </div>
      <Tabs<SettingsTab>
        tabs={[
          { id: 'general', label: '基本设置' },
          { id: 'rules', label: '自定义规则' },
        ]}
        value={tab}
        onChange={(t) => nav('settings', { tab: t === 'general' ? undefined : t })}
      />
      {tab === 'rules' ? <CustomRulesPanel /> : <GeneralSettings />}
    </div>
  );
}

function GeneralSettings() {
  const s = useInvoke('settings/get');
  const [f, setF] = useState<Settings | null>(null);
  const act = useAction();
  useEffect(() => {
    if (s.data) setF(s.data);
  }, [s.data]);

  const save = async () => {
    if (!f) return;
    const patch: HandlerInput<'settings/update'> = {
      officeName: f.officeName.trim(),
      officeShortName: f.officeShortName.trim(),
      noticePrefix: f.noticePrefix && f.noticePrefix.trim() ? f.noticePrefix.trim() : null,
      letterPrefix: f.letterPrefix && f.letterPrefix.trim() ? f.letterPrefix.trim() : null,
      documentAddressee: f.documentAddressee.trim() || '本院各业务部门',
      documentCc: f.documentCc.trim(),
      noticeReplyDays: Number(f.noticeReplyDays),
      noticeReplyWorkingDays: !!f.noticeReplyWorkingDays,
      warningWindows: Object.fromEntries(Object.entries(f.warningWindows).map(([k, v]) => [k, Number(v)])),
    };
    const r = await act.run(
      'save',
      () => invoke('settings/update', patch),
      () => '设置已保存。',
    );
    if (r) {
      setF(r);
      window.dispatchEvent(new CustomEvent('caseflow:settings', { detail: r }));
    }
  };

  const upd = <K extends keyof Settings>(k: K, v: Settings[K]) => f && setF({ ...f, [k]: v });
  // The same rule as the numbers issued (never 青检检案管监).
  const prefixDefault = f ? noticePrefixOf({ noticePrefix: null, officeShortName: f.officeShortName }) : '';
  const prefixShown = f ? noticePrefixOf(f) : '';
  const letterDefault = f ? letterPrefixOf({ letterPrefix: null, officeShortName: f.officeShortName }) : '';

  return (
    <>
      <div className="toolbar">
        <span className="spacer" />
        <Button kind="primary" onClick={save} busy={act.busy === 'save'} disabled={!f} testId="settings-save">
          保存设置
        </Button>
      </div>
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
      {s.error && <MessageBar msg={{ kind: 'error', text: s.error }} />}
      {f && (
        <>
          <section className="panel">
            <div className="panel-head">单位与通知书</div>
            <div className="panel-body form-grid">
              <Field label="单位全称" required>
                <input
                  type="text"
                  value={f.officeName}
                  onChange={(e) => upd('officeName', e.target.value)}
                  data-testid="office-name"
                />
              </Field>
              <Field label="单位简称" required>
                <input type="text" value={f.officeShortName} onChange={(e) => upd('officeShortName', e.target.value)} />
              </Field>
              <Field
                label="通知书文号前缀"
                hint={`文号形如 ${prefixShown}〔${new Date().getFullYear()}〕1号；留空使用默认`}
              >
                <input
                  type="text"
                  value={f.noticePrefix ?? ''}
                  placeholder={prefixDefault}
                  onChange={(e) => upd('noticePrefix', e.target.value)}
                />
              </Field>
              <Field
                label="抄送函文号前缀"
                hint={`线索移送材料的抄送函文号形如 ${letterPrefixOf(f)}〔${new Date().getFullYear()}〕1号；留空使用默认`}
              >
                <input
                  type="text"
                  value={f.letterPrefix ?? ''}
                  placeholder={letterDefault}
                  onChange={(e) => upd('letterPrefix', e.target.value)}
                />
              </Field>
              <Field label="通报主送" hint="周通报和月度通报的主送单位">
                <input
                  type="text"
                  value={f.documentAddressee}
                  onChange={(e) => upd('documentAddressee', e.target.value)}
                />
              </Field>
              <Field label="通报抄送" hint="通报版记中的抄送单位；留空则不列抄送">
                <input type="text" value={f.documentCc} onChange={(e) => upd('documentCc', e.target.value)} />
              </Field>
              <Field label="回复期限（天）">
                <input
                  type="number"
                  min={1}
                  max={90}
                  value={f.noticeReplyDays}
                  onChange={(e) => upd('noticeReplyDays', Number(e.target.value))}
                />
              </Field>
              <Field label="回复期限计算方式">
                <select
                  value={f.noticeReplyWorkingDays ? '1' : '0'}
                  onChange={(e) => upd('noticeReplyWorkingDays', e.target.value === '1')}
                >
                  <option value="0">自然日</option>
                  <option value="1">工作日</option>
                </select>
              </Field>
              <FolderSetting
                label="备份文件夹"
                hint="每日自动备份到此文件夹；未选择时备份在案件库旁的 backups 文件夹"
                value={f.backupFolder}
                setting="backupFolder"
                onSaved={(r) => setF(r)}
              />
              <FolderSetting
                label="导入文件夹"
                hint="全国检察业务应用系统导出文件所在的文件夹（可选）"
                value={f.importFolder}
                setting="importFolder"
                onSaved={(r) => setF(r)}
              />
            </div>
          </section>
          <section className="panel">
            <div className="panel-head">
              临期预警天数<span className="note">期限届满前多少天开始预警</span>
            </div>
            <div className="panel-body form-grid">
              {Object.entries(f.warningWindows).map(([rule, days]) => (
                <Field key={rule} label={WINDOW_RULES[rule] ?? rule}>
                  <input
                    type="number"
                    min={0}
                    max={90}
                    value={days}
                    onChange={(e) => upd('warningWindows', { ...f.warningWindows, [rule]: Number(e.target.value) })}
                  />
                </Field>
              ))}
            </div>
          </section>
        </>
      )}
      <OperatorsPanel />
      <div className="grid-2">
        <Calendar />
        <Staff />
      </div>
      <Backups />
    </>
  );
}

function Calendar() {
  const list = useInvoke('calendar/list');
  const act = useAction();
  const ref = useRef<HTMLInputElement>(null);
  const years = list.data?.years ?? [];
  const load = async (fl: FileList | null) => {
    if (!fl?.length) return;
    const file = fl[0];
    await act.run(
      'load',
      async () => invoke('calendar/load', { file: await uploadFile(file) }),
      (r) => `节假日安排已载入${r.years.length ? `：${r.years.join('、')}年` : ''}。`,
    );
    void list.reload();
  };
  return (
    <section className="panel">
      <div className="panel-head">
        节假日安排
        <span className="spacer" />
        <input
          ref={ref}
          type="file"
          accept=".json"
          style={{ display: 'none' }}
          onChange={(e) => {
            void load(e.target.files);
            e.target.value = '';
          }}
          data-testid="calendar-file"
        />
        <Button small busy={act.busy === 'load'} onClick={() => ref.current?.click()}>
          载入新文件…
        </Button>
      </div>
      <div className="panel-body">
        <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
        {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
        {years.length === 0 ? (
          <Empty>未载入节假日安排</Empty>
        ) : (
          <table className="simple">
            <thead>
              <tr>
                <th>年份</th>
                <th className="num">节假日</th>
                <th className="num">调休上班</th>
                <th>来源</th>
                <th>载入时间</th>
              </tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr key={y.year}>
                  <td>{y.year}年</td>
                  <td className="num">{y.holidays}</td>
                  <td className="num">{y.workdays}</td>
                  <td>{y.source === 'built-in' ? '内置（国务院办公厅通知）' : y.source}</td>
                  <td>{timeText(y.loadedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">
          没有节假日安排的年份只按周末计算休息日，期限可能不准确。国务院办公厅每年底公布次年安排后，请载入新的文件。
        </p>
      </div>
    </section>
  );
}

function Staff() {
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    invoke('staff/list')
      .then(setStaff)
      .catch((e: unknown) => setErr(e instanceof Error ? e.message : String(e)));
  }, []);
  return (
    <section className="panel">
      <div className="panel-head">
        人员名册<span className="note">随案件数据的“人员”表导入</span>
      </div>
      <div className="panel-body">
        {err && <MessageBar msg={{ kind: 'error', text: err }} />}
        {staff && staff.length === 0 && <Empty>名册为空</Empty>}
        {staff && staff.length > 0 && (
          <div className="table-wrap" style={{ maxHeight: 320 }}>
            <table className="simple">
              <thead>
                <tr>
                  <th>姓名</th>
                  {staff.some((p) => p.department) && <th>部门</th>}
                  <th>身份</th>
                  <th>状态</th>
                </tr>
              </thead>
              <tbody>
                {staff.map((p) => (
                  <tr key={p.name}>
                    <td>{p.name}</td>
                    {staff.some((x) => x.department) && <td>{p.department || '—'}</td>}
                    <td>{p.role}</td>
                    <td>{p.active ? '在岗' : '停用'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

function Backups() {
  const list = useInvoke('backup/list');
  const act = useAction();
  const rows = list.data?.backups ?? [];
  const create = async () => {
    await act.run(
      'create',
      () => invoke('backup/create', {}),
      (r) => `已备份到 ${r.file}`,
    );
    void list.reload();
  };
  return (
    <section className="panel">
      <div className="panel-head">
        备份<span className="note">{list.data?.dir ? `文件夹：${list.data.dir}` : ''}</span>
        <span className="spacer" />
        <Button small busy={act.busy === 'create'} onClick={create}>
          立即备份
        </Button>
      </div>
      <div className="panel-body">
        <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
        {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
        {rows.length === 0 ? (
          <Empty>暂无备份</Empty>
        ) : (
          <div className="table-wrap" style={{ maxHeight: 240 }}>
            <table className="simple">
              <thead>
                <tr>
                  <th>时间</th>
                  <th>类型</th>
                  <th>文件</th>
                  <th className="num">大小</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, 30).map((b, i) => (
                  <tr key={i}>
                    <td>{timeText(b.at)}</td>
                    <td>
                      {(
                        {
                          daily: '每日',
                          weekly: '每周',
                          monthly: '每月',
                          manual: '手动',
                          'pre-migration': '升级前',
                          'pre-restore': '恢复前',
                        } as Record<string, string>
                      )[b.kind] ?? b.kind}
                    </td>
                    <td className="small">{b.name}</td>
                    <td className="num">{`${(b.bytes / 1024 / 1024).toFixed(1)} MB`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">恢复备份请关闭程序后使用命令 caseflow restore（恢复前会自动保留当前库）。</p>
      </div>
    </section>
  );
}
