#!/usr/bin/env node
'use strict';
// Thin shell, CommonJS (bin/package.json) because node loads a CommonJS entry faster than an ES module one:
// --version is answered without loading the CLI (cold start ~ `node -e 0`); everything else imports the bundle
// (dist/cli.js, built by `npm run build` from src/cli/entry.ts: one file instead of ~150 modules).
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(require('../package.json').version + '\n');
} else {
  // `composeshift plan | head`: a closed pipe ends the run quietly, as other CLIs do.
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  import('../dist/cli.js').then(async ({ run, processIO }) => {
    process.exitCode = await run(argv, processIO());
  });
}
