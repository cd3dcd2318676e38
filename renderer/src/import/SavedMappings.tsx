/** 已保存的导入模板: the saved mappings with the columns they match; export (a JSON file) and delete. */
import { useState } from 'react';
import { errorText, invoke, type HandlerResult } from '../api';
import { Button, Empty, FileLink, MessageBar, Modal, type Msg } from '../components/ui';
import { timeText } from '../util';

type Saved = HandlerResult<'mappings/list'>['mappings'][number];

export function SavedMappings(props: { list: Saved[]; onChanged: () => void }) {
  const [msg, setMsg] = useState<Msg>(null);
  const [exported, setExported] = useState<{ name: string; path: string } | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  return (
    <section className="panel" data-testid="saved-mappings">
      <div className="panel-head">
        已保存的导入模板
        <span className="spacer" />
        <span className="note">表头与模板相符的文件导入时自动使用对应模板</span>
      </div>
      <MessageBar msg={msg} onClose={() => setMsg(null)} />
      {props.list.length === 0 ? (
        <Empty>尚未保存导入模板。导入业务系统导出的原始表格时，可在导入向导中保存。</Empty>
      ) : (
        <div className="table-wrap" style={{ maxHeight: 300 }}>
          <table className="simple">
            <thead>
              <tr>
                <th>名称</th>
                <th>对应的列</th>
                <th>保存时间</th>
                <th>最近使用</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {props.list.map((m) => (
                <tr key={m.name}>
                  <td>{m.name}</td>
                  <td className="small">
                    {m.sheets.map((s) => (
                      <div key={s.sheet}>
                        <span className="muted">{s.sheet}：</span>
                        {s.headers.join('、')}
                      </div>
                    ))}
                  </td>
                  <td>{timeText(m.updatedAt)}</td>
                  <td>{m.usedAt ? timeText(m.usedAt) : '—'}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <Button
                      kind="link"
                      small
                      onClick={async () => {
                        try {
                          const r = await invoke('mappings/export', { name: m.name });
                          setExported({ name: m.name, path: r.path });
                        } catch (e) {
                          setMsg({ kind: 'error', text: errorText(e) });
                        }
                      }}
                    >
                      导出
                    </Button>
                    <Button kind="link" small onClick={() => setConfirm(m.name)}>
                      删除
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {exported && (
        <div className="panel-body small" data-testid="mapping-exported">
          已导出「{exported.name}」：
          <FileLink path={exported.path} />
        </div>
      )}
      {confirm && (
        <Modal
          title="删除导入模板"
          onClose={() => setConfirm(null)}
          footer={
            <>
              <Button onClick={() => setConfirm(null)}>取消</Button>
              <Button
                kind="danger"
                testId="mapping-delete-confirm"
                onClick={async () => {
                  const name = confirm;
                  setConfirm(null);
                  try {
                    await invoke('mappings/delete', { name });
                    setMsg({ kind: 'ok', text: `已删除导入模板「${name}」` });
                    props.onChanged();
                  } catch (e) {
                    setMsg({ kind: 'error', text: errorText(e) });
                  }
                }}
              >
                删除
              </Button>
            </>
          }
        >
          删除导入模板「{confirm}」？之后表头相同的文件导入时需要重新设置对应关系。
        </Modal>
      )}
    </section>
  );
}
