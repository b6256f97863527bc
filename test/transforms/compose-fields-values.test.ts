import { describe } from 'vitest';
import { transformCases } from '../helpers/transform-tester.js';
import { VALUE_CASES } from './compose-fields-cases.js';

// compose-fields `set` with mapping and list values: input → exact output bytes (no trimming), idempotent.

describe('compose-fields: mapping and list values (transform tester)', () => transformCases(VALUE_CASES));
