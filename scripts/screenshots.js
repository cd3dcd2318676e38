#!/usr/bin/env node
// `npm run screenshots`: copies the screenshots of the latest browser-test run (.tmp/screenshots/, ignored)
// into the tracked gallery (test/e2e/__screenshots__/). Run on purpose when the screens changed, then review
// and commit the PNGs: `npm test` itself never touches the tracked gallery.
//   npm run screenshots            copy what the last run wrote
//   npm run screenshots -- --run   run the browser tests first (test/e2e), then copy
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const from = path.join(root, '.tmp', 'screenshots');
const to = path.join(root, 'test', 'e2e', '__screenshots__');

if (process.argv.includes('--run')) {
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', 'test/e2e'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    process.stderr.write('浏览器测试未全部通过：截图未复制。\n');
    process.exit(1);
  }
}
const shots = fs.existsSync(from) ? fs.readdirSync(from).filter((f) => f.endsWith('.png')) : [];
if (!shots.length) {
  process.stderr.write(`没有可复制的截图：${from} 为空。请先运行 npm test（或 npm run screenshots -- --run）。\n`);
  process.exit(1);
}
fs.mkdirSync(to, { recursive: true });
let changed = 0;
for (const f of shots.sort()) {
  const src = path.join(from, f);
  const dst = path.join(to, f);
  const same = fs.existsSync(dst) && fs.readFileSync(dst).equals(fs.readFileSync(src));
  if (!same) {
    fs.copyFileSync(src, dst);
    changed++;
  }
  process.stdout.write(`${same ? '  未变' : '  更新'} ${f}\n`);
}
process.stdout.write(
  `已复制 ${shots.length} 张截图到 ${path.relative(root, to)}（${changed} 张有变化）；请检查后提交。\n`,
);
