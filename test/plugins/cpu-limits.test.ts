import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';

// The example plugin through the real binary (built dist), as a user runs it: `-t ./examples/plugins/cpu-limits.js`.
const BIN = path.resolve('bin/composeshift.js');
const PLUGIN = './examples/plugins/cpu-limits.js';

const COMPOSE = `name: shop
x-worker: &worker
  image: worker:1
  deploy:
    resources:
      limits:
        cpus: "0.5"   # shared by the workers
        memory: 128M

services:
  api:
    image: api:1
    deploy:
      resources:
        limits:
          memory: 256M
  queue-a:
    <<: *worker
  queue-b:
    <<: *worker
  db:
    image: db:1
    deploy: { resources: { limits: { cpus: '4' } } }
  cache:
    image: cache:1
    deploy: { resources: { limits: { memory: 64M } } }
  idle:
    image: idle:1
`;

const LEGACY = 'version: "2.4"\r\nname: legacy\r\nservices:\r\n  batch:\r\n    image: batch:1\r\n    mem_limit: 512m\r\n';

// CPU % per container; `idle` has no row (no measurement: left alone), queue-b and db are under their limits.
const STATS = `NAME            CPU %     MEM USAGE / LIMIT
shop-api-1      180.50%   10MiB / 256MiB
shop-queue-a-1  70.00%    90MiB / 128MiB
shop-queue-b-1  10.00%    90MiB / 128MiB
shop-db-1       60.00%    90MiB / 1GiB
shop-cache-1    30.00%    20MiB / 64MiB
legacy-batch-1  250.00%   90MiB / 512MiB
`;

// Two policies: db may shrink; everything else at the default 50% target.
const CONFIG = 'policies:\n  - transform: cpu-limits\n    services: [db]\n    shrink: true\n  - transform: cpu-limits\n    target: 50%\n';

const COMPOSE_AFTER = `name: shop
x-worker: &worker
  image: worker:1
  deploy:
    resources:
      limits:
        cpus: "0.5"   # shared by the workers
        memory: 128M

services:
  api:
    image: api:1
    deploy:
      resources:
        limits:
          memory: 256M
          cpus: 3.75
  queue-a:
    <<: *worker
    deploy:
      resources:
        limits:
          cpus: 1.5
          memory: 128M
  queue-b:
    <<: *worker
  db:
    image: db:1
    deploy: { resources: { limits: { cpus: '1.25' } } }
  cache:
    image: cache:1
    deploy: { resources: { limits: { memory: 64M, cpus: 0.75 } } }
  idle:
    image: idle:1
`;

const LEGACY_AFTER = 'version: "2.4"\r\nname: legacy\r\nservices:\r\n  batch:\r\n    image: batch:1\r\n    mem_limit: 512m\r\n    cpus: 5\r\n';

const DIFF = `diff --git a/compose.yaml b/compose.yaml
--- a/compose.yaml
+++ b/compose.yaml
@@ -14,15 +14,21 @@
       resources:
         limits:
           memory: 256M
+          cpus: 3.75
   queue-a:
     <<: *worker
+    deploy:
+      resources:
+        limits:
+          cpus: 1.5
+          memory: 128M
   queue-b:
     <<: *worker
   db:
     image: db:1
-    deploy: { resources: { limits: { cpus: '4' } } }
+    deploy: { resources: { limits: { cpus: '1.25' } } }
   cache:
     image: cache:1
-    deploy: { resources: { limits: { memory: 64M } } }
+    deploy: { resources: { limits: { memory: 64M, cpus: 0.75 } } }
   idle:
     image: idle:1
diff --git a/legacy/compose.yaml b/legacy/compose.yaml
--- a/legacy/compose.yaml
+++ b/legacy/compose.yaml
@@ -4,3 +4,4 @@
   batch:
     image: batch:1
     mem_limit: 512m
+    cpus: 5
`;

function cli(args: string[]) {
  return execa('node', [BIN, ...args], { reject: false, stripFinalNewline: false, env: { NO_COLOR: '1' } });
}

describe('cpu-limits example plugin (the real binary)', () => {
  it('plans cpus from the stats file CPU % in each file\'s style, applies, and a second run has nothing to do', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'legacy/compose.yaml': LEGACY, 'stats.txt': STATS, 'composeshift.config.yaml': CONFIG });
    const common = [dir, '--recursive', '-t', PLUGIN, '--usage', path.join(dir, 'stats.txt')];
    const plan = await cli(['plan', ...common, '-q']);
    expect(plan.stderr).toBe('');
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toBe(DIFF);

    const json = JSON.parse((await cli(['plan', ...common, '--json'])).stdout) as { changes: { service: string; before: string; after: string; reason: string; transform: string }[]; findings: { code: string; service?: string }[] };
    expect(json.changes.map((c) => [c.service, c.before, c.after, c.transform])).toEqual([
      ['shop/api', 'none', '3.75', 'cpu-limits'],
      ['shop/queue-a', '0.5', '1.5', 'cpu-limits'],
      ['shop/db', '4', '1.25', 'cpu-limits'],
      ['shop/cache', 'none', '0.75', 'cpu-limits'],
      ['legacy/batch', 'none', '5', 'cpu-limits'],
    ]);
    expect(json.changes.map((c) => (c as { value?: unknown }).value)).toEqual([3.75, 1.5, 1.25, 0.75, 5].map((cpus) => ({ kind: 'cpu-limit', cpus })));
    expect(json.changes[0]!.reason).toBe('peak 180.5% CPU (stats.txt:2) is 48% of 3.75 CPUs (target 50%, step 0.25)');
    expect(json.findings.map((f) => [f.code, f.service])).toEqual([
      ['cpu-kept', 'shop/queue-b'],
      ['no-cpu-usage', 'shop/idle'],
    ]);

    const apply = await cli(['apply', ...common, '-q']);
    expect(apply.stderr).toBe('');
    expect(apply.exitCode).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE_AFTER);
    expect(readFileSync(path.join(dir, 'legacy/compose.yaml'), 'utf8')).toBe(LEGACY_AFTER);

    const again = await cli(['plan', ...common, '--check', '-q']);
    expect([again.exitCode, again.stdout]).toEqual([0, '']);
  });

  it('a bad option of the plugin in the config is exit 2 at its line', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'stats.txt': STATS, 'composeshift.config.yaml': 'policies:\n  - transform: cpu-limits\n    step: 0\n' });
    const r = await cli(['plan', dir, '-t', PLUGIN, '--usage', path.join(dir, 'stats.txt')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('composeshift: composeshift.config.yaml:3:11: step: must be at least 0.01, got 0\n      step: 0\n            ^\n');
  });
});
