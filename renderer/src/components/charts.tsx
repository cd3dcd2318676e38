/** Small inline-SVG charts (no canvas, no scripts): horizontal bars and a two-series line. */

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

export function BarChart({
  data,
  width = 480,
  unit = '',
  onBarClick,
}: {
  data: Bar[];
  width?: number;
  unit?: string;
  onBarClick?: (b: Bar) => void;
}) {
  const rowH = 22;
  const labelW = 96;
  const max = Math.max(1, ...data.map((d) => d.value));
  const h = Math.max(rowH, data.length * rowH) + 4;
  if (data.length === 0) return <div className="empty small">暂无数据</div>;
  return (
    <svg
      className="chart"
      width={width}
      height={h}
      viewBox={`0 0 ${width} ${h}`}
      role="img"
      style={{ maxWidth: '100%', height: 'auto' }}
    >
      {data.map((d, i) => {
        const w = ((width - labelW - 48) * d.value) / max;
        const y = i * rowH + 3;
        return (
          <g
            key={d.label + i}
            className={onBarClick ? 'clickable' : undefined}
            onClick={onBarClick ? () => onBarClick(d) : undefined}
          >
            <text x={labelW - 6} y={y + 13} textAnchor="end" className="chart-label">
              {d.label.length > 8 ? d.label.slice(0, 8) + '…' : d.label}
            </text>
            <rect
              x={labelW}
              y={y + 2}
              width={Math.max(d.value > 0 ? 2 : 0, w)}
              height={rowH - 8}
              rx={2}
              fill={d.color ?? '#4f7fb8'}
            />
            <text x={labelW + w + 5} y={y + 13} className="chart-value">
              {d.value.toLocaleString('zh-CN')}
              {unit}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function LineChart({
  labels,
  series,
  width = 420,
  height = 150,
}: {
  labels: string[];
  series: { name: string; values: number[]; color: string }[];
  width?: number;
  height?: number;
}) {
  if (labels.length === 0) return <div className="empty small">暂无数据</div>;
  const pad = { l: 34, r: 20, t: 10, b: 22 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => pad.l + (labels.length === 1 ? 0 : (i * (width - pad.l - pad.r)) / (labels.length - 1));
  const y = (v: number) => pad.t + (height - pad.t - pad.b) * (1 - v / max);
  return (
    <svg
      className="chart"
      width={width}
      height={height + 16}
      viewBox={`0 0 ${width} ${height + 16}`}
      role="img"
      style={{ maxWidth: '100%', height: 'auto' }}
    >
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={pad.l} x2={width - pad.r} y1={y(max * f)} y2={y(max * f)} stroke="#e3e7ec" />
          <text x={pad.l - 4} y={y(max * f) + 4} textAnchor="end" className="chart-axis">
            {Math.round(max * f)}
          </text>
        </g>
      ))}
      {labels.map((l, i) => (
        <text key={l + i} x={x(i)} y={height - 6} textAnchor="middle" className="chart-axis">
          {l}
        </text>
      ))}
      {series.map((s) => (
        <g key={s.name}>
          <polyline
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
          {s.values.map((v, i) => (
            <circle key={i} cx={x(i)} cy={y(v)} r={2.5} fill={s.color} />
          ))}
        </g>
      ))}
      {series.map((s, i) => (
        <g key={'lg' + s.name} transform={`translate(${pad.l + i * 90}, ${height + 10})`}>
          <rect width={10} height={3} y={-4} fill={s.color} />
          <text x={14} y={0} className="chart-axis">
            {s.name}
          </text>
        </g>
      ))}
    </svg>
  );
}
