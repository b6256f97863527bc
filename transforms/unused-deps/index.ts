import '../../src/deps/load-service.js';
import { depFindings } from '../../src/deps/findings.js';
import { INCLUDABLE, parseDepsPolicies } from '../../src/deps/policy.js';
import { manifestFiles, planNodeRemovals } from './plan-node.js';
import { planPythonRemovals, requirementFiles } from './plan-python.js';
import { removalScope } from './removal-scope.js';
import type { Transform } from '../../src/transform/types.js';

/** Remove declared dependencies no service code imports, runs or loads implicitly. */
const unusedDeps: Transform = {
  meta: {
    name: 'unused-deps',
    description: 'Remove requirements and package.json dependencies that the service never imports, runs or loads implicitly',
    reads: ['compose', 'dockerfile', 'requirements', 'python', 'node', 'package-json'],
    edits: ['requirements', 'package-json'],
    options: {
      only: { type: 'string[]', description: 'remove only these packages (names or globs)' },
      ignore: { type: 'string[]', description: 'never remove these packages (names or globs); still reported' },
      include: { type: 'string[]', values: INCLUDABLE, description: `also remove these classes besides unused (${INCLUDABLE.join(', ')})`, default: [] },
      services: { type: 'string[]', description: 'services the policy applies to (names or globs); default all' },
      sitePackages: { type: 'string', description: 'site-packages folder (relative to the root) to read import names and requirements from' },
    },
    defaultPolicies: [{}],
    audit: true,
  },
  run(ctx) {
    const policies = parseDepsPolicies(ctx.policies);
    // Read by the load stage (src/deps/load-service.ts): every service, also unselected ones.
    const all = ctx.loaded.deps?.analyses;
    if (!all) throw new Error('unused-deps: the load stage did not read the services\' sources');
    const byContext = new Map(ctx.policies.map((p, i) => [p, policies[i]!]));
    const policyOf = (name: string) => {
      const s = ctx.project.services.find((x) => x.name === name);
      const pc = s && ctx.policyFor(s);
      return pc && byContext.get(pc);
    };
    for (const a of all) {
      const policy = policyOf(a.service.name);
      if (policy) depFindings(a, policy).forEach(ctx.report);
    }
    planPythonRemovals(removalScope(ctx.project, all, 'python', policyOf, requirementFiles), ctx);
    // Only edits and a lock-sync request: the pipeline's derive stage runs npm for the lock, or drops the removal.
    planNodeRemovals(removalScope(ctx.project, all, 'node', policyOf, manifestFiles), ctx);
  },
};

export default unusedDeps;
