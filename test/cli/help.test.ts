import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

// Each command's --help, pinned (citty's usage tests): defaults shown once, only the options a command takes.

async function help(argv: string[]): Promise<string> {
  const out: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s), isTTY: false }, stderr: { write: (s: string) => out.push(s), isTTY: false }, env: {}, cwd: '/' };
  expect(await run([...argv, '--help'], io)).toBe(0);
  return out.join('');
}

describe('--help', () => {
  it.each([[[]], [['plan']], [['apply']], [['report']], [['audit']], [['transforms']], [['schema']], [['init']]])('%j: no option shows its default twice', async (argv) => {
    const text = await help(argv);
    for (const line of text.split('\n')) expect(line.match(/\(default/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(text).not.toContain('(default: [])');
  });

  it.each([['apply'], ['report'], ['audit']])('%s takes no --check and its help does not mention it', async (cmd) => {
    const text = await help([cmd]);
    expect(text).not.toContain('--check');
    expect(text).toContain('Exit codes:\n  0  done\n  2  bad usage, config or input (nothing is written)');
  });

  it.each([['report'], ['audit']])('%s lists no -q/-v (it prints one format, chosen with --format)', async (cmd) => {
    const text = await help([cmd]);
    expect(text).not.toMatch(/-q, --quiet|-v, --verbose/);
    expect(text).toContain('--json                     same as --format json');
  });

  it('plan', async () => {
    expect(await help(['plan'])).toMatchInlineSnapshot(`
      "Usage: composeshift plan [options] [root]

      show the changes as a unified diff and a summary (dry run; the default)

      Arguments:
        root                       folder of the compose project (or monorepo with
                                   --recursive) (default: ".")

      Options:
        -c, --config <file>        policy file (default: composeshift.config.yaml in
                                   root)
        -f, --file <file>          compose file, repeatable, in override order
                                   (default: discovered as docker compose does)
        -p, --project-name <name>  compose project name (default: top-level name: or
                                   the folder name)
        --recursive                find every compose project under root (skips
                                   node_modules, .git, ignored folders)
        --usage <source>           usage facts: a saved \`docker stats --no-stream\`
                                   file, \`docker\` (live), or \`prometheus=URL\`
        --samples <n>              with --usage docker: samples to take (the peak
                                   counts) (default: 1)
        --interval <ms>            with --usage docker: milliseconds between samples
                                   (default: 0)
        --window <range>           with --usage prometheus: look-back window (default:
                                   "7d")
        --project-label <label>    with --usage prometheus: label holding the compose
                                   project (default
                                   container_label_com_docker_compose_project)
        --service-label <label>    with --usage prometheus: label holding the compose
                                   service (default
                                   container_label_com_docker_compose_service)
        --image-metadata           read installed Python metadata (import names,
                                   requirements, sizes) from each built service's
                                   image, without running it
        -t, --transform <name>     transform to run, repeatable (memory-limits,
                                   torch-cpu, unused-deps, compose-fields, or a
                                   plugin: ./x.js, a package)
        --service <name>           only this service, repeatable
        --allow-outside-root       follow include/extends/env_file/-r/-c/Dockerfile
                                   paths and symlinks that leave the root
        --env-file <file>          variables for \${VAR} values, repeatable (replaces
                                   .env, as docker compose --env-file)
        --json                     machine-readable output on stdout
        -q, --quiet                print only diffs and errors
        -v, --verbose              also print info findings (services left alone and
                                   why)
        --check                    exit 1 when changes are pending (like prettier
                                   --check)
        --format <format>          output: diff (unified diffs and a summary), json
                                   (same as --json), sarif (SARIF 2.1.0 for code
                                   scanning) (choices: "diff", "json", "sarif",
                                   default: "diff")
        -h, --help                 display help for command

      Examples:
        $ composeshift plan examples/smart-home --usage examples/smart-home/docker-stats.txt
        $ composeshift plan -t torch-cpu                 # one transform, its defaults
        $ composeshift plan --check --json > plan.json   # CI: exit 1 when changes are pending
        $ composeshift plan -f compose.yaml -f compose.prod.yaml --service api

      Exit codes:
        0  done (no changes pending, or changes written)
        1  changes pending (with --check)
        2  bad usage, config or input (nothing is written)
      "
    `);
  });

  it('apply', async () => {
    expect(await help(['apply'])).toMatchInlineSnapshot(`
      "Usage: composeshift apply [options] [root]

      make the planned changes: write the files (all or none)

      Arguments:
        root                       folder of the compose project (or monorepo with
                                   --recursive) (default: ".")

      Options:
        -c, --config <file>        policy file (default: composeshift.config.yaml in
                                   root)
        -f, --file <file>          compose file, repeatable, in override order
                                   (default: discovered as docker compose does)
        -p, --project-name <name>  compose project name (default: top-level name: or
                                   the folder name)
        --recursive                find every compose project under root (skips
                                   node_modules, .git, ignored folders)
        --usage <source>           usage facts: a saved \`docker stats --no-stream\`
                                   file, \`docker\` (live), or \`prometheus=URL\`
        --samples <n>              with --usage docker: samples to take (the peak
                                   counts) (default: 1)
        --interval <ms>            with --usage docker: milliseconds between samples
                                   (default: 0)
        --window <range>           with --usage prometheus: look-back window (default:
                                   "7d")
        --project-label <label>    with --usage prometheus: label holding the compose
                                   project (default
                                   container_label_com_docker_compose_project)
        --service-label <label>    with --usage prometheus: label holding the compose
                                   service (default
                                   container_label_com_docker_compose_service)
        --image-metadata           read installed Python metadata (import names,
                                   requirements, sizes) from each built service's
                                   image, without running it
        -t, --transform <name>     transform to run, repeatable (memory-limits,
                                   torch-cpu, unused-deps, compose-fields, or a
                                   plugin: ./x.js, a package)
        --service <name>           only this service, repeatable
        --allow-outside-root       follow include/extends/env_file/-r/-c/Dockerfile
                                   paths and symlinks that leave the root
        --env-file <file>          variables for \${VAR} values, repeatable (replaces
                                   .env, as docker compose --env-file)
        --json                     machine-readable output on stdout
        -q, --quiet                print only diffs and errors
        -v, --verbose              also print info findings (services left alone and
                                   why)
        --build                    docker compose build the services whose Dockerfile
                                   or requirements changed
        --up                       docker compose up -d the changed services (implies
                                   --verify)
        --no-verify                with --up: skip reading the containers back
        --branch <name>            write and commit on this git branch, (re)built from
                                   the checked-out commit
        --push [remote]            with --branch: push it (--force-with-lease; default
                                   remote origin); unchanged: not pushed
        --pr-body <file>           write the pull-request description (markdown:
                                   changes per service, evidence, diff stats)
        --allow-dirty              with --branch: allow a dirty work tree
        --report <file>            write the run report (markdown; .html and .json by
                                   extension)
        --stack <name>             the file is a swarm stack: \`docker stack deploy\`
                                   instead of compose up
        -h, --help                 display help for command

      Examples:
        $ composeshift apply --usage stats.txt                    # write the planned changes
        $ composeshift apply --usage docker --up                  # measure live, write, restart changed services
        $ composeshift apply --branch composeshift/memory --report report.md

      Exit codes:
        0  done
        2  bad usage, config or input (nothing is written)
      "
    `);
  });

  it('report', async () => {
    expect(await help(['report'])).toMatchInlineSnapshot(`
      "Usage: composeshift report [options] [root]

      memory allocation by tier, usage per service, OOM risk, planned changes

      Arguments:
        root                       folder of the compose project (or monorepo with
                                   --recursive) (default: ".")

      Options:
        -c, --config <file>        policy file (default: composeshift.config.yaml in
                                   root)
        -f, --file <file>          compose file, repeatable, in override order
                                   (default: discovered as docker compose does)
        -p, --project-name <name>  compose project name (default: top-level name: or
                                   the folder name)
        --recursive                find every compose project under root (skips
                                   node_modules, .git, ignored folders)
        --usage <source>           usage facts: a saved \`docker stats --no-stream\`
                                   file, \`docker\` (live), or \`prometheus=URL\`
        --samples <n>              with --usage docker: samples to take (the peak
                                   counts) (default: 1)
        --interval <ms>            with --usage docker: milliseconds between samples
                                   (default: 0)
        --window <range>           with --usage prometheus: look-back window (default:
                                   "7d")
        --project-label <label>    with --usage prometheus: label holding the compose
                                   project (default
                                   container_label_com_docker_compose_project)
        --service-label <label>    with --usage prometheus: label holding the compose
                                   service (default
                                   container_label_com_docker_compose_service)
        --image-metadata           read installed Python metadata (import names,
                                   requirements, sizes) from each built service's
                                   image, without running it
        -t, --transform <name>     transform to run, repeatable (memory-limits,
                                   torch-cpu, unused-deps, compose-fields, or a
                                   plugin: ./x.js, a package)
        --service <name>           only this service, repeatable
        --allow-outside-root       follow include/extends/env_file/-r/-c/Dockerfile
                                   paths and symlinks that leave the root
        --env-file <file>          variables for \${VAR} values, repeatable (replaces
                                   .env, as docker compose --env-file)
        --format <format>          output format (choices: "table", "md", "json",
                                   "html", default: "table")
        --json                     same as --format json
        -h, --help                 display help for command

      Examples:
        $ composeshift report --usage stats.txt
        $ composeshift report --usage docker --format md > memory.md
        $ composeshift report --usage stats.txt --format html > report.html

      Exit codes:
        0  done
        2  bad usage, config or input (nothing is written)
      "
    `);
  });

  it('audit', async () => {
    expect(await help(['audit'])).toMatchInlineSnapshot(`
      "Usage: composeshift audit [options] [root]

      per service: declared and imported packages, each unused / cli / implicit /
      test-only / missing / transitive with evidence

      Arguments:
        root                       folder of the compose project (or monorepo with
                                   --recursive) (default: ".")

      Options:
        -c, --config <file>        policy file (default: composeshift.config.yaml in
                                   root); unused-deps ignore: marks findings ignored
        -f, --file <file>          compose file, repeatable, in override order
        -p, --project-name <name>  compose project name
        --recursive                find every compose project under root
        --service <name>           only this service, repeatable
        --allow-outside-root       follow include/extends/env_file/-r/-c/Dockerfile
                                   paths and symlinks that leave the root
        --site-packages <dir>      site-packages folder whose *.dist-info metadata
                                   gives import names and requirements
        --image-metadata           read import names, requirements and installed sizes
                                   from each built service's image (without running
                                   it); prints the measured reclaimable bytes
        --package <name>           where is this package: declared in which files,
                                   installed by which service, imported where
        --format <format>          output format (sarif: SARIF 2.1.0 for code
                                   scanning) (choices: "table", "md", "json", "sarif",
                                   default: "table")
        --json                     same as --format json
        -h, --help                 display help for command

      Examples:
        $ composeshift audit examples/smart-home
        $ composeshift audit --format json > deps.json
        $ composeshift audit --package scipy              # is scipy declared, installed or imported anywhere?
        $ composeshift audit --site-packages .venv/lib/python3.12/site-packages
        $ composeshift audit --image-metadata             # names and sizes from the built images: measured savings

      Exit codes:
        0  done
        2  bad usage, config or input (nothing is written)
      "
    `);
  });

  it('the program', async () => {
    expect(await help([])).toMatchInlineSnapshot(`
      "Usage: composeshift [options] [command]

      Reviewable, lossless codemods for Docker Compose monorepos: right-size memory
      limits, CPU-only torch, unused dependencies.

      Options:
        -V, --version                output the version number
        -h, --help                   display help for command

      Commands:
        plan [options] [root]        show the changes as a unified diff and a summary
                                     (dry run; the default)
        apply [options] [root]       make the planned changes: write the files (all or
                                     none)
        report [options] [root]      memory allocation by tier, usage per service, OOM
                                     risk, planned changes
        audit [options] [root]       per service: declared and imported packages, each
                                     unused / cli / implicit / test-only / missing /
                                     transitive with evidence
        transforms [options] [root]  list the transforms and their options (plugins
                                     too: the config or -t name them)
        schema [options] [root]      print the config file's JSON Schema (built-in
                                     transforms, and the plugins the config or -t
                                     name)
        init [options] [root]        write a commented starter
                                     composeshift.config.yaml (never overwrites one)
                                     that editors check against the schema
        help [command]               display help for command

      Examples:
        $ composeshift examples/smart-home --usage examples/smart-home/docker-stats.txt   # dry run: diffs + summary
        $ composeshift apply --usage docker --up          # measure live, write, restart only changed services
        $ composeshift plan -t torch-cpu --check          # CI gate: exit 1 when torch would change
        $ composeshift audit --package scipy              # is scipy declared, installed or imported anywhere?
        $ composeshift report --usage stats.txt --format html > report.html

      Exit codes:
        0  done (no changes pending, or changes written)
        1  changes pending (plan --check)
        2  bad usage, config or input (nothing is written)
      "
    `);
  });
});
