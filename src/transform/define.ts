import type { Transform } from './types.js';

/** Identity with types: `export default defineTransform({ meta, run })` types `ctx.options` as O. */
export function defineTransform<O = Record<string, unknown>>(t: Transform<O>): Transform<O> {
  return t;
}
