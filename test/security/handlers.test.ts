// The handler layer: every handler whose payload names a file or folder goes through the path guard.
// A handler added later with a path field fails here until it is listed (and so checked).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { HANDLERS } from '../../core/handlers/index';
import { invokeHandler, HandlerError } from '../../core/handlers/registry';
import { PickedFiles } from '../../core/security/picked-files';

/** Payload fields that name a place on disk. */
const PATH_KEYS = ['file', 'files', 'outDir', 'backupFolder', 'importFolder', 'path', 'dir', 'folder', 'out'];

/** A payload for each path-taking handler, with `P` where the path goes. */
const PAYLOADS: Record<string, (p: string) => Record<string, unknown>> = {
  'import/preview': (p) => ({ files: [p] }),
  'import/run': (p) => ({ files: [p] }),
  'calendar/load': (p) => ({ file: p }),
  'mappings/detect': (p) => ({ files: [p] }),
  'mappings/inspect': (p) => ({ file: p }),
  'referrals/import': (p) => ({ file: p }),
  'rules/import': (p) => ({ file: p }),
  'backup/restore': (p) => ({ file: p }),
  'bulletins/export': (p) => ({ kind: 'weekly', period: '2026-W44', outDir: p }),
  'notices/export': (p) => ({ id: 1, outDir: p }),
  'referrals/export': (p) => ({ month: '2026-10', outDir: p }),
  'dossier/export': (p) => ({ prosecutor: '李明', year: '2025', outDir: p }),
  'evaluation/export': (p) => ({ year: '2025', outDir: p }),
  'jobs/run-notice': (p) => ({ week: '2026-W44', outDir: p }),
  'jobs/run-inspection': (p) => ({ month: '2026-10', outDir: p }),
  'settings/update:backupFolder': (p) => ({ backupFolder: p }),
  'settings/update:importFolder': (p) => ({ importFolder: p }),
};

function pathKeysOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).filter((k) => PATH_KEYS.includes(k)) : [];
}

describe('every handler that takes a path asks the path guard', () => {
  const takers = Object.values(HANDLERS).flatMap((h) =>
    pathKeysOf(h.input).map((k) => (h.name === 'settings/update' ? `${h.name}:${k}` : h.name)),
  );

  it('lists every handler with a path in its payload', () => {
    expect(takers.length).toBeGreaterThanOrEqual(10);
    for (const t of takers) expect(Object.keys(PAYLOADS), `${t}: add it to PAYLOADS`).toContain(t);
  });

  it('each refuses, without reading or creating anything, a path outside the chosen folders', async () => {
    const outside = tmpDir('caseflow-outside-');
    const secret = path.join(outside, 'secret.json');
    fs.writeFileSync(secret, 'SECRET-CONTENT');
    for (const t of Object.keys(PAYLOADS)) {
      const { ctx } = tmpStore();
      ctx.exportDir = tmpDir('caseflow-exports-');
      ctx.access = { picked: new PickedFiles() };
      const name = t.split(':')[0];
      const writes = /export|run-|Folder/.test(t);
      for (const p of writes
        ? [path.join(outside, 'new-dir'), '../escape', '\\\\?\\C:\\x', 'NUL']
        : [secret, '/etc/passwd', '../../../../etc/passwd', 'picked:forged']) {
        let err: unknown = null;
        try {
          await invokeHandler(HANDLERS, ctx, name, PAYLOADS[t](p));
        } catch (e) {
          err = e;
        }
        expect(err, `${t} ${p}`).toBeInstanceOf(HandlerError);
        expect([400, 403, 404]).toContain((err as HandlerError).status);
        expect((err as Error).message).not.toContain('SECRET-CONTENT');
      }
      expect(fs.readdirSync(outside), t).toEqual(['secret.json']);
      expect(fs.existsSync(path.join(path.dirname(ctx.exportDir), 'escape')), t).toBe(false);
      ctx.db.close();
    }
  });
});
