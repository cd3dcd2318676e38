/** The Chinese application menu (文件/编辑/视图/帮助) as a plain template; main.ts builds it with Menu. */

export interface MenuItemSpec {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface MenuActions {
  openExportFolder: () => void;
  about: () => void;
  devTools: boolean;
}

export function menuTemplate(a: MenuActions): MenuItemSpec[] {
  const view: MenuItemSpec[] = [
    { label: '重新加载', role: 'reload' },
    { type: 'separator' },
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  ];
  if (a.devTools) view.push({ type: 'separator' }, { label: '开发者工具', role: 'toggleDevTools' });
  return [
    {
      label: '文件',
      submenu: [
        { label: '打开导出文件夹', accelerator: 'CmdOrCtrl+E', click: a.openExportFolder },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图', submenu: view },
    { label: '帮助', submenu: [{ label: '关于案件流程监控台', click: a.about }] },
  ];
}
