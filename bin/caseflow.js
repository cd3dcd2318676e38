#!/usr/bin/env node
'use strict';
// The `caseflow` command. The sources are TypeScript; tsx compiles them on load (cached), so the
// command works straight from a clone after `npm install`, with no build step.
require('tsx/cjs');
// `caseflow search 张 | head`: the reader closing the pipe early is not an error of ours (no stack trace).
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = require('../cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`内部错误：${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 2;
  },
);
