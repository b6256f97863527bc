import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';

// Options that only act beside another one, and pairs that contradict each other. Given alone or together they
// were silently ignored or one silently won (`apply --push` without --branch exited 0 when nothing changed,
// `plan -q -v`, `plan --json --format sarif`); like ESLint's "--fix-type requires --fix", they are usage errors
// (exit 2) before anything is read.

type Given = (name: string) => boolean;

interface Rule {
  /** The option as the user writes it. */
  flag: string;
  /** commander's attribute name. */
  key: string;
  /** Why the option has no effect here, or undefined when it has. */
  check(o: Record<string, unknown>, given: Given): string | undefined;
}

const usage = (o: Record<string, unknown>) => (typeof o.usage === 'string' ? o.usage : undefined);

const RULES: Rule[] = [
  { flag: '--push', key: 'push', check: (o) => (o.branch ? undefined : 'needs --branch NAME (the branch to push)') },
  { flag: '--allow-dirty', key: 'allowDirty', check: (o) => (o.branch ? undefined : 'only acts with --branch NAME (apply without --branch never looks at the work tree)') },
  { flag: '--no-verify', key: 'verify', check: (o) => (o.up ? undefined : 'only acts with --up (it skips reading the started containers back)') },
  { flag: '--stack', key: 'stack', check: (o) => (o.up ? undefined : 'only acts with --up (it deploys the stack instead of `docker compose up`)') },
  { flag: '--samples', key: 'samples', check: (o) => (usage(o) === 'docker' ? undefined : 'only acts with --usage docker') },
  { flag: '--interval', key: 'interval', check: (o) => (usage(o) === 'docker' ? undefined : 'only acts with --usage docker') },
  ...(['window', 'projectLabel', 'serviceLabel'] as const).map((key) => ({
    flag: `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    key,
    check: (o: Record<string, unknown>) => (usage(o)?.startsWith('prometheus=') ? undefined : 'only acts with --usage prometheus=URL'),
  })),
  { flag: '--quiet', key: 'quiet', check: (_o, given) => (given('verbose') ? 'contradicts --verbose: pass one of them' : undefined) },
  {
    flag: '--json',
    key: 'json',
    check: (o, given) => (given('format') && o.format !== 'json' ? `contradicts --format ${String(o.format)}: pass one of them (--json is --format json)` : undefined),
  },
];

/** Throw a UsageError for the first option given on the command line that has no effect or contradicts another. */
export function checkOptionRules(cmd: Command): void {
  const o = cmd.opts();
  const given: Given = (key) => {
    const source = cmd.getOptionValueSource(key);
    return source === 'cli' || source === 'env';
  };
  for (const rule of RULES) {
    if (!given(rule.key)) continue;
    const why = rule.check(o, given);
    if (why) throw new UsageError(`${rule.flag} ${why}`);
  }
}
