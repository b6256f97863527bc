import { describe, expect, it } from 'vitest';
import { limitQuery, peakUsageQuery, promString } from '../../src/facts/prometheus.js';

describe('PromQL building', () => {
  it.each([
    ['shop', '"shop"'],
    ['a"b', '"a\\"b"'],
    ['back\\slash', '"back\\\\slash"'],
  ])('promString(%j) = %s', (value, expected) => {
    expect(promString(value)).toBe(expected);
  });
  it('groups the windowed peak by the service label', () => {
    expect(peakUsageQuery('proj', 'svc', 'shop', '7d')).toBe('max by (svc) (max_over_time(container_memory_working_set_bytes{proj="shop"}[7d]))');
    expect(limitQuery('proj', 'svc', 'shop')).toBe('max by (svc) (container_spec_memory_limit_bytes{proj="shop"})');
  });
});
