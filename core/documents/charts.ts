/**
 * The bulletins' charts. The option builders are plain data (no Node), so the UI renders the same
 * option with ECharts in the browser; here ECharts' server-side SVG renderer draws them for the
 * HTML/PDF, and resvg turns the SVG into a PNG (with the system CJK fonts) for the DOCX.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as Echarts from 'echarts';

/* eslint-disable @typescript-eslint/no-require-imports */
// Loaded when a chart is first drawn, not with the handlers: echarts costs ~0.3 s of every start (issue 15, first screen).
const echarts = (): typeof Echarts => require('echarts');
const resvg = (): typeof import('@resvg/resvg-js') => require('@resvg/resvg-js');
/* eslint-enable @typescript-eslint/no-require-imports */

export type ChartOption = Record<string, unknown>;
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'SimHei', sans-serif";
const base = (title: string): ChartOption => ({
  animation: false,
  textStyle: { fontFamily: FONT, fontSize: 12, color: '#222' },
  title: { text: title, left: 'center', top: 4, textStyle: { fontFamily: FONT, fontSize: 14, fontWeight: 'normal' } },
  grid: { left: 48, right: 24, top: 44, bottom: 40, containLabel: true },
});

/** Bar chart: new findings by area (流程监控通报). */
export function findingsByAreaOption(
  byArea: { area: string; count: number }[],
  previous?: { area: string; count: number }[],
): ChartOption {
  return {
    ...base('新发现问题（按问题类别）'),
    legend: previous ? { bottom: 0, data: ['本期', '上期'], textStyle: { fontFamily: FONT } } : undefined,
    xAxis: { type: 'category', data: byArea.map((a) => a.area), axisLabel: { fontFamily: FONT, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, name: '个', nameTextStyle: { fontFamily: FONT } },
    series: [
      {
        name: '本期',
        type: 'bar',
        data: byArea.map((a) => a.count),
        barMaxWidth: 36,
        itemStyle: { color: '#2f5597' },
        label: { show: true, position: 'top', fontFamily: FONT },
      },
      ...(previous
        ? [
            {
              name: '上期',
              type: 'bar',
              data: byArea.map((a) => previous.find((p) => p.area === a.area)?.count ?? 0),
              barMaxWidth: 36,
              itemStyle: { color: '#a9b8d6' },
            },
          ]
        : []),
    ],
  };
}

/** Line chart: new vs rectified findings over the last 12 months. */
export function findingTrendOption(trend: { month: string; newCount: number; rectified: number }[]): ChartOption {
  return {
    ...base('近十二个月新发现与已整改问题'),
    legend: { bottom: 0, data: ['新发现', '已整改'], textStyle: { fontFamily: FONT } },
    xAxis: {
      type: 'category',
      data: trend.map((t) => `${+t.month.slice(5)}月`),
      axisLabel: { fontFamily: FONT, interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1, name: '个', nameTextStyle: { fontFamily: FONT } },
    series: [
      {
        name: '新发现',
        type: 'line',
        data: trend.map((t) => t.newCount),
        symbol: 'circle',
        symbolSize: 6,
        itemStyle: { color: '#c00000' },
        lineStyle: { width: 2 },
      },
      {
        name: '已整改',
        type: 'line',
        data: trend.map((t) => t.rectified),
        symbol: 'rect',
        symbolSize: 6,
        itemStyle: { color: '#2f5597' },
        lineStyle: { width: 2, type: 'dashed' },
      },
    ],
  };
}

/** Bar chart: cases concluded per prosecutor (员额检察官办案数据通报); no ranking, roster order. */
export function concludedByProsecutorOption(rows: { prosecutor: string; concluded: number | null }[]): ChartOption {
  return {
    ...base('各员额检察官本期办结案件数'),
    grid: { left: 48, right: 24, top: 44, bottom: 20, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.prosecutor),
      axisLabel: { fontFamily: FONT, interval: 0, rotate: rows.length > 12 ? 45 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1, name: '件', nameTextStyle: { fontFamily: FONT } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.concluded ?? 0),
        barMaxWidth: 28,
        itemStyle: { color: '#2f5597' },
        label: { show: rows.length <= 20, position: 'top', fontFamily: FONT },
      },
    ],
  };
}

/** SVG of an option, server-side (no DOM). */
export function renderSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option as Echarts.EChartsCoreOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const FONT_DIRS = [
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/truetype/wqy',
  '/usr/share/fonts/truetype/noto',
  'C:\\Windows\\Fonts',
];
let fontFiles: string[] | null = null;
/** One CJK sans font file (loading a 20 MB collection costs time per render: load one, not all). */
function cjkFonts(): string[] {
  if (fontFiles) return fontFiles;
  const preferred = [
    'NotoSansCJK-Regular.ttc',
    'wqy-zenhei.ttc',
    'msyh.ttc',
    'simhei.ttf',
    'NotoSerifCJK-Regular.ttc',
    'simsun.ttc',
  ];
  fontFiles = [];
  for (const name of preferred) {
    for (const d of FONT_DIRS) {
      const f = path.join(d, name);
      if (fs.existsSync(f)) {
        fontFiles.push(f);
        return fontFiles;
      }
    }
  }
  return fontFiles;
}

/**
 * PNG of an SVG at `scale` (2 = print quality for the DOCX), with the system CJK fonts. resvg reads the font file
 * again for every text element (a 20 MB collection: ~20 ms each, about a second per chart); when a batch has
 * Chromium open for its PDFs, the DOCX renderer lets Chromium rasterize instead (Printer.rasterize, pdf.ts).
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const files = cjkFonts();
  const r = new (resvg().Resvg)(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: {
      fontFiles: files,
      loadSystemFonts: files.length === 0,
      defaultFontFamily: 'Noto Sans CJK SC',
      sansSerifFamily: 'Noto Sans CJK SC',
      serifFamily: 'Noto Serif CJK SC',
    },
  });
  return Buffer.from(r.render().asPng());
}

/** SVG + PNG of an option; `withTitle: false` drops the chart's own title (documents caption it below). */
export function renderChart(option: ChartOption, width: number, height: number, withTitle = false): { svg: string } {
  const opt = withTitle ? option : { ...option, title: { show: false }, grid: { ...(option.grid as object), top: 28 } };
  return { svg: renderSvg(opt, width, height) };
}
