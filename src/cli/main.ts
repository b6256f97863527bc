import { Command, CommanderError, Option } from 'commander';
import { EditConflictError, InputError, UsageError, VerifyError } from '../core/errors.js';
import { registry } from '../../transforms/index.js';
import { APPLY_EXAMPLES, EXIT_HELP, EXIT_HELP_MAIN, EXIT_HELP_NO_CHECK, MAIN_EXAMPLES, PLAN_EXAMPLES, REPORT_EXAMPLES } from './help.js';
import { EXIT, type IO } from './io.js';
import { checkOptionRules } from './option-rules.js';
import { VERSION } from './version.js';

// Repeatable options get no commander default ([]): it would print `(default: [])` after the description's own.
const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

function common(cmd: Command): Command {
  return cmd
    .argument('[root]', 'folder of the compose project (or monorepo with --recursive)', '.')
    .option('-c, --config <file>', 'policy file (default: composeshift.config.yaml in root)')
    .option('-f, --file <file>', 'compose file, repeatable, in override order (default: discovered as docker compose does)', collect)
    .option('-p, --project-name <name>', 'compose project name (default: top-level name: or the folder name)')
    .option('--recursive', 'find every compose project under root (skips node_modules, .git, ignored folders)')
    .option('--usage <source>', 'usage facts: a saved `docker stats --no-stream` file, `docker` (live), or `prometheus=URL`')
    .option('--samples <n>', 'with --usage docker: samples to take (the peak counts)', (v) => positiveInt(v, '--samples'), 1)
    .option('--interval <ms>', 'with --usage docker: milliseconds between samples', (v) => positiveInt(v, '--interval', true), 0)
    .option('--window <range>', 'with --usage prometheus: look-back window', '7d')
    .option('--project-label <label>', 'with --usage prometheus: label holding the compose project (default container_label_com_docker_compose_project)')
    .option('--service-label <label>', 'with --usage prometheus: label holding the compose service (default container_label_com_docker_compose_service)')
    .option('--image-metadata', "read installed Python metadata (import names, requirements, sizes) from each built service's image, without running it")
    .option('-t, --transform <name>', `transform to run, repeatable (${[...registry.keys()].join(', ')}, or a plugin: ./x.js, a package)`, collect)
    .option('--service <name>', 'only this service, repeatable', collect)
    .option('--allow-outside-root', 'follow include/extends/env_file/-r/-c/Dockerfile paths and symlinks that leave the root')
    .option('--env-file <file>', 'variables for ${VAR} values, repeatable (replaces .env, as docker compose --env-file)', collect);
}

/** Output options of plan and apply (report and audit choose their output with --format). */
function output(cmd: Command): Command {
  return cmd
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'print only diffs and errors')
    .option('-v, --verbose', 'also print info findings (services left alone and why)');
}

function positiveInt(v: string, name: string, zero = false): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < (zero ? 0 : 1)) throw new UsageError(`${name} expects a ${zero ? 'non-negative' : 'positive'} whole number, got "${v}"`);
  return n;
}

