/** AG Grid set-up shared by every grid: modules, the quartz theme tuned for dense office work, Chinese locale. */
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';

ModuleRegistry.registerModules([AllCommunityModule]);

export const FONT =
  "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', sans-serif";

export const gridTheme = themeQuartz.withParams({
  fontFamily: FONT,
  fontSize: 13,
  headerFontSize: 13,
  headerFontWeight: 600,
  rowHeight: 30,
  headerHeight: 34,
  spacing: 5,
  wrapperBorderRadius: 4,
  borderRadius: 3,
  accentColor: '#1d5fa6',
  foregroundColor: '#1f2733',
  headerBackgroundColor: '#f2f4f7',
  headerTextColor: '#3a4554',
  oddRowBackgroundColor: '#fafbfc',
  rowHoverColor: '#eef4fb',
  selectedRowBackgroundColor: '#dde9f7',
  borderColor: '#d9dee5',
  browserColorScheme: 'light',
});

/** The community locale with its machine-translated strings replaced. */
export const localeText: Record<string, string> = {
  ...AG_GRID_LOCALE_CN,
  of: '共',
  noRowsToShow: '暂无数据',
  loadingOoo: '加载中…',
  loadingError: '加载失败',
  page: '第',
  to: '至',
  more: '更多',
  pageSizeSelectorLabel: '每页：',
  filterOoo: '筛选…',
  searchOoo: '搜索…',
  textFilter: '文本筛选',
  dateFilter: '日期筛选',
  numberFilter: '数字筛选',
  ariaFilterInput: '筛选输入',
  startsWith: '开头是',
  endsWith: '结尾是',
  blank: '为空',
  notBlank: '不为空',
  andCondition: '并且',
  orCondition: '或者',
  firstPage: '首页',
  lastPage: '末页',
  selectAll: '（全选）',
  sortUnSort: '取消排序',
  autosizeThisColumn: '自动调整本列宽度',
};
