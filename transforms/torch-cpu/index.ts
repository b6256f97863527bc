import { valid } from '@renovatebot/pep440';
import type { Finding } from '../../src/core/finding.js';
import { publicVersion } from '../../src/requirements/index.js';
import { CPU_INDEX } from './index-url.js';
import { OPTIONS, readPolicy, type TorchPolicy } from './options.js';
import { gpuGuard } from './gpu-guard.js';
import { planService, type Done, type Parsed } from './service-plan.js';
import { T } from './types.js';
import { defineTransform } from '../../src/transform/define.js';
import type { PolicyContext } from '../../src/transform/types.js';

/**
 * CPU-only PyTorch: the CPU wheel index and `+cpu` pins in requirements files and Dockerfile pip installs.
 *
 * Option semantics (first policy whose `services` matches a service applies to it):
 * - `index`: `extra` writes `--extra-index-url`; `primary` writes `--index-url` and warns. An existing
 *   PyTorch `--index-url`/`--extra-index-url` keeps its kind and gets the CPU URL; a PyTorch `-f` page is
 *   rewritten to the policy's option; a file that already names the CPU index keeps it.
 * - `localVersion`: `==V` becomes `==V+cpu`; a pin with a local label (`+cu121`) always becomes `+cpu`.
 * - `platformMarker`: see ./platform.ts (split into a `!= "darwin"` `+cpu` line and a darwin line).
 * - `version`: pin of the torch lines added for packages that depend on torch.
 *
 * A service that asks for a GPU (see ./gpu.ts and ./gpu-guard.ts) is never converted, nor is any file or pip
 * command such a service installs, whichever service the run selected.
 */
const torchCpu = defineTransform({
  meta: {
    name: T,
    description: `Install CPU-only torch/torchvision/torchaudio from ${CPU_INDEX} instead of the CUDA build from PyPI`,
    reads: ['compose', 'dockerfile', 'requirements'],
    edits: ['requirements', 'dockerfile'],
    options: OPTIONS,
    defaultPolicies: [{}],
  },
  run(ctx) {
    const policies = new Map<PolicyContext, TorchPolicy>();
    for (const p of ctx.policies) {
      const policy = readPolicy(p);
      if (policy.version !== undefined && !valid(publicVersion(policy.version))) {
        ctx.report(badVersion(policy));
        delete policy.version;
      }
      policies.set(p, policy);
    }
    const done: Done = new Map();
    const parsed: Parsed = new Map();
    const findings: Finding[] = [];
    const guard = gpuGuard(ctx.project);
    for (const service of ctx.services) {
      const policy = policies.get(ctx.policyFor(service)!)!;
      for (const plan of planService(ctx.project, service, policy, done, parsed, findings, guard)) {
        plan.edits.forEach(ctx.edit);
        plan.changes.forEach(ctx.change);
      }
    }
    findings.forEach(ctx.report);
  },
});

function badVersion(policy: TorchPolicy): Finding {
  return { transform: T, level: 'error', code: 'torch-bad-version', message: `version "${policy.version}" is not a PEP 440 version (policy ${policy.source})` };
}

export default torchCpu;
