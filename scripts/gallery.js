#!/usr/bin/env node
// `npm run gallery [-- --out DIR]`: the documents' check and PNG gallery (tools/gallery); see docs/gallery/README.md.
'use strict';
require('tsx/cjs');
require('../tools/gallery/main.ts')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`图库检查失败：${e && e.stack ? e.stack : e}\n`);
      process.exitCode = 2;
    },
  );
