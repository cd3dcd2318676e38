/**
 * Every document of a store, built by its kind's builder from the frozen data (as the jobs export them):
 * each weekly notice and monthly bulletin snapshot, each monitoring notice, each referral package's
 * cover letter and enclosures. A new kind adds its case here.
 */
import type { AppContext } from '../../core/context';
import { documentOf } from '../../core/documents/bulletins';
import { plainTitle, type OfficialDocument } from '../../core/documents/model';
import type { Snapshot } from '../../core/metrics/snapshots';
import { getNotice, listNotices, noticeDocumentOf } from '../../core/notices';
import { getReferralPackage, PACKAGE_SNAPSHOT_KIND } from '../../core/referrals/package';
import {
  coverDocument,
  enclosureLabel,
  overdueDocument,
  overdueTitle,
  packageEnclosures,
  reviewsDocument,
  reviewsTitle,
  summaryDocument,
  summaryTitle,
} from '../../core/referrals/documents';
import { getSnapshot, listSnapshots } from '../../db/queries/snapshots';

export interface Collected {
  kind: string;
  /** A short label: the document's title and its number or period. */
  label: string;
  doc: OfficialDocument;
}

export function collectDocuments(ctx: AppContext): Collected[] {
  const out: Collected[] = [];
  const latest = new Map<string, number>();
  for (const s of listSnapshots(ctx.db)) {
    const k = `${s.kind}\u0000${s.period}`;
    latest.set(k, Math.max(latest.get(k) ?? 0, s.version));
  }
  for (const [k] of [...latest].sort()) {
    const [kind, period] = k.split('\u0000');
    if (kind === 'weekly' || kind === 'prosecutors' || kind === 'monitoring') {
      const row = getSnapshot(ctx.db, kind, period);
      if (!row) continue;
      const doc = documentOf(JSON.parse(row.data_json) as Snapshot);
      out.push({ kind, label: plainTitle(doc.title), doc });
    } else if (kind === PACKAGE_SNAPSHOT_KIND) {
      const d = getReferralPackage(ctx, period);
      if (!d) continue;
      const enc = packageEnclosures(d);
      const cover = coverDocument(d, enc);
      out.push({ kind: 'cover-letter', label: `${plainTitle(cover.title)}${d.letterNumber ?? ''}`, doc: cover });
      out.push({
        kind: 'data-check-summary',
        label: plainTitle(summaryTitle(d.month)),
        doc: summaryDocument(d, enclosureLabel(enc, summaryTitle(d.month))),
      });
      out.push({
        kind: 'reviews',
        label: plainTitle(reviewsTitle(d.month)),
        doc: reviewsDocument(d, enclosureLabel(enc, reviewsTitle(d.month))),
      });
      if (d.escalations)
        out.push({
          kind: 'overdue-referrals',
          label: plainTitle(overdueTitle(d.month)),
          doc: overdueDocument(d, enclosureLabel(enc, overdueTitle(d.month))),
        });
    }
  }
  for (const n of listNotices(ctx, { limit: 10_000 }).notices) {
    const notice = getNotice(ctx, n.id);
    out.push({ kind: 'notice', label: `流程监控通知书${notice.number}`, doc: noticeDocumentOf(ctx, notice) });
  }
  return out;
}
