#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled by `npm run build` into out/cli.
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'out', 'cli', 'zervigo.cjs');
if (!fs.existsSync(entry)) {
  process.stderr.write(`zervigo: not built yet; run \`npm run build\` in ${path.dirname(__dirname)}\n`);
  process.exit(1);
}
require(entry).main(process.argv);
