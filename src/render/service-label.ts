import type { Change, Finding } from '../core/finding.js';

/** How a run names its services: `project/service` only when several compose projects are in the run. */
export type ServiceLabel = (key: string | undefined) => string | undefined;

/**
 * The one service key style of a run's output, from its services' keys (`project/name`): bare names when one
 * project is in the run, keys otherwise. A value listing several keys (`a/x, a/y`: one change for every
 * service installing a shared file) is mapped key by key; anything that is no key stays as it is.
 */
export function serviceLabeler(services: readonly { key: string; name: string }[], projects: number): ServiceLabel {
  const names = new Map(services.map((s) => [s.key, s.name]));
  const one = (k: string): string => (projects > 1 ? k : (names.get(k) ?? k));
  return (key) => (key === undefined ? undefined : key.split(', ').map(one).join(', '));
}

/** Changes and findings with their `service` in the run's one key style (for --json and every renderer). */
export function labelServices<T extends Change | Finding>(items: readonly T[], label: ServiceLabel): T[] {
  return items.map((x) => (x.service === undefined ? x : { ...x, service: label(x.service) }));
}
