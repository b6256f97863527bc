#!/usr/bin/env node
'use strict';
// Thin shell, CommonJS (bin/package.json) because node loads a CommonJS entry faster than an ES module one:
// --version is answered without loading the CLI (cold start ~ `node -e 0`); everything else imports the bundle
// (dist/cli.js, built by `npm run build` from src/cli/entry.ts: one file instead of ~150 modules).
const argv = process.argv.slice(2);
// `composeshift plan | head -1`, `apply 2>&1 | head`: a reader that stops early changes the output, nothing else.
// The run goes on to its end (apply still writes all or nothing) and exits with its own code (plan --check: 1
// when changes are pending); what no one reads is dropped, with no EPIPE stack trace. Exiting at the first EPIPE
// (as before) exited 0 in the middle of an apply, before anything was written.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(require('../package.json').version + '\n');
} else {
  import('../dist/cli.js').then(async ({ run, processIO }) => {
    process.exitCode = await run(argv, processIO());
  });
}
