import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { invokeHandler, type HandlerMap } from '../../core/handlers/registry';
import { handlers as caseHandlers } from '../../core/handlers/cases';
import { handlers as importHandlers } from '../../core/handlers/imports';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { dumpStore } from './helpers';
import { PickedFiles } from '../../core/security/picked-files';
import { CN1, CN2, CN3, sampleSheets, writeXlsx } from '../fixtures/import/build';

const H: HandlerMap = Object.fromEntries([...caseHandlers, ...importHandlers].map((h) => [h.name, h]));

async function setup() {
  const s = tmpStore();
  // As a door hands it over: the user picked the file, the handler gets its token.
  const picked = new PickedFiles();
  s.ctx.access = { picked };
  const file = picked.add(await writeXlsx(path.join(tmpDir(), 'h.xlsx'), sampleSheets()));
  return {
    ...s,
    file,
    call: (name: string, payload: unknown) =>
      invokeHandler(H, s.ctx, name, payload) as Promise<Record<string, unknown>>,
  };
}

describe('import handlers', () => {
  it('import/preview is a dry run; import/run writes; imports/list shows the batch', async () => {
    const { db, file, call } = await setup();
    const before = dumpStore(db);
    const preview = await call('import/preview', { files: [file] });
    expect(preview).toMatchObject({ ok: true, dryRun: true, cases: { added: 3 } });
    expect(dumpStore(db)).toEqual(before);
    const run = await call('import/run', { files: [file] });
    expect(run).toMatchObject({ ok: true, batchId: 1 });
    const list = await call('imports/list', {});
    expect(list.batches).toMatchObject([
      {
        id: 1,
        files: [{ name: 'h.xlsx' }],
        cases: { added: 3, changed: 0, unchanged: 0 },
        noOp: false,
        staffAdded: ['赵检（第一检察部）'],
      },
    ]);
    await expect(call('import/run', { files: [] })).rejects.toThrow(/参数无效/);
  });
});

describe('cases handlers', () => {
  it('cases/list pages, sorts, filters and quick-searches', async () => {
    const { file, call } = await setup();
    await call('import/run', { files: [file] });
    const all = await call('cases/list', { offset: 0, limit: 2, sort: [{ col: 'receivedOn', dir: 'asc' }] });
    expect(all.total).toBe(3);
    expect((all.rows as { caseNo: string }[]).map((r) => r.caseNo)).toEqual([CN1, CN2]);
    const page2 = await call('cases/list', { offset: 2, limit: 2, sort: [{ col: 'receivedOn', dir: 'asc' }] });
    expect((page2.rows as { caseNo: string; persons: number }[]).map((r) => [r.caseNo, r.persons])).toEqual([[CN3, 1]]);
    const f = await call('cases/list', { filters: { category: '审查起诉', status: '办结' } });
    expect((f.rows as { caseNo: string }[]).map((r) => r.caseNo)).toEqual([CN2]);
    const range = await call('cases/list', {
      filters: { receivedFrom: '2026-03-06', receivedTo: '2026-03-31' },
      sort: [{ col: 'caseNo', dir: 'desc' }],
    });
    expect((range.rows as { caseNo: string }[]).map((r) => r.caseNo)).toEqual([CN2, CN3]); // 诉 (U+8BC9) sorts after 捕 (U+6355)
    const concluded = await call('cases/list', { filters: { concludedFrom: '2026-04-01' } });
    expect(concluded.total).toBe(1);
    expect((await call('cases/list', { filters: { q: '赤检刑捕' } })).total).toBe(1); // case number prefix
    expect((await call('cases/list', { filters: { q: '诈骗' } })).total).toBe(1); // title contains
    expect((await call('cases/list', { filters: { q: '李检' } })).total).toBe(2); // prosecutor
    expect((await call('cases/list', { filters: { q: '100%_' } })).total).toBe(0);
    await expect(call('cases/list', { limit: 501 })).rejects.toThrow(/参数无效/);
    await expect(call('cases/list', { sort: [{ col: 'title; DROP TABLE cases', dir: 'asc' }] })).rejects.toThrow(
      /参数无效/,
    );
  });

  it('cases/get returns the case with persons (names in full), events, documents, history and findings', async () => {
    const { file, call } = await setup();
    await call('import/run', { files: [file] });
    const g = await call('cases/get', { caseNo: '赤检刑诉受〔2026〕130732000002号' });
    expect(g.case).toMatchObject({ caseNo: CN2, complex: true, hasVictim: false, status: '办结' });
    expect((g.persons as { name: string; plea: boolean }[]).map((p) => [p.name, p.plea])).toEqual([
      ['王五', true],
      ['王六', true],
    ]);
    expect((g.events as { on: string }[]).map((e) => e.on)).toEqual(['2026-03-11', '2026-04-01']);
    expect(g.documents).toHaveLength(1);
    expect(g.history).toMatchObject([{ field: '案件', newValue: '新增', importId: 1 }]);
    expect(g.findings).toEqual([]);
    await expect(call('cases/get', { caseNo: 'nope' })).rejects.toThrow(/案件不存在/);
  });

  it('cases/facets lists departments, prosecutors and categories', async () => {
    const { file, call } = await setup();
    await call('import/run', { files: [file] });
    expect(await call('cases/facets', {})).toEqual({
      departments: ['第一检察部', '第二检察部'],
      prosecutors: ['李检', '赵检'],
      categories: ['审查起诉', '审查逮捕'],
    });
  });
});
