import { describe } from 'vitest';
import { transformCases } from '../helpers/transform-tester.js';
import { FIELD_CASES } from './compose-fields-cases.js';

describe('compose-fields (transform tester)', () => transformCases(FIELD_CASES));
