import type { AnyTransform, OptionSpec } from '../transform/types.js';

/** A JSON Schema (draft-07) object, as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** Where the package ships the schema of its built-in transforms. */
export const SCHEMA_FILE = 'schema/composeshift.schema.json';

// What validate.ts accepts, as patterns: sizes as compose writes them, percents as `50%`.
const SIZE_PATTERN = '^\\s*\\d+(\\.\\d+)? ?[bBkKmMgGtTpP]?[iI]?[bB]?\\s*$';
const PERCENT_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$';

function describe(spec: OptionSpec): string {
  return spec.deprecated ? `${spec.description} (deprecated: ${spec.deprecated})` : spec.description;
}

/** The schema of one option value, mirroring validateOption (sizes and percents as written, not normalised). */
export function optionSchema(spec: OptionSpec): JsonSchema {
  const base: JsonSchema = { description: describe(spec) };
  // Defaults of sizes and percents are stored normalised (bytes, fractions): only plain ones are shown.
  const shownDefault = spec.default !== undefined && ['string', 'boolean', 'number', 'enum', 'string[]'].includes(spec.type);
  if (shownDefault) base.default = spec.default;
  switch (spec.type) {
    case 'string':
      return { type: 'string', ...base };
    case 'boolean':
      return { type: 'boolean', ...base };
    case 'number':
      return { type: 'number', ...base, ...(spec.min !== undefined ? { minimum: spec.min } : {}), ...(spec.max !== undefined ? { maximum: spec.max } : {}) };
    case 'enum':
      return { enum: [...(spec.values ?? [])], ...base };
    case 'size': {
      const forms: JsonSchema[] = [{ type: 'string', pattern: SIZE_PATTERN }, { type: 'integer', minimum: 1 }];
      if (spec.values?.length) forms.push({ enum: [...spec.values] });
      return { anyOf: forms, ...base };
    }
    case 'percent':
      return { anyOf: [{ type: 'string', pattern: PERCENT_PATTERN }, { type: 'number', minimum: 0, maximum: 1000 }], ...base };
    case 'string[]':
      return { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], ...base };
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      for (const [k, sub] of Object.entries(spec.keys ?? {})) properties[k] = optionSchema(sub);
      return { type: 'object', ...base, properties, additionalProperties: spec.additional ? optionSchema(spec.additional) : false };
    }
    case 'any':
      return base;
  }
}

/** The schema of a policy of one transform: `transform:` names it (by name, or by the specs that load it). */
function policySchema(t: AnyTransform, refs: readonly string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    transform: refs.length ? { enum: [t.meta.name, ...refs], description: t.meta.description } : { const: t.meta.name, description: t.meta.description },
  };
  for (const [k, spec] of Object.entries(t.meta.options)) properties[k] = optionSchema(spec);
  const schema: JsonSchema = { type: 'object', title: t.meta.name, description: t.meta.description, required: ['transform'], properties, additionalProperties: false };
  const exclusive = t.meta.exclusive ?? [];
  // `set` and `target` in one policy: not both.
  if (exclusive.length) schema.allOf = exclusive.map((group) => ({ not: { required: [...group] } }));
  return schema;
}

/**
 * The config file's JSON Schema from the transforms' `meta.options`: one policy shape per transform (a
 * plugin also under the specs that name it, e.g. `./rules/x.js`). Without `closed`, a policy may also name
 * a plugin not loaded now (a path or a package), whose options the schema cannot know.
 */
export function configSchema(transforms: Iterable<AnyTransform>, opts: { refs?: ReadonlyMap<string, readonly string[]>; closed?: boolean } = {}): JsonSchema {
  const list = [...transforms];
  const policies = list.map((t) => policySchema(t, opts.refs?.get(t.meta.name) ?? []));
  if (!opts.closed) {
    policies.push({
      type: 'object',
      title: 'plugin',
      description: 'A plugin transform: a path to an ES module (./rules/x.js) or an installed package name',
      required: ['transform'],
      // Not a name (or spec) of a transform above: those are checked by their own shape.
      properties: { transform: { type: 'string', not: { enum: list.flatMap((t) => [t.meta.name, ...(opts.refs?.get(t.meta.name) ?? [])]) }, pattern: '^(\\.{1,2}/|/|@[^/]+/)|^[a-z0-9][a-z0-9._-]*$|\\.m?js$' } },
    });
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'composeshift.config.yaml',
    description: 'Policies for composeshift: which transforms run, on which services, with which options (first matching policy wins).',
    type: 'object',
    additionalProperties: false,
    properties: {
      policies: {
        type: 'array',
        description: 'Policies in order; a transform with no policy here does not run when the config names others.',
        items: { anyOf: policies },
      },
    },
  };
}

/** The schema as the shipped file holds it: 2-space JSON and a final newline. */
export function schemaText(schema: JsonSchema): string {
  return JSON.stringify(schema, null, 2) + '\n';
}
