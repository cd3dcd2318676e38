/**
 * A prosecutor's name that opens their 个人执法档案 (metrics.md): used wherever a name is shown — grids, bulletins,
 * findings, referrals. `year` is the dossier's year to open (default: the dossier page's own default).
 */
import type { CellClickedEvent, ColDef } from 'ag-grid-community';
import { useNav, type Navigate } from '../nav';

export function ProsecutorLink({ name, year }: { name: string | null | undefined; year?: string }) {
  const nav = useNav();
  if (!name) return <span className="muted">—</span>;
  return (
    <button
      className="btn btn-link prosecutor-link"
      title={`查看${name}的个人执法档案`}
      onClick={(e) => {
        e.stopPropagation();
        openDossier(nav, name, year);
      }}
      data-prosecutor={name}
    >
      {name}
    </button>
  );
}

export function openDossier(nav: Navigate, name: string, year?: string): void {
  nav('dossier', { prosecutor: name, year });
}

/** A grid column of prosecutor names, each opening the dossier (the click does not select the row). */
export function prosecutorColumn<T>(nav: Navigate, def: ColDef<T>): ColDef<T> {
  return {
    cellClass: 'cell-link',
    tooltipValueGetter: (p) => (p.value ? `查看${String(p.value)}的个人执法档案` : ''),
    ...def,
    onCellClicked: (e: CellClickedEvent<T>) => {
      if (!e.value) return;
      (e.event as Event | null | undefined)?.stopPropagation?.();
      openDossier(nav, String(e.value));
    },
  };
}
