#!/usr/bin/env node
'use strict';
// `npm start`: build the renderer and the Electron shell, then run Electron. When the Electron
// binary is not installed (its download is blocked on offline machines), say so once, in Chinese
// and English, point to browser mode, and exit 1.
//
// The binary is located the way node_modules/electron/index.js does (path.txt → dist/<exe>), but
// without require('electron'): that require tries to download the binary when it is missing.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

function electronBinary() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return null;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const exeName = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, exeName || 'electron');
    return fs.existsSync(p) ? p : null;
  }
  if (!exeName) return null;
  const exe = path.join(pkgDir, 'dist', exeName);
  return fs.existsSync(exe) ? exe : null;
}

const MISSING = [
  '未安装 Electron 程序文件（node_modules/electron 中没有可执行文件），无法启动桌面窗口。',
  '  · 在能联网的工作站上运行：npx install-electron（或 node node_modules/electron/install.js）',
  '  · 在此之前，可用浏览器模式打开同一界面：npm run web',
  'The Electron binary is not installed (node_modules/electron has no executable), so the desktop window cannot start.',
  '  · On a networked workstation run: npx install-electron (or node node_modules/electron/install.js)',
  '  · Meanwhile, `npm run web` opens the same UI in a browser.',
].join('\n');

async function main() {
  const exe = electronBinary();
  if (!exe) {
    process.stderr.write(MISSING + '\n');
    return 1;
  }
  const vite = spawnSync(
    process.execPath,
    [require.resolve('vite/bin/vite.js', { paths: [root] }), 'build', '--config', 'renderer/vite.config.ts'],
    { cwd: root, stdio: 'inherit' },
  );
  if (vite.status !== 0) {
    process.stderr.write('界面构建失败（vite build）。\n');
    return 1;
  }
  await require('./build-electron').build();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(exe, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`无法启动 Electron：${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`启动失败：${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 2;
  },
);
