/** An empty store says so ("尚无案件数据", with the import button): zeros must never read as "all clear". */
import { useEffect, useState } from 'react';
import { invoke } from '../api';
import { useNav } from '../nav';
import { Button } from './ui';

/** Cases in the store (null while loading); reloads when the desk announces a change. */
export function useCaseCount(): number | null {
  const [n, setN] = useState<number | null>(null);
  useEffect(() => {
    const load = () =>
      invoke('setup/status')
        .then((s) => setN(s.cases))
        .catch(() => undefined);
    void load();
    window.addEventListener('caseflow:settings', load);
    return () => window.removeEventListener('caseflow:settings', load);
  }, []);
  return n;
}

export function EmptyStore({ note }: { note?: string }) {
  const nav = useNav();
  return (
    <section className="panel empty-store" data-testid="empty-store">
      <strong>尚无案件数据</strong>
      <div className="muted">
        {note ??
          '案件库中还没有案件，因此没有审核结果：这不表示没有问题。请先从全国检察业务应用系统导出案件数据并导入。'}
      </div>
      <Button kind="primary" onClick={() => nav('import')} testId="empty-import">
        导入案件数据
      </Button>
    </section>
  );
}
