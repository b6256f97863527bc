import { coerce, lt, valid } from 'semver';
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { LineIndex } from '../core/position.js';
import type { ComposeProject } from './model.js';
import type { YamlFile } from './parse.js';

/** A Compose file feature that older Compose releases reject or silently ignore. */
export interface ComposeFeature {
  /** Stable code of the finding, e.g. `compose-include`. */
  code: string;
  /** What the file uses, as a user reads it. */
  what: string;
  /** The first Compose release that honours it (semver). */
  since: string;
  /** What an older Compose does with it. */
  older: string;
  /** The release notes that say so. */
  source: string;
}

/** The features gated here, each with the release that brought it (Docker's Compose release notes). */
export const COMPOSE_FEATURES = {
  include: { code: 'compose-include', what: 'top-level `include:`', since: '2.20.0', older: 'rejects the file (additional property include is not allowed)', source: 'docs.docker.com/compose/releases/release-notes/#2200' },
  develop: { code: 'compose-develop', what: '`develop:` (compose watch)', since: '2.22.0', older: 'rejects or ignores it (watch was experimental before 2.22)', source: 'docs.docker.com/compose/releases/release-notes/#2220' },
  requiredDependency: { code: 'compose-depends-on-required', what: '`depends_on: {<service>: {required: …}}`', since: '2.20.0', older: 'rejects the key', source: 'docs.docker.com/compose/releases/release-notes/#2200' },
  deployResources: { code: 'compose-deploy-resources', what: '`deploy.resources` limits', since: '2.0.0', older: 'ignores them outside swarm unless run with --compatibility (Compose v1): the memory limit is not applied', source: 'docs.docker.com/compose/releases/migrate/' },
} as const satisfies Record<string, ComposeFeature>;

/** One use of a gated feature in a compose file. */
export interface FeatureUse {
  feature: ComposeFeature;
  /** The file that uses it (relative to the root) and the 1-based line. */
  file: string;
  line: number;
  service?: string;
}

/** A Compose version as semver ("2.26.1-4", "v2.20.2-desktop.1", "1.29.2" → 2.26.1, 2.20.2, 1.29.2), or undefined. */
export function composeSemver(version: string): string | undefined {
  const v = valid(coerce(version));
  return v ?? undefined;
}

/** A project's compose files: those named or discovered, and those they include or extend. */
export function projectFiles(project: ComposeProject): YamlFile[] {
  return [...project.files, ...project.linked];
}

/** Every use of a gated feature in the given compose files. */
export function featureUses(files: readonly YamlFile[]): FeatureUse[] {
  const out: FeatureUse[] = [];
  for (const file of files) {
    const top = file.doc.contents;
    if (!isMap(top)) continue;
    const lines = new LineIndex(file.source.text);
    const at = (node: Node | null | undefined): number => lines.position(node?.range?.[0] ?? 0).line;
    const use = (feature: ComposeFeature, node: Node | null | undefined, service?: string): void => {
      out.push({ feature, file: file.source.rel, line: at(node), ...(service ? { service } : {}) });
    };
    const include = keyNode(top, 'include');
    if (include) use(COMPOSE_FEATURES.include, include);
    const services = top.get('services', true);
    if (!isMap(services)) continue;
    for (const pair of services.items) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue;
      const name = String(pair.key.value);
      const svc = pair.value;
      const develop = keyNode(svc, 'develop');
      if (develop) use(COMPOSE_FEATURES.develop, develop, name);
      const deploy = svc.get('deploy', true);
      const resources = isMap(deploy) ? keyNode(deploy, 'resources') : undefined;
      if (resources) use(COMPOSE_FEATURES.deployResources, resources, name);
      const dependsOn = svc.get('depends_on', true);
      if (isMap(dependsOn)) {
        for (const dep of dependsOn.items) {
          const required = isMap(dep.value) ? keyNode(dep.value, 'required') : undefined;
          if (required) use(COMPOSE_FEATURES.requiredDependency, required, name);
        }
      }
    }
  }
  return out;
}

/** The uses of features the given Compose version does not have (semver comparison); none for an unreadable version. */
export function unsupportedFeatures(files: readonly YamlFile[], composeVersion: string): FeatureUse[] {
  const v = composeSemver(composeVersion);
  if (!v) return [];
  return featureUses(files).filter((u) => lt(v, u.feature.since));
}

/** One line per unsupported use: `file:line: <what> needs Compose ≥ X (this Compose V <older>)`. */
export function describeUnsupported(uses: readonly FeatureUse[], composeVersion: string): string[] {
  return uses.map((u) => `${u.file}:${u.line}${u.service ? ` (service ${u.service})` : ''}: ${u.feature.what} needs Compose ≥ ${u.feature.since}; Compose ${composeVersion} ${u.feature.older} [${u.feature.source}]`);
}

function keyNode(map: YAMLMap, key: string): Node | undefined {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair ? ((pair.key as Node | null) ?? undefined) : undefined;
}

