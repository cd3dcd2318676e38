import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(__dirname, '../..');
const req = createRequire(path.join(root, 'package.json'));
// js-yaml comes with electron-builder.
const yaml = req('js-yaml') as { load(s: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  afterPack: string;
  win: { target: { target: string }[] };
  nsis: Record<string, unknown>;
  linux: { target: string[] };
}
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** A small glob matcher of electron-builder's file patterns (**, *, {a,b}). */
function globRe(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('|')})`;
      i = end;
    } else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
/** Whether a project-relative file would be packaged: the last matching pattern decides. */
function included(file: string): boolean {
  let inc = false;
  for (const p of config.files) {
    const neg = p.startsWith('!');
    if (globRe(neg ? p.slice(1) : p).test(file)) inc = !neg;
  }
  return inc;
}

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config.appId).toBe('cn.gov.procuratorate.caseflowdesk');
    expect(config.productName).toBe('案件流程监控台');
  });

  it('packages the built app and nothing of the sources, tests, benchmarks or docs', () => {
    for (const f of [
      'dist-electron/main.js',
      'dist-electron/preload.js',
      'renderer/dist/index.html',
      'renderer/dist/assets/index-abc.js',
      'package.json',
    ])
      expect(included(f), f).toBe(true);
    for (const f of [
      'test/jobs/scheduler.test.ts',
      'core/jobs/scheduler.ts',
      'db/store.ts',
      'cli/main.ts',
      'bench/run.js',
      'docs/DEVELOPING.md',
      'electron/main.ts',
      'dist-electron/main.js.map',
      'demo-output/caseflow-demo.sqlite',
      'renderer/src/App.tsx',
      'vitest.config.ts',
      'tsconfig.json',
      'README.md',
    ]) {
      expect(included(f), f).toBe(false);
    }
    expect(config.files.some((p) => /^(core|db|cli|test|bench|docs)\b/.test(p))).toBe(false);
  });

  it('asar with the native addons unpacked, rebuilt for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node']));
    expect(config.asarUnpack.join(' ')).toMatch(/better-sqlite3/);
    expect(config.asarUnpack.join(' ')).toMatch(/@resvg/);
    expect(config.npmRebuild).toBe(true);
  });

  it('targets an NSIS installer per user with a choosable folder, and AppImage + deb', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('flips the fuses in the afterPack hook', () => {
    expect(config.afterPack).toBe('build/afterPack.js');
    const hook = req('./build/afterPack.js') as { default: unknown; FUSES: Record<number, boolean> };
    expect(typeof hook.default).toBe('function');
    const { FuseV1Options } = req('@electron/fuses') as { FuseV1Options: Record<string, number> };
    expect(hook.FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(hook.FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(hook.FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });
});

describe('electron-builder schema', () => {
  it("the configuration passes electron-builder's own validation", async () => {
    const m = req('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, l: unknown): Promise<void>;
    };
    const { DebugLogger } = req('builder-util') as { DebugLogger: new (on: boolean) => unknown };
    await expect(m.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });
});
