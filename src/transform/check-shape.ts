import type { FileKind, OptionSpec } from './types.js';

const FILE_KINDS: readonly FileKind[] = ['compose', 'requirements', 'dockerfile', 'python', 'node', 'package-json'];
const OPTION_TYPES: readonly OptionSpec['type'][] = ['string', 'boolean', 'number', 'size', 'percent', 'string[]', 'object', 'enum', 'any'];
const META_KEYS = ['name', 'description', 'reads', 'edits', 'options', 'exclusive', 'defaultPolicies', 'audit'];
const SPEC_KEYS = ['type', 'description', 'values', 'keys', 'additional', 'default', 'above', 'min', 'max', 'check', 'deprecated'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v);

function unknownKey(o: Record<string, unknown>, allowed: readonly string[], at: string): string | undefined {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  return extra === undefined ? undefined : `${at}${extra}: unknown field (allowed: ${allowed.join(', ')})`;
}

/** What is wrong with an option spec at `at` (e.g. `meta.options.step`), or undefined. */
function checkSpec(spec: unknown, at: string): string | undefined {
  if (!isObject(spec)) return `${at}: expected an option spec ({ type, description }), got ${show(spec)}`;
  const extra = unknownKey(spec, SPEC_KEYS, `${at}.`);
  if (extra) return extra;
  if (!OPTION_TYPES.includes(spec.type as OptionSpec['type'])) return `${at}.type: expected one of ${OPTION_TYPES.join(', ')}, got ${show(spec.type)}`;
  if (typeof spec.description !== 'string' || spec.description === '') return `${at}.description: expected a non-empty string, got ${show(spec.description)}`;
  if (spec.values !== undefined && !(Array.isArray(spec.values) && spec.values.every((v) => typeof v === 'string'))) return `${at}.values: expected an array of strings`;
  if (spec.type === 'enum' && !(Array.isArray(spec.values) && spec.values.length > 0)) return `${at}.values: an enum needs its values (an array of strings)`;
  for (const k of ['above', 'min', 'max'] as const) {
    if (spec[k] !== undefined && typeof spec[k] !== 'number') return `${at}.${k}: expected a number, got ${show(spec[k])}`;
  }
  if (spec.check !== undefined && typeof spec.check !== 'function') return `${at}.check: expected a function, got ${show(spec.check)}`;
  if (spec.deprecated !== undefined && typeof spec.deprecated !== 'string') return `${at}.deprecated: expected a string saying what to write instead`;
  if (spec.keys !== undefined) {
    if (spec.type !== 'object') return `${at}.keys: only an object option has keys`;
    if (!isObject(spec.keys)) return `${at}.keys: expected an object of option specs`;
    for (const [k, sub] of Object.entries(spec.keys)) {
      const p = checkSpec(sub, `${at}.keys.${k}`);
      if (p) return p;
    }
  }
  if (spec.additional !== undefined) return spec.type === 'object' ? checkSpec(spec.additional, `${at}.additional`) : `${at}.additional: only an object option has additional keys`;
  return undefined;
}

/**
 * What is wrong with a value that should be a transform (`{ meta, run }`), naming the field (`meta.reads[1]`),
 * or undefined when it has the shape the pipeline needs.
 */
export function checkTransform(t: unknown): string | undefined {
  if (!isObject(t)) return `the default export must be a transform ({ meta, run }), got ${show(t)}`;
  const extra = unknownKey(t, ['meta', 'run'], '');
  if (extra) return extra;
  const meta = t.meta;
  if (!isObject(meta)) return `meta: expected an object ({ name, description, reads, edits, options, defaultPolicies }), got ${show(meta)}`;
  const m = unknownKey(meta, META_KEYS, 'meta.');
  if (m) return m;
  if (typeof meta.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(meta.name)) return `meta.name: expected a kebab-case name such as "cpu-limits", got ${show(meta.name)}`;
  if (typeof meta.description !== 'string' || meta.description === '') return `meta.description: expected a non-empty string, got ${show(meta.description)}`;
  for (const k of ['reads', 'edits'] as const) {
    const list = meta[k];
    if (!Array.isArray(list)) return `meta.${k}: expected an array of file kinds (${FILE_KINDS.join(', ')}), got ${show(list)}`;
    const bad = list.findIndex((x) => !FILE_KINDS.includes(x as FileKind));
    if (bad !== -1) return `meta.${k}[${bad}]: ${show(list[bad])} is not a file kind (${FILE_KINDS.join(', ')})`;
  }
  if (!isObject(meta.options)) return `meta.options: expected an object of option specs (may be {}), got ${show(meta.options)}`;
  for (const [k, spec] of Object.entries(meta.options)) {
    if (k === 'transform') return 'meta.options.transform: "transform" names the transform in a policy; it cannot be an option';
    const p = checkSpec(spec, `meta.options.${k}`);
    if (p) return p;
  }
  const options = meta.options;
  if (meta.exclusive !== undefined) {
    if (!Array.isArray(meta.exclusive)) return `meta.exclusive: expected an array of option-name groups, got ${show(meta.exclusive)}`;
    for (const [i, group] of meta.exclusive.entries()) {
      if (!Array.isArray(group)) return `meta.exclusive[${i}]: expected an array of option names`;
      const bad = group.find((k) => typeof k !== 'string' || !(k in options));
      if (bad !== undefined) return `meta.exclusive[${i}]: ${show(bad)} is not one of meta.options`;
    }
  }
  if (!Array.isArray(meta.defaultPolicies)) return `meta.defaultPolicies: expected an array of policies' options (may be [] to run only when configured), got ${show(meta.defaultPolicies)}`;
  for (const [i, p] of meta.defaultPolicies.entries()) {
    if (!isObject(p)) return `meta.defaultPolicies[${i}]: expected an object of options, got ${show(p)}`;
    const bad = Object.keys(p).find((k) => !(k in options));
    if (bad !== undefined) return `meta.defaultPolicies[${i}].${bad}: not one of meta.options (${Object.keys(options).join(', ') || 'none'})`;
  }
  if (meta.audit !== undefined && typeof meta.audit !== 'boolean') return `meta.audit: expected a boolean, got ${show(meta.audit)}`;
  if (typeof t.run !== 'function') return `run: expected a function run(ctx), got ${show(t.run)}`;
  // The pipeline calls run synchronously: an async run's edits would arrive after verification.
  if (t.run.constructor.name === 'AsyncFunction') return 'run: must be synchronous (an async run returns a Promise; everything it needs is already loaded in ctx)';
  return undefined;
}
