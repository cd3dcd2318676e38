import { useCallback, useEffect, useState } from 'react';
import { invoke, isDesktop } from './api';
import { hashOf, NavContext, parseHash, SCREENS, type Route, type Screen } from './nav';
import { HomeScreen } from './screens/Home';
import { CasesScreen } from './screens/Cases';
import { FindingsScreen } from './screens/Findings';
import { ImportScreen } from './screens/Import';
import { BulletinsScreen } from './screens/Bulletins';
import { DossierScreen } from './screens/Dossier';
import { ReferralsScreen } from './screens/Referrals';
import { JobsScreen } from './screens/Jobs';
import { SettingsScreen } from './screens/Settings';
import { CalendarScreen } from './screens/Calendar';
import { GlobalSearch } from './components/GlobalSearch';
import { FirstRun, HolidayBanner, OperatorSwitch } from './components/Desk';

/** The header's facts: the program's version (app/info) and the office's name (settings/get). */
interface AppInfo {
  version?: string;
  officeName?: string;
}

export function App() {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  const [info, setInfo] = useState<AppInfo>({});

  useEffect(() => {
    const f = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', f);
    return () => window.removeEventListener('hashchange', f);
  }, []);

  useEffect(() => {
    invoke('app/info')
      .then((i) => setInfo((prev) => ({ ...prev, version: i.version })))
      .catch(() => undefined);
    // The office's name as the user gave it (never the placeholder default before the first run).
    invoke('setup/status')
      .then((s) => {
        const o = s.officeName;
        if (o) setInfo((i) => ({ ...i, officeName: o }));
      })
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    const f = (e: Event) => {
      const o = (e as CustomEvent<{ officeName?: string }>).detail?.officeName;
      if (o) setInfo((i) => ({ ...i, officeName: o }));
    };
    window.addEventListener('caseflow:settings', f);
    return () => window.removeEventListener('caseflow:settings', f);
  }, []);

  const navigate = useCallback((screen: Screen, params?: Record<string, string | undefined>) => {
    const h = hashOf(screen, params);
    if (window.location.hash !== h) window.location.hash = h;
    else setRoute(parseHash(h));
  }, []);

  const title = SCREENS.find((s) => s.id === route.screen)?.label ?? '';
  useEffect(() => {
    document.title = `${title} - 案件流程监控台`;
  }, [title]);

  return (
    <NavContext.Provider value={navigate}>
      <div className="app">
        <nav className="sidebar" aria-label="主导航">
          <div className="brand">
            <div className="brand-mark" aria-hidden="true">
              <svg viewBox="0 0 24 24" width="22" height="22">
                <path d="M4 5h16v14H4z M4 9h16 M8 13h5 M8 16h8" fill="none" stroke="currentColor" strokeWidth="1.6" />
              </svg>
            </div>
            <div>
              <div className="brand-name">案件流程监控台</div>
              <div className="brand-office" title={info.officeName}>
                {info.officeName ?? ' '}
              </div>
            </div>
          </div>
          <GlobalSearch />
          <ul>
            {SCREENS.map((s) => (
              <li key={s.id}>
                <a
                  href={hashOf(s.id)}
                  className={route.screen === s.id ? 'nav-item active' : 'nav-item'}
                  aria-current={route.screen === s.id ? 'page' : undefined}
                  data-screen={s.id}
                >
                  <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                    <path
                      d={s.icon}
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="1.7"
                      strokeLinecap="round"
                      strokeLinejoin="round"
                    />
                  </svg>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
          <div className="sidebar-foot">
            <OperatorSwitch />
            <div>{isDesktop() ? '桌面版' : '浏览器模式 · 仅本机'}</div>
            {info.version && <div>版本 {info.version}</div>}
          </div>
        </nav>
        <main className="content">
          <HolidayBanner />
          <Page route={route} />
        </main>
        <FirstRun />
      </div>
    </NavContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  const p = route.params;
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'cases':
      return <CasesScreen params={p} />;
    case 'findings':
      return <FindingsScreen params={p} />;
    case 'calendar':
      return <CalendarScreen params={p} />;
    case 'import':
      return <ImportScreen />;
    case 'bulletins':
      return <BulletinsScreen params={p} />;
    case 'dossier':
      return <DossierScreen params={p} />;
    case 'referrals':
      return <ReferralsScreen params={p} />;
    case 'jobs':
      return <JobsScreen />;
    case 'settings':
      return <SettingsScreen params={p} />;
  }
}
