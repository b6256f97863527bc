import type { Edit } from '../core/edit.js';
import type { Change, Finding } from '../core/finding.js';
import type { Facts } from '../facts/types.js';
import type { Project } from '../project/model.js';

/** Kinds of files a transform reads or edits. */
export type FileKind = 'compose' | 'requirements' | 'dockerfile' | 'python' | 'node' | 'package-json';

/** One option of a transform's policy, for validation and --help. */
export interface OptionSpec {
  type: 'string' | 'boolean' | 'number' | 'size' | 'percent' | 'string[]' | 'object' | 'enum';
  description: string;
  values?: readonly string[];
  /** Keys allowed in an `object` option, each with its own spec. */
  keys?: Record<string, OptionSpec>;
  default?: unknown;
  /** Bounds of a `size` (bytes) or `percent` (fraction); `above` is exclusive, `min`/`max` inclusive. */
  above?: number;
  min?: number;
  max?: number;
  /** Cross-key check of an `object` option: the offending key and why, or undefined when it is sound. */
  check?: (value: Record<string, unknown>) => { key: string; message: string } | undefined;
}

/** What a transform is, for the registry, --help and config validation. */
export interface TransformMeta {
  name: string;
  description: string;
  reads: readonly FileKind[];
  edits: readonly FileKind[];
  options: Record<string, OptionSpec>;
  /** Top-level options that cannot appear together in one policy (e.g. `set` and `target`). */
  exclusive?: readonly (readonly string[])[];
  /** Policies used when the config names none for this transform. */
  defaultPolicies: readonly Record<string, unknown>[];
}

/** A policy entry of the config, after validation: its options, and where it was written. */
export interface Policy {
  transform: string;
  options: Record<string, unknown>;
  /** `composeshift.config.yaml:12` or `default`. */
  source: string;
}

/** What a transform gets: the loaded project, the facts, its own policies in order. */
export interface TransformContext {
  project: Project;
  facts: Facts;
  policies: readonly Policy[];
  /** Services selected with --service (empty: all). */
  services: readonly string[];
}

export interface TransformResult {
  edits: Edit[];
  changes: Change[];
  findings: Finding[];
}

/** A transform: metadata plus a pure function from project + facts to edits and findings. */
export interface Transform {
  meta: TransformMeta;
  run(ctx: TransformContext): TransformResult;
}
