/** Help text shared by the commands: exit codes and examples. */
export const EXIT_HELP = `
Exit codes:
  0  done (no changes pending, or changes written)
  1  changes pending (with --check)
  2  bad usage, config or input (nothing is written)`;

/** Exit codes of the commands that take no --check (apply, report, audit). */
export const EXIT_HELP_NO_CHECK = `
Exit codes:
  0  done
  2  bad usage, config or input (nothing is written)`;

/** Exit codes of the whole program (its --help). */
export const EXIT_HELP_MAIN = `
Exit codes:
  0  done (no changes pending, or changes written)
  1  changes pending (plan --check)
  2  bad usage, config or input (nothing is written)`;

export const PLAN_EXAMPLES = `
Examples:
  $ composeshift plan examples/smart-home --usage examples/smart-home/docker-stats.txt
  $ composeshift plan -t torch-cpu                 # one transform, its defaults
  $ composeshift plan --check --json > plan.json   # CI: exit 1 when changes are pending
  $ composeshift plan -f compose.yaml -f compose.prod.yaml --service api`;

export const APPLY_EXAMPLES = `
Examples:
  $ composeshift apply --usage stats.txt                    # write the planned changes
  $ composeshift apply --usage docker --up                  # measure live, write, restart changed services
  $ composeshift apply --branch composeshift/memory --report report.md`;

export const REPORT_EXAMPLES = `
Examples:
  $ composeshift report --usage stats.txt
  $ composeshift report --usage docker --format md > memory.md
  $ composeshift report --usage stats.txt --format html > report.html`;

export const MAIN_EXAMPLES = `
Examples:
  $ composeshift examples/smart-home --usage examples/smart-home/docker-stats.txt   # dry run: diffs + summary
  $ composeshift apply --usage docker --up          # measure live, write, restart only changed services
  $ composeshift plan -t torch-cpu --check          # CI gate: exit 1 when torch would change
  $ composeshift audit --package scipy              # is scipy declared, installed or imported anywhere?
  $ composeshift report --usage stats.txt --format html > report.html`;
