import type { Transform } from '../src/transform/types.js';
import composeFields from './compose-fields/index.js';
import memoryLimits from './memory-limits/index.js';
import torchCpu from './torch-cpu/index.js';
import unusedDeps from './unused-deps/index.js';

/** Every transform, by name. The pipeline and CLI know transforms only through this map. */
export const registry: ReadonlyMap<string, Transform> = new Map(
  [memoryLimits, torchCpu, unusedDeps, composeFields].map((t) => [t.meta.name, t]),
);
