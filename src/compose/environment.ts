import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { expand } from './dotenv.js';
import { parseDotEnvLines } from './interpolation.js';
import { normalizeProjectName, type ComposeProject } from './model.js';
import { toJs } from './parse.js';

/** Where interpolation values come from: `--env-file` files and the process environment. */
export interface EnvironmentOptions {
  /** `--env-file` paths (absolute), in order: later files win; any of them replaces the project's `.env`. */
  envFiles?: readonly string[];
  /** The process environment, which wins over every file (as in `docker compose`). */
  environment?: Readonly<Record<string, string | undefined>>;
  /** The project name was given (`-p`, COMPOSE_PROJECT_NAME): a top-level `name: ${VAR}` does not decide it. */
  projectNameGiven?: boolean;
}

/**
 * `COMPOSE_FILE` (split on `COMPOSE_PATH_SEPARATOR`, default `:`; paths relative to the root) and
 * `COMPOSE_PROJECT_NAME` as `docker compose` reads them before loading: the environment, else the
 * `--env-file` files (else the root's `.env`). Empty values count as unset.
 */
export function composeVariables(root: string, opts: EnvironmentOptions): { files?: string[]; projectName?: string } {
  const fromFiles = new Map<string, string>();
  const files = opts.envFiles?.length ? opts.envFiles : [path.join(root, '.env')].filter((f) => existsSync(f));
  for (const abs of files) {
    try {
      for (const [name, { value }] of parseDotEnvLines(readFileSync(abs, 'utf8'), (n) => fromFiles.get(n) ?? opts.environment?.[n])) fromFiles.set(name, value);
    } catch {
      // unreadable: applyEnvironment reports nothing for it either
    }
  }
  const get = (name: string): string | undefined => (opts.environment?.[name] || fromFiles.get(name)) || undefined;
  const list = get('COMPOSE_FILE');
  const separator = get('COMPOSE_PATH_SEPARATOR') ?? path.delimiter;
  return {
    ...(list ? { files: list.split(separator).filter(Boolean).map((f) => path.resolve(root, f)) } : {}),
    ...(get('COMPOSE_PROJECT_NAME') ? { projectName: get('COMPOSE_PROJECT_NAME') } : {}),
  };
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
    // A top-level `name: ${VAR:-x}` is interpolated like any value (the last file that sets it wins).
    const raw = [...project.files].reverse().map((f) => (toJs(f) as { name?: unknown } | null)?.name).find((n) => typeof n === 'string');
    if (!opts.projectNameGiven && typeof raw === 'string' && raw.includes('$')) {
      const name = normalizeProjectName(expand(raw, (n) => values.get(n)));
      if (name) project.name = name;
    }
  }
}
