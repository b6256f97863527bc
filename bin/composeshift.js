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
// Any other stdout error (`> file` on a full disk: ENOSPC, EIO) loses the product nobody chose to drop: one line and
// exit 2 at once (apply prints its diffs before it writes; its write is synchronous, never cut), not a stack trace.
// stderr carries diagnostics only: what cannot be written there is dropped, and the exit code still tells.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || stream === process.stderr) return;
    try {
      process.stderr.write(`composeshift: cannot write the output to stdout (${err.code || err.message}); stopped\n`);
    } catch {
      // stderr is gone too: the exit code says it
    }
    process.exit(2);
  });
}
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(require('../package.json').version + '\n');
} else {
  import('../dist/cli.js').then(async ({ run, processIO }) => {
    process.exitCode = await run(argv, processIO());
  });
}
