#!/usr/bin/env node
// Build step: write schema/composeshift.schema.json from the built-in transforms' meta.options (after tsc).
// test/config/schema.test.ts fails when the shipped file differs from what this writes.
import { writeFileSync } from 'node:fs';

const { configSchema, schemaText } = await import('../dist/src/config/schema.js');
const { registry } = await import('../dist/transforms/index.js');
writeFileSync(new URL('../schema/composeshift.schema.json', import.meta.url), schemaText(configSchema(registry.values())));
