import { describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { updateSettings } from '../../core/settings';
import { handlers } from '../../core/handlers/referrals';
import { invokeHandler, HandlerError, type HandlerMap } from '../../core/handlers/registry';
import { CASES, HEADERS, seedCases, seedFindings, seedNotices, writeReferralsXlsx } from './fixture';

const map: HandlerMap = Object.fromEntries(handlers.map((h) => [h.name, h]));

describe('referrals/… and reviews/… handlers', () => {
  it('serves every operation with plain-JSON results and refuses bad payloads in Chinese', async () => {
    const { db, ctx, dir } = tmpStore();
    seedCases(db);
    seedFindings(db);
    seedNotices(ctx);
    expect(Object.keys(map).sort()).toEqual([
      'referrals/add',
      'referrals/export',
      'referrals/import',
      'referrals/list',
      'referrals/package',
      'reviews/add',
      'reviews/list',
      'reviews/update',
    ]);
    expect(
      handlers
        .filter((h) => h.mutates)
        .map((h) => h.name)
        .sort(),
    ).toEqual(['referrals/add', 'referrals/export', 'referrals/import', 'reviews/add', 'reviews/update']);

    const rv = (await invokeHandler(map, ctx, 'reviews/add', {
      caseNo: CASES[2].caseNo,
      reviewedOn: '2026-10-08',
      reviewer: '孙评',
      kind: '专项评查',
      grade: '基本合格',
      problems: '说理不足',
    })) as { id: number };
    await invokeHandler(map, ctx, 'reviews/update', { id: rv.id, rectification: '整改中' });
    const listed = (await invokeHandler(map, ctx, 'reviews/list', { month: '2026-10', grade: '基本合格' })) as {
      reviews: { rectification: string }[];
    };
    expect(listed.reviews.map((r) => r.rectification)).toEqual(['整改中']);
    await expect(invokeHandler(map, ctx, 'reviews/list', { month: 'x' })).rejects.toThrow(HandlerError);
    await expect(invokeHandler(map, ctx, 'reviews/add', { caseNo: 'x' })).rejects.toThrow(/参数无效/);

    await invokeHandler(map, ctx, 'referrals/add', {
      receivedOn: '2026-10-05',
      docNumber: 'D9',
      caseNo: CASES[0].caseNo,
      category: '程序',
      description: '说明',
    });
    // The user chose `dir` as the import folder: a file in it may be named by its path.
    updateSettings(db, { importFolder: dir });
    const file = path.join(dir, 'r.xlsx');
    await writeReferralsXlsx(file, HEADERS, [
      {
        收文日期: '20261006',
        督查文号: 'D10',
        承办部门: '第一检察部',
        承办检察官: '李明',
        问题类别: '纪律',
        问题描述: 'y',
      },
    ]);
    const imp = (await invokeHandler(map, ctx, 'referrals/import', { file, dryRun: false })) as {
      ok: boolean;
      added: number;
    };
    expect(imp).toMatchObject({ ok: true, added: 1 });
    const refs = (await invokeHandler(map, ctx, 'referrals/list', { month: '2026-10' })) as {
      referrals: { receivedOn: string }[];
    };
    expect(refs.referrals.map((r) => r.receivedOn)).toEqual(['2026-10-05', '2026-10-06']);

    const out = tmpDir();
    const exp = (await invokeHandler(
      map,
      {
        ...ctx,
        exportDir: out,
        printPdf: async () => {
          throw new Error('无打印机');
        },
      },
      'referrals/export',
      { month: '2026-10', outDir: out },
    )) as { folder: string; files: unknown[] };
    expect(JSON.parse(JSON.stringify(exp))).toEqual(exp); // plain JSON
    expect(fs.readdirSync(exp.folder)).toContain('目录.xlsx');
    // a printer that fails: the whole package without PDFs, and it says so
    expect((exp as unknown as { pdf: boolean; warnings: string[] }).pdf).toBe(false);
    expect((exp as unknown as { warnings: string[] }).warnings.join('')).toMatch(/无法生成 PDF/);
    expect(fs.readdirSync(exp.folder).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    const pkg = (await invokeHandler(map, ctx, 'referrals/package', { month: '2026-10' })) as {
      package: { referralsIn: number; reviews: unknown[]; notices: unknown[] };
    };
    expect(pkg.package).toMatchObject({ referralsIn: 2 });
    expect(pkg.package.reviews).toHaveLength(1);
    expect(pkg.package.notices).toHaveLength(2);
    expect(
      ((await invokeHandler(map, ctx, 'referrals/package', { month: '2026-09' })) as { package: unknown }).package,
    ).toBeNull();
  });
});
