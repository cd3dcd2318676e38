#!/usr/bin/env node
'use strict';
// Bundles the Electron shell: electron/main.ts → dist-electron/main.js, electron/preload.ts →
// dist-electron/preload.js (CommonJS: a sandboxed preload cannot be ESM).
// main.js bundles the project's own TypeScript (core/, db/, web/, electron/) and leaves every npm
// package external: they are loaded from node_modules at run time (electron-builder ships the
// `dependencies`; `asarUnpack` the native ones: better-sqlite3, @resvg/resvg-js). Bundling them
// instead breaks on their optional requires (exceljs → unzipper → @aws-sdk/client-s3).
// The preload is fully self-contained (a sandboxed preload may require only electron).
// Worker threads' entries (core/workers/spawn.ts) are bundled beside main.js under their own names: the audit's
// second thread, core/rules/evaluate-worker.ts → dist-electron/evaluate-worker.js; the import's XLSX reader,
// core/import/read-xlsx-worker.ts → dist-electron/read-xlsx-worker.js.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'dist-electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  // Optional modules of other areas are required inside try blocks: esbuild leaves an unresolved one to run time.
  logOverride: { 'require-resolve-not-external': 'silent' },
};

async function build() {
  await esbuild.build({
    ...common,
    entryPoints: {
      main: path.join(root, 'electron/main.ts'),
      'evaluate-worker': path.join(root, 'core/rules/evaluate-worker.ts'),
      'read-xlsx-worker': path.join(root, 'core/import/read-xlsx-worker.ts'),
    },
    outdir,
    packages: 'external',
    external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'playwright-core'],
  });
  await esbuild.build({
    ...common,
    entryPoints: { preload: path.join(root, 'electron/preload.ts') },
    outdir,
    // The sandboxed preload may require nothing but electron: everything else is inlined.
    external: ['electron'],
  });
  return outdir;
}

module.exports = { build };

if (require.main === module) {
  build().then(
    (dir) => process.stdout.write(`已生成 ${path.relative(root, dir)}/main.js 和 preload.js\n`),
    (e) => {
      process.stderr.write(`构建 Electron 外壳失败：${e && e.message ? e.message : e}\n`);
      process.exit(1);
    },
  );
}
