import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { parseDotEnvLines } from './interpolation.js';
import type { ComposeProject } from './model.js';

/** Where interpolation values come from: `--env-file` files and the process environment. */
export interface EnvironmentOptions {
  /** `--env-file` paths (absolute), in order: later files win; any of them replaces the project's `.env`. */
  envFiles?: readonly string[];
  /** The process environment, which wins over every file (as in `docker compose`). */
  environment?: Readonly<Record<string, string | undefined>>;
}

/**
 * Set each project's interpolation variables as `docker compose` resolves them: the `--env-file` files
 * in order (else the project's `.env`), then the process environment over them; `envSource` names
 * where each value came from (`.env:3`, `prod.env:1`, `the environment`). A missing --env-file is bad input.
 */
export function applyEnvironment(projects: readonly ComposeProject[], root: string, opts: EnvironmentOptions): void {
  for (const abs of opts.envFiles ?? []) if (!existsSync(abs)) throw new InputError('env file not found (--env-file)', path.relative(root, abs) || abs);
  for (const project of projects) {
    const values = new Map<string, string>();
    const source = new Map<string, string>();
    const files = opts.envFiles?.length ? opts.envFiles : [path.join(project.dir, '.env')].filter((f) => existsSync(f));
    for (const abs of files) {
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch {
        continue; // an unreadable .env only loses the values it would give (compose would fail later too)
      }
      const rel = path.relative(root, abs).split(path.sep).join('/') || path.basename(abs);
      // `${VAR}` inside a .env value: earlier lines and files, then the environment (compose-go's lookup).
      for (const [name, { value, line }] of parseDotEnvLines(text, (n) => values.get(n) ?? opts.environment?.[n])) {
        values.set(name, value);
        source.set(name, `${rel}:${line}`);
      }
    }
    for (const [name, value] of Object.entries(opts.environment ?? {})) {
      if (value === undefined) continue;
      values.set(name, value);
      source.set(name, 'the environment');
    }
    project.env = values;
    project.envSource = source;
  }
}
