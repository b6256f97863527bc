import { describe, expect, it } from 'vitest';
import { policyFor, type DepsPolicy } from '../../src/deps/policy.js';
import type { Service } from '../../src/project/model.js';

// `audit` picks a service's unused-deps policy with the same glob reading as the pipeline (src/core/globs.ts):
// `!x` excludes. Read pattern by pattern, `!api-2` alone matched every other name, so `web` got the api policy.
const svc = (name: string): Service => ({ name }) as Service;
const API: DepsPolicy = { ignore: ['boto3'], include: [], source: 'composeshift.config.yaml:2', services: ['api-*', '!api-2'] };
const REST: DepsPolicy = { ignore: [], include: [], source: 'composeshift.config.yaml:6' };

describe('policyFor: service globs', () => {
  it('includes, excludes with !, and falls through to the next policy', () => {
    expect(['api-1', 'api-2', 'web'].map((n) => policyFor(svc(n), [API, REST])?.source)).toEqual(['composeshift.config.yaml:2', 'composeshift.config.yaml:6', 'composeshift.config.yaml:6']);
  });
});
