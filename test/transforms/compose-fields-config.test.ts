import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCase } from '../helpers/transform-tester.js';
import { FIELD_CASES, VALUE_CASES } from './compose-fields-cases.js';

// Every compose-fields output is checked by the real `docker compose config` (Compose v2, no engine or network
// needed): compose accepts the written project, and the value it resolves at each changed path is the value set.

const compose = (() => {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!compose && process.env.CI !== 'true') console.warn('compose-fields config check: `docker compose` not found; skipped');

/** `want` as compose normalises it: scalars by text, lists item by item, mappings by the wanted keys (compose adds defaults, e.g. a port's mode). */
function resolvedAs(got: unknown, want: unknown): boolean {
  if (want === undefined) return got === undefined;
  // compose drops an empty list from its output.
  if (Array.isArray(want) && !want.length) return got === undefined || (Array.isArray(got) && !got.length);
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => resolvedAs(got[i], w));
  if (want !== null && typeof want === 'object') return got !== null && typeof got === 'object' && Object.entries(want).every(([k, w]) => resolvedAs((got as Record<string, unknown>)[k], w));
  return String(got) === String(want);
}

function configOf(dir: string): Record<string, Record<string, unknown>> {
  const out = execFileSync('docker', ['compose', '--project-directory', dir, '-p', 'csx-fields-config', 'config', '--format', 'json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  return (JSON.parse(out) as { services: Record<string, Record<string, unknown>> }).services;
}

describe.skipIf(!compose && process.env.CI !== 'true')('compose-fields outputs under the real `docker compose config`', () => {
  for (const c of [...FIELD_CASES, ...VALUE_CASES].filter((x) => Object.keys(x.output).length)) {
    it(c.name, async () => {
      // runCase leaves the project with its output written (it plans it again for idempotency).
      const plan = await runCase(c);
      const services = configOf(plan.project.root);
      expect(plan.changes.length).toBeGreaterThan(0);
      for (const change of plan.changes) {
        const service = plan.project.services.find((s) => s.key === change.service)!;
        if (change.value.kind !== 'compose-field') continue;
        const e = change.expect[0]!;
        if (e.kind !== 'yaml') continue;
        const path = e.path.slice(2) as string[];
        const got = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), services[service.name]);
        const want = change.value.removed ? undefined : change.value.value;
        expect(resolvedAs(got, want), `${service.name} ${path.join('.')}: compose resolves ${JSON.stringify(got)}, set ${JSON.stringify(want)}`).toBe(true);
      }
    });
  }

  it('the oracle can fail: compose refuses a list where it takes a mapping', async () => {
    const { tempProject } = await import('../helpers/temp-project.js');
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    image: x\n    logging:\n      - json-file\n' });
    expect(() => configOf(dir)).toThrow(/logging/);
  });
});
