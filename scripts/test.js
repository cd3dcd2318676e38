#!/usr/bin/env node
// `npm test`: type check, lint, build the renderer (browser tests serve it), then every vitest test.
// Prints one closing line `N passed, N failed` (what CI reads).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', n);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env }).status;

let passed = 0,
  failed = 0;
function step(label, cmd, args) {
  process.stdout.write(`\n== ${label}\n`);
  const ok = run(cmd, args) === 0;
  if (ok) passed++;
  else failed++;
  return ok;
}

step('类型检查 typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('代码检查 lint', bin('eslint'), ['.']);
step('格式检查 prettier', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
if (fs.existsSync(path.join(root, 'renderer', 'vite.config.ts')))
  step('构建界面 renderer build', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);

const report = path.join(root, '.tmp', 'vitest-report.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
const extra = process.argv.slice(2);
process.stdout.write('\n== 测试 vitest\n');
const status = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
} else if (status !== 0) failed++;
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 && status === 0 ? 0 : 1;
