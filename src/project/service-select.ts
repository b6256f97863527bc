import type { Service } from './model.js';

// `--service` takes a service as the output names it: `app`, or `project/app` when several compose projects are
// in the run (`--recursive`), which is the only way to pick one of two services of the same name. `p1/app` was
// "no such service: p1/app (services: app)" although every table, finding and --json named it so.

/** Whether `--service` values select this service: by its name (every project) or its `project/name` key. */
export function selectedBy(s: Service, wanted: readonly string[]): boolean {
  return wanted.includes(s.name) || wanted.includes(s.key);
}

/** The service names `--service` values stand for, for filters that know only names (live facts). */
export function serviceNames(wanted: readonly string[]): string[] {
  return [...new Set(wanted.map((w) => w.slice(w.lastIndexOf('/') + 1)))];
}
