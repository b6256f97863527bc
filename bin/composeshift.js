#!/usr/bin/env node
// Thin shell: --version is answered without loading the CLI (cold start); everything else runs the bundle
// (dist/cli.js, built by `npm run build` from src/cli/entry.ts: one file instead of ~150 modules).
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version + '\n');
} else {
  // `composeshift plan | head`: a closed pipe ends the run quietly, as other CLIs do.
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const { run, processIO } = await import('../dist/cli.js');
  process.exitCode = await run(argv, processIO());
}
