/**
 * Search everywhere (Ctrl+K): one box over 部门受案号 (any part), 案件名称, suspects' names and prosecutors;
 * results as you type, grouped by what matched; ↑/↓ choose, Enter opens the case, Esc closes.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText, invoke, type HandlerResult } from '../api';
import { useNav } from '../nav';

type Result = HandlerResult<'search/cases'>;
type Hit = Result['cases'][number];

const GROUPS: { key: Hit['matched']; label: string }[] = [
  { key: 'caseNo', label: '部门受案号' },
  { key: 'suspect', label: '嫌疑人' },
  { key: 'prosecutor', label: '承办检察官' },
  { key: 'title', label: '案件名称' },
];

type Item = { kind: 'case'; hit: Hit } | { kind: 'prosecutor'; name: string; department: string; cases: number };

export function GlobalSearch() {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);
  const nav = useNav();

  useEffect(() => {
    const k = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        setOpen(true);
        setTimeout(() => input.current?.select(), 0);
      }
    };
    window.addEventListener('keydown', k);
    return () => window.removeEventListener('keydown', k);
  }, []);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setResult(null);
      setError(null);
      return;
    }
    const my = ++seq.current;
    const t = setTimeout(() => {
      invoke('search/cases', { text: q, perGroup: 8 })
        .then((r) => {
          if (my !== seq.current) return;
          setResult(r);
          setError(null);
          setActive(0);
        })
        .catch((e) => my === seq.current && setError(errorText(e)));
    }, 120);
    return () => clearTimeout(t);
  }, [text]);

  const items = useMemo<Item[]>(() => {
    if (!result) return [];
    const out: Item[] = [];
    for (const g of GROUPS) {
      if (g.key === 'prosecutor')
        for (const p of result.prosecutors.slice(0, 5)) out.push({ kind: 'prosecutor', ...p });
      for (const h of result.cases) if (h.matched === g.key) out.push({ kind: 'case', hit: h });
    }
    return out;
  }, [result]);

  const close = () => {
    setOpen(false);
    input.current?.blur();
  };
  const choose = (it: Item | undefined) => {
    if (!it) return;
    if (it.kind === 'case') nav('cases', { caseNo: it.hit.caseNo, q: it.hit.caseNo });
    else nav('cases', { prosecutor: it.name });
    close();
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(items[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  let index = -1;
  return (
    <div className={open ? 'search-box search-overlay' : 'search-box'}>
      <input
        ref={input}
        type="search"
        className="search-input"
        placeholder="搜索案件（Ctrl+K）"
        aria-label="搜索案件：部门受案号、案件名称、嫌疑人、承办检察官"
        value={text}
        data-testid="global-search"
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKey}
      />
      {open && (
        <>
          <div className="search-scrim" onMouseDown={close} />
          <div className="search-results" role="listbox" aria-label="搜索结果" data-testid="search-results">
            {!text.trim() && (
              <div className="muted small search-hint">
                输入部门受案号的任意一段、嫌疑人姓名（两个字也可以）、案件名称或承办检察官。↑↓ 选择，Enter 打开，Esc
                关闭。
              </div>
            )}
            {error && <div className="danger-text search-hint">{error}</div>}
            {result && items.length === 0 && (
              <div className="muted search-hint" data-testid="search-empty">
                没有找到与“{result.query}”相符的案件。{result.note ?? ''}
              </div>
            )}
            {result &&
              GROUPS.map((g) => {
                const group = items.filter((it) =>
                  g.key === 'prosecutor'
                    ? it.kind === 'prosecutor' || (it.kind === 'case' && it.hit.matched === 'prosecutor')
                    : it.kind === 'case' && it.hit.matched === g.key,
                );
                if (!group.length) return null;
                return (
                  <div key={g.key} className="search-group" data-group={g.key}>
                    <div className="search-group-head">
                      按{g.label}
                      {result.groups[g.key].more && (
                        <span className="muted small">（仅列出前 {result.groups[g.key].count} 件）</span>
                      )}
                    </div>
                    {group.map((it) => {
                      index = items.indexOf(it);
                      const i = index;
                      return (
                        <div
                          key={it.kind === 'case' ? `c${it.hit.caseNo}` : `p${it.name}`}
                          role="option"
                          aria-selected={i === active}
                          className={i === active ? 'search-item active' : 'search-item'}
                          data-testid="search-item"
                          onMouseEnter={() => setActive(i)}
                          onMouseDown={(e) => {
                            e.preventDefault();
                            choose(it);
                          }}
                        >
                          {it.kind === 'case' ? (
                            <>
                              <span className="search-no">{it.hit.caseNo}</span>
                              <span className="search-title">{it.hit.title}</span>
                              {it.hit.suspect && (
                                <span className="badge">
                                  嫌疑人 {it.hit.suspect.name}（{it.hit.suspect.personNo}号）
                                </span>
                              )}
                              <span className="muted small">
                                {it.hit.prosecutor} · {it.hit.status}
                              </span>
                            </>
                          ) : (
                            <>
                              <span className="search-title">{it.name}</span>
                              <span className="muted small">
                                {it.department} · 承办案件 {it.cases} 件（打开全部）
                              </span>
                            </>
                          )}
                        </div>
                      );
                    })}
                  </div>
                );
              })}
          </div>
        </>
      )}
    </div>
  );
}
