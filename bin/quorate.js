#!/usr/bin/env node
// The operator's command line; `npm run build` produces the compiled code it runs.
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
try {
  require.resolve(entry);
} catch {
  console.error('quorate: not built yet; run `npm run build` first');
  process.exit(1);
}
require(entry);
