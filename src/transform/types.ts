import type { Edit } from '../core/edit.js';
import type { Change, Finding } from '../core/finding.js';
import type { Facts } from '../facts/types.js';
import type { Project, Service } from '../project/model.js';

/** Kinds of files a transform reads or edits. */
export type FileKind = 'compose' | 'requirements' | 'dockerfile' | 'python' | 'node' | 'package-json';

/** One option of a transform's policy, for validation, defaults, --help and the config schema. */
export interface OptionSpec {
  type: 'string' | 'boolean' | 'number' | 'size' | 'percent' | 'string[]' | 'object' | 'enum' | 'any';
  description: string;
  values?: readonly string[];
  /** Keys allowed in an `object` option, each with its own spec. */
  keys?: Record<string, OptionSpec>;
  /** An `object` option with free keys (e.g. dotted paths): the spec every value follows. */
  additional?: OptionSpec;
  /** Filled in by the pipeline when the policy leaves the option out. */
  default?: unknown;
  /** Bounds of a `size` (bytes) or `percent` (fraction); `above` is exclusive, `min`/`max` inclusive. */
  above?: number;
  min?: number;
  max?: number;
  /** Cross-key check of an `object` option: the offending key and why, or undefined when it is sound. */
  check?: (value: Record<string, unknown>) => { key: string; message: string } | undefined;
  /** Still accepted, but a policy using it gets an info finding saying this (what to write instead). */
  deprecated?: string;
}

/** What a transform is, for the registry, --help, config validation and the schema. */
export interface TransformMeta {
  name: string;
  description: string;
  reads: readonly FileKind[];
  edits: readonly FileKind[];
  /**
   * Options of one policy. The pipeline validates and defaults them; a `services` option (names or
   * globs) is the one service selector, applied by the pipeline before `run` sees the policy.
   */
  options: Record<string, OptionSpec>;
  /** Top-level options that cannot appear together in one policy (e.g. `set` and `target`). */
  exclusive?: readonly (readonly string[])[];
  /** Policies used when the config names none for this transform. */
  defaultPolicies: readonly Record<string, unknown>[];
  /** The transform's analysis is what `composeshift audit` reports (the CLI asks the registry, never a name). */
  audit?: boolean;
}

/** A policy entry of the config, after validation: its options, and where it was written. */
export interface Policy {
  transform: string;
  options: Record<string, unknown>;
  /** `composeshift.config.yaml:12` or `default`. */
  source: string;
}

/** One policy as a transform sees it: options validated and defaulted, and the services it selects. */
export interface PolicyContext<O = Record<string, unknown>> {
  options: O;
  /** `composeshift.config.yaml:12` or `default`. */
  source: string;
  /** Services of the run (after --service) that the policy's `services` selector matches, in project order. */
  services: readonly Service[];
}

/** A finding, change or edit as a transform makes it; the pipeline stamps the transform's name. */
export type FindingInput = Omit<Finding, 'transform'> & { transform?: string };
export type ChangeInput = Omit<Change, 'transform'> & { transform?: string };
export type EditInput = Omit<Edit, 'transform'>;

/**
 * A file the pipeline derives from a transform's edits because only a tool can write it, and a transform never
 * runs tools or touches the disk. `lock-sync`: the requesting transform's edits make `manifest` (a package.json)
 * lose `packages`, and the lock file beside it must follow. The derive stage (src/pipeline/derive-locks.ts), after
 * the transforms and before verify, runs the package manager offline and adds the lock's edits and an
 * `update <lock>` change; when it cannot, it drops the requesting transform's edits of the manifest and its changes
 * there, with a `dep-lock-sync-failed` finding: a removal is never written without its lock.
 */
export interface LockSyncRequest {
  kind: 'lock-sync';
  transform: string;
  /** Absolute path of the edited package.json. */
  manifest: string;
  /** Names of the dependencies the edits remove. */
  packages: readonly string[];
  /** Keys of the services that install the manifest (the lock change's row). */
  services: readonly string[];
}

/** What a transform may ask the derive stage for. */
export type DerivedRequest = LockSyncRequest;
/** A derive request as a transform makes it; the pipeline stamps the transform's name. */
export type DerivedRequestInput = Omit<DerivedRequest, 'transform'> & { transform?: string };

/**
 * What the load stage produced for the run's transforms (sources, imports, commands, parsed requirements):
 * each analysis module adds its entry by declaration merging (src/deps/load-service.ts adds `deps`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Loaded {}

/** What a transform gets. Nothing in it touches the disk; everything was loaded before `run`. */
export interface TransformContext<O = Record<string, unknown>> {
  /** The loaded project (every service, also unselected ones: shared files must stay as all need them). */
  project: Project;
  facts: Facts;
  /** What the load stage read for the transforms that read python/node (absent entries: nothing asked for them). */
  loaded: Loaded;
  /** The first policy's options (a one-policy transform reads only this). */
  options: O;
  /** Every policy of this transform, in config order; first match wins is the transform's own semantic. */
  policies: readonly PolicyContext<O>[];
  /** Services selected by --service and by at least one policy's `services`, in project order. */
  services: readonly Service[];
  /** Services selected by --service alone (all when none), for rules that hold whatever the policies say. */
  selected: readonly Service[];
  /** The first policy whose services include this one (undefined: not selected). */
  policyFor(service: Service): PolicyContext<O> | undefined;
  /** Report a finding (stamped with the transform's name). */
  report(finding: FindingInput): void;
  /** Announce a change, with its typed value and the expectations the verifier reads back. */
  change(change: ChangeInput): void;
  /** Add a text edit on a file's original source. */
  edit(edit: EditInput): void;
  /** Ask for a file only a tool can derive from this transform's edits (a lock file): see LockSyncRequest. */
  derive(request: DerivedRequestInput): void;
}

/** A transform: metadata plus a pure function from the loaded project + facts to edits, changes and findings. */
export interface Transform<O = Record<string, unknown>> {
  meta: TransformMeta;
  /** Synchronous and pure: report through ctx, edit through ctx.edit or return the edits, ask for lock files through ctx.derive. */
  run(ctx: TransformContext<O>): void | readonly EditInput[];
}

/** A transform of unknown options, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTransform = Transform<any>;
