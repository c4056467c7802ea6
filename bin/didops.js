#!/usr/bin/env node
// The `didops` command. `npm ci` compiles the TypeScript (the "prepare" script); this file only loads the result.
try {
  require('../dist/src/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main.js')) {
    console.error('didops is not built yet: run `npm ci` (or `npm run build`) in the didops folder first.');
    process.exit(1);
  }
  throw err;
}
