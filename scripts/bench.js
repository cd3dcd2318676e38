#!/usr/bin/env node
// `npm run bench [-- PART…] [--smoke] [--million] [--runs N]`: see bench/README.md.
'use strict';
require('tsx/cjs');
require('../bench/run.ts')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`bench failed: ${e && e.stack ? e.stack : e}\n`);
      process.exitCode = 2;
    },
  );
