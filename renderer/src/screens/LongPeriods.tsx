/**
 * 通报 → 季度、年度: the two bulletins over a quarter or a year (metrics.md *quarters and years*: the same
 * definitions over the longer period, rates recomputed, not averaged), opened in the bulletin view and frozen on
 * first export; and the annual evaluation workbook (业绩考评数据).
 */
import { useState } from 'react';
import { invokeWith, type HandlerInput } from '../api';
import { useAction } from '../hooks';
import { Button, FileLink, MessageBar, ProgressLine } from '../components/ui';
import { chinaToday } from '../util';

type Kind = HandlerInput<'bulletins/get'>['kind'];

export function LongPeriods({
  onOpen,
  onFrozen,
  current,
}: {
  onOpen: (kind: Kind, period: string) => void;
  onFrozen: () => void;
  current: { kind: Kind; period: string } | null;
}) {
  const thisYear = +chinaToday().slice(0, 4);
  const years = Array.from({ length: 7 }, (_, i) => String(thisYear - i));
  const [kind, setKind] = useState<Kind>('prosecutors');
  const [year, setYear] = useState(String(thisYear - 1));
  const [span, setSpan] = useState('');
  const [evalYear, setEvalYear] = useState(String(thisYear - 1));
  const act = useAction();
  const [file, setFile] = useState<string | null>(null);
  const period = span ? `${year}-${span}` : year;
  const exportEvaluation = async () => {
    setFile(null);
    const r = await act.run(
      'evaluation',
      (opts) => invokeWith('evaluation/export', { year: evalYear }, opts),
      (x) => `已生成${evalYear}年度业绩考评数据：${x.prosecutors} 名员额检察官，${x.sheets} 张工作表。`,
    );
    if (r) {
      setFile(r.file);
      onFrozen();
    }
  };
  return (
    <section className="panel" style={{ marginBottom: 12 }} data-testid="long-periods">
      <div className="panel-head">
        季度、年度通报与业绩考评数据
        <span className="note">
          季度、年度数据按同一口径对整个期间计算，比率按期间分子分母重新计算；期间结束后才能生成
        </span>
      </div>
      <div className="panel-body">
        <div className="row" style={{ flexWrap: 'wrap', gap: 8 }}>
          <select aria-label="通报" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="prosecutors">员额检察官办案数据通报</option>
            <option value="monitoring">流程监控通报</option>
          </select>
          <select aria-label="年度" value={year} onChange={(e) => setYear(e.target.value)} data-testid="long-year">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}年
              </option>
            ))}
          </select>
          <select aria-label="期间" value={span} onChange={(e) => setSpan(e.target.value)} data-testid="long-span">
            <option value="">全年</option>
            <option value="Q1">第一季度</option>
            <option value="Q2">第二季度</option>
            <option value="Q3">第三季度</option>
            <option value="Q4">第四季度</option>
          </select>
          <Button
            kind={current?.period === period && current.kind === kind ? 'default' : 'primary'}
            onClick={() => onOpen(kind, period)}
            testId="long-open"
          >
            查看
          </Button>
          <span className="spacer" />
          <select aria-label="考评年度" value={evalYear} onChange={(e) => setEvalYear(e.target.value)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}年度
              </option>
            ))}
          </select>
          <Button busy={act.busy === 'evaluation'} onClick={exportEvaluation} testId="evaluation-export">
            导出业绩考评数据
          </Button>
          <ProgressLine active={act.busy === 'evaluation'} requestId={act.requestId} label="正在生成工作簿…" />
        </div>
        <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
        {file && (
          <div className="download-list" data-testid="evaluation-file" style={{ marginTop: 6 }}>
            <FileLink path={file} />
          </div>
        )}
      </div>
    </section>
  );
}