/** The CLI: parse argv, run the command, return the exit code (never calls process.exit). */
export async function run(argv: readonly string[], io: IO): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('composeshift')
    .description('Reviewable, lossless codemods for Docker Compose monorepos: right-size memory limits, CPU-only torch, unused dependencies.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText('after', MAIN_EXAMPLES + '\n' + EXIT_HELP_MAIN)
    .showHelpAfterError('(run with --help for usage)')
    // An option that acts only beside another, or contradicts one, is a usage error before anything is read.
    .hook('preAction', (_program, command) => checkOptionRules(command));

  const action = (name: 'plan' | 'apply' | 'report') => async (root: string, opts: Record<string, unknown>) => {
    const { runCommand } = await import('./commands.js');
    code = await runCommand(name, root, opts, io);
  };

  output(common(program.command('plan', { isDefault: true }).description('show the changes as a unified diff and a summary (dry run; the default)')))
    .option('--check', 'exit 1 when changes are pending (like prettier --check)')
    .addOption(new Option('--format <format>', 'output: diff (unified diffs and a summary), json (same as --json), sarif (SARIF 2.1.0 for code scanning)').choices(['diff', 'json', 'sarif']).default('diff'))
    .addHelpText('after', PLAN_EXAMPLES + '\n' + EXIT_HELP)
    .action(action('plan'));

  output(common(program.command('apply').description('make the planned changes: write the files (all or none)')))
    .option('--build', 'docker compose build the services whose Dockerfile or requirements changed')
    .option('--up', 'docker compose up -d the changed services (implies --verify)')
    .option('--no-verify', 'with --up: skip reading the containers back')
    .option('--branch <name>', 'write and commit on this git branch, (re)built from the checked-out commit')
    .option('--push [remote]', 'with --branch: push it (--force-with-lease; default remote origin); unchanged: not pushed')
    .option('--pr-body <file>', 'write the pull-request description (markdown: changes per service, evidence, diff stats)')
    .option('--allow-dirty', 'with --branch: allow a dirty work tree')
    .option('--report <file>', 'write the run report (markdown; .html and .json by extension)')
    .option('--stack <name>', 'the file is a swarm stack: `docker stack deploy` instead of compose up')
    .addHelpText('after', APPLY_EXAMPLES + '\n' + EXIT_HELP_NO_CHECK)
    .action(action('apply'));

  common(program.command('report').description('memory allocation by tier, usage per service, OOM risk, planned changes'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json', 'html']).default('table'))
    .option('--json', 'same as --format json')
    .addHelpText('after', REPORT_EXAMPLES + '\n' + EXIT_HELP_NO_CHECK)
    .action(action('report'));

  program
    .command('audit')
    .description('per service: declared and imported packages, each unused / cli / implicit / test-only / missing / transitive with evidence')
    .argument('[root]', 'folder of the compose project (or monorepo with --recursive)', '.')
    .option('-c, --config <file>', 'policy file (default: composeshift.config.yaml in root); unused-deps ignore: marks findings ignored')
    .option('-f, --file <file>', 'compose file, repeatable, in override order', collect)
    .option('-p, --project-name <name>', 'compose project name')
    .option('--recursive', 'find every compose project under root')
    .option('--service <name>', 'only this service, repeatable', collect)
    .option('--allow-outside-root', 'follow include/extends/env_file/-r/-c/Dockerfile paths and symlinks that leave the root')
    .option('--site-packages <dir>', 'site-packages folder whose *.dist-info metadata gives import names and requirements')
    .option('--image-metadata', "read import names, requirements and installed sizes from each built service's image (without running it); prints the measured reclaimable bytes")
    .option('--package <name>', 'where is this package: declared in which files, installed by which service, imported where')
    .addOption(new Option('--format <format>', 'output format (sarif: SARIF 2.1.0 for code scanning)').choices(['table', 'md', 'json', 'sarif']).default('table'))
    .option('--json', 'same as --format json')
    .addHelpText('after', `
Examples:
  $ composeshift audit examples/smart-home
  $ composeshift audit --format json > deps.json
  $ composeshift audit --package scipy              # is scipy declared, installed or imported anywhere?
  $ composeshift audit --site-packages .venv/lib/python3.12/site-packages
  $ composeshift audit --image-metadata             # names and sizes from the built images: measured savings
` + EXIT_HELP_NO_CHECK)
    .action(async (root: string, opts: Record<string, unknown>) => {
      const { runAudit } = await import('./audit.js');
      code = await runAudit(root, opts, io);
    });

  program
    .command('transforms')
    .description('list the transforms and their options (plugins too: the config or -t name them)')
    .argument('[root]', 'folder whose config names plugins', '.')
    .option('-c, --config <file>', 'policy file (default: composeshift.config.yaml in root)')
    .option('-t, --transform <module>', 'also a plugin transform (./x.js or a package), repeatable', collect)
    .option('--json', 'machine-readable output on stdout')
    .addHelpText('after', `
Examples:
  $ composeshift transforms
  $ composeshift transforms -t ./rules/cpu-limits.js   # a plugin's options, as the config takes them
  $ composeshift transforms --json
` + EXIT_HELP_NO_CHECK)
    .action(async (root: string, opts: Record<string, unknown>) => {
      const { runListTransforms } = await import('./list-transforms.js');
      code = await runListTransforms(root, opts, io);
    });

  program
    .command('schema')
    .description("print the config file's JSON Schema (built-in transforms, and the plugins the config or -t name)")
    .argument('[root]', 'folder whose config names plugins', '.')
    .option('-c, --config <file>', 'policy file (default: composeshift.config.yaml in root)')
    .option('-t, --transform <module>', 'also a plugin transform (./x.js or a package), repeatable', collect)
    .option('--json', 'accepted as on every command: the schema is JSON already')
    .action(async (root: string, opts: Record<string, unknown>) => {
      const { runSchema } = await import('./schema.js');
      code = await runSchema(root, opts, io);
    });

  program
    .command('init')
    .description('write a commented starter composeshift.config.yaml (never overwrites one) that editors check against the schema')
    .argument('[root]', 'folder to write it in', '.')
    .option('--schema <ref>', 'schema path or URL for the yaml-language-server comment (default: the installed package\'s schema file)')
    .option('--json', 'print {"file", "schema"} of what was written on stdout')
    .action(async (root: string, opts: Record<string, unknown>) => {
      const { runInit } = await import('./schema.js');
      code = runInit(root, opts, io);
    });

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (err) {
    return handleError(err, io);
  }
  return code;
}

/** Map any error to its message and exit code: 0 for --help/--version, 2 for everything else. */
export function handleError(err: unknown, io: IO): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? EXIT.ok : EXIT.error;
  }
  if (err instanceof InputError) io.stderr.write(`composeshift: ${err.format()}\n`);
  else if (err instanceof UsageError || err instanceof VerifyError || err instanceof EditConflictError || isToolError(err)) io.stderr.write(`composeshift: ${err.message}\n`);
  else io.stderr.write(`composeshift: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.error;
}

/** Errors of the engine or Prometheus already quote the failing command and its output. */
function isToolError(err: unknown): err is Error {
  return err instanceof Error && (err.name === 'DockerError' || err.name === 'BuildError' || err.name === 'PrometheusError');
}
