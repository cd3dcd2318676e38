/** Screen routing through the location hash (#/findings?status=待处理), so a reload keeps the screen. */
import { createContext, useContext } from 'react';

export type Screen =
  'home' | 'cases' | 'findings' | 'calendar' | 'import' | 'bulletins' | 'dossier' | 'referrals' | 'jobs' | 'settings';

export const SCREENS: { id: Screen; label: string; icon: string }[] = [
  { id: 'home', label: '首页', icon: 'M3 10 12 3l9 7v10a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z' },
  { id: 'cases', label: '案件', icon: 'M4 4h16v16H4zM4 9h16M9 9v11' },
  { id: 'findings', label: '监控问题', icon: 'M12 3 2 20h20zM12 10v5M12 17.5v.5' },
  { id: 'calendar', label: '期限日历', icon: 'M4 6h16v14H4zM4 10h16M8 3v5M16 3v5M8 14h2M12 14h2M8 17h2' },
  { id: 'import', label: '导入', icon: 'M12 3v12M7 10l5 5 5-5M4 19h16' },
  { id: 'bulletins', label: '通报', icon: 'M5 3h10l4 4v14H5zM8 11h8M8 15h8M8 7h4' },
  { id: 'dossier', label: '执法档案', icon: 'M12 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8M4 21c0-4 4-6 8-6s8 2 8 6' },
  { id: 'referrals', label: '线索移送', icon: 'M4 12h13M13 7l5 5-5 5M4 4v16' },
  { id: 'jobs', label: '任务', icon: 'M12 7v5l3 3M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18' },
  {
    id: 'settings',
    label: '设置',
    icon: 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6M4 12h2M18 12h2M12 4v2M12 18v2M6.3 6.3l1.4 1.4M16.3 16.3l1.4 1.4M6.3 17.7l1.4-1.4M16.3 7.7l1.4-1.4',
  },
];

export interface Route {
  screen: Screen;
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  const screen = (m && SCREENS.some((s) => s.id === m[1]) ? m[1] : 'home') as Screen;
  const params: Record<string, string> = {};
  if (m?.[2]) for (const [k, v] of new URLSearchParams(m[2])) params[k] = v;
  return { screen, params };
}

export function hashOf(screen: Screen, params?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return `#/${screen}${s ? `?${s}` : ''}`;
}

export type Navigate = (screen: Screen, params?: Record<string, string | undefined>) => void;
export const NavContext = createContext<Navigate>(() => undefined);
export const useNav = () => useContext(NavContext);
