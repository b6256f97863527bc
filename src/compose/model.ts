import type { YAMLMap } from 'yaml';
import type { YamlFile } from './parse.js';

/** One place a service is defined: its mapping in a file, and how that file came into the project. */
export interface ServiceDef {
  file: YamlFile;
  node: YAMLMap;
  /** `file`: a -f / discovered file; `include`: an `include:`d file; `extends`: the base of `extends:`. */
  via: 'file' | 'include' | 'extends';
  /** The name of the service in that file (differs for extends bases). */
  name: string;
}

/** A compose service: its definitions in precedence order (lowest first) and its merged value. */
export interface ComposeService {
  name: string;
  defs: ServiceDef[];
  /** Merged plain value (later definitions win, mappings merged deeply as compose does). */
  value: Record<string, unknown>;
}

/** A compose project: what `docker compose -f a -f b` (or discovery) would load. */
export interface ComposeProject {
  /** Project name: `-p`, top-level `name:`, or the folder name, normalised as compose does. */
  name: string;
  /** Project directory (absolute): the folder of the first file. */
  dir: string;
  /** The files named with -f or discovered, in order. */
  files: YamlFile[];
  /** Files reached through `include:` and `extends: {file}`. */
  linked: YamlFile[];
  services: Map<string, ComposeService>;
  /** Variables from the project's `.env`, for reporting `${VAR:-default}` overrides. */
  env: Map<string, string>;
  /** Where each of `env` comes from (`.env:3`, `prod.env:1`, `the environment`), once applyEnvironment ran. */
  envSource?: Map<string, string>;
  /**
   * By absolute path of an `include:`d file: the variables compose interpolates it with besides `env` (which
   * wins): the include's `env_file`, else the `.env` of its project_directory (the included file's folder).
   */
  includeEnv?: Map<string, { values: Map<string, string>; source: Map<string, string> }>;
  /** No compose file: the services are the Dockerfiles found under the root (nothing of compose to edit). */
  dockerfilesOnly?: boolean;
}

/** Normalise a project name the way compose does (lowercase, [a-z0-9_-], starting with a letter or digit). */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}
