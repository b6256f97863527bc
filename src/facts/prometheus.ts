import type { UsageFact } from './types.js';

/** Options of `prometheusUsageFacts`. */
export interface PrometheusUsageOptions {
  /** Base URL of Prometheus, e.g. `http://127.0.0.1:9090`. */
  url: string;
  /** Range of `max_over_time`, a Prometheus duration (`7d`, `12h`, `1h30m`); default `7d`. */
  window?: string;
  /** Label naming the compose project; default cAdvisor's `container_label_com_docker_compose_project`. */
  projectLabel?: string;
  /** Label naming the compose service; default cAdvisor's `container_label_com_docker_compose_service`. */
  serviceLabel?: string;
  projectName: string;
  /** Service names of the compose project; series of other services are listed as unmatched. */
  services: string[];
  /** Time limit of each HTTP request; default 30 s. */
  timeoutMs?: number;
}

/** Prometheus could not be asked, or answered with an error. */
export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
}

const DEFAULT_PROJECT_LABEL = 'container_label_com_docker_compose_project';
const DEFAULT_SERVICE_LABEL = 'container_label_com_docker_compose_service';

/** A label value as a PromQL string literal. */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The PromQL of the peak working set per service of one project over a window. */
export function peakUsageQuery(projectLabel: string, serviceLabel: string, projectName: string, window: string): string {
  return `max by (${serviceLabel}) (max_over_time(container_memory_working_set_bytes{${projectLabel}=${promString(projectName)}}[${window}]))`;
}

/** The PromQL of the memory limit per service (cAdvisor reports 0 for "no limit"). */
export function limitQuery(projectLabel: string, serviceLabel: string, projectName: string): string {
  return `max by (${serviceLabel}) (container_spec_memory_limit_bytes{${projectLabel}=${promString(projectName)}})`;
}

/** The smallest memory limit per service: beside `limitQuery`'s largest, it shows series that disagree. */
export function limitMinQuery(projectLabel: string, serviceLabel: string, projectName: string): string {
  return `min by (${serviceLabel}) (container_spec_memory_limit_bytes{${projectLabel}=${promString(projectName)}})`;
}

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A Prometheus URL without its `user:password@` (sent as a Basic header instead), and the same URL safe to print. */
export function promEndpoint(url: string): { base: string; shown: string; headers: Record<string, string> } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PrometheusError(`"${url.replace(/\/\/[^/@]*@/, '//***@')}" is not a URL (use http://host:9090, with a path prefix if Prometheus is served under one)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PrometheusError(`${u.protocol} URLs are not supported: use http:// or https://`);
  const headers: Record<string, string> = {};
  // fetch refuses a URL with credentials ("Request cannot be constructed…"), and printing it would show the password.
  if (u.username !== '' || u.password !== '') {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  const base = u.toString().replace(/\/+$/, '');
  const shown = headers.authorization ? base.replace('://', '://***@') : base;
  return { base, shown, headers };
}

function isSample(x: unknown): x is VectorSample {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { metric?: unknown; value?: unknown };
  return typeof r.metric === 'object' && r.metric !== null && !Array.isArray(r.metric) && Array.isArray(r.value) && r.value.length === 2 && typeof r.value[1] === 'string';
}

function failure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a certificate) is its cause.
  const cause = (err as { cause?: unknown }).cause;
  const why = cause instanceof Error ? ((cause as { code?: string }).code ?? cause.message) : undefined;
  return why && !err.message.includes(why) ? `${err.message} (${why})` : err.message;
}

/** Run one instant query through `/api/v1/query`; the result must be a vector of well-formed samples. */
export async function promQuery(url: string, query: string, timeoutMs = 30_000): Promise<VectorSample[]> {
  const { base, shown, headers } = promEndpoint(url);
  const endpoint = `${base}/api/v1/query?${new URLSearchParams({ query })}`;
  let res: Response;
  try {
    res = await fetch(endpoint, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new PrometheusError(`GET ${shown}/api/v1/query?${new URLSearchParams({ query })} failed: ${failure(err)}`);
  }
  const body = await res.text();
  let json: { status?: string; error?: string; errorType?: string; data?: { resultType?: string; result?: unknown } };
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    throw new PrometheusError(`query \`${query}\`: HTTP ${res.status}, not JSON: ${body.slice(0, 300)}`);
  }
  if (!res.ok || json?.status !== 'success') {
    throw new PrometheusError(`query \`${query}\` failed: HTTP ${res.status} ${json?.errorType ?? ''} ${json?.error ?? body.slice(0, 300)}`.trim());
  }
  if (json.data?.resultType !== 'vector' || !Array.isArray(json.data.result)) {
    throw new PrometheusError(`query \`${query}\`: expected a vector, got ${json.data?.resultType ?? 'nothing'}`);
  }
  const bad = json.data.result.findIndex((x) => !isSample(x));
  if (bad !== -1) throw new PrometheusError(`query \`${query}\`: result ${bad} is not a sample ({metric: {…}, value: [time, "number"]}): ${JSON.stringify(json.data.result[bad]).slice(0, 200)}`);
  return json.data.result as VectorSample[];
}

/**
 * Peak memory per service of one compose project from Prometheus (cAdvisor's series by default):
 * `max by (service) (max_over_time(container_memory_working_set_bytes{project="…"}[window]))`.
 * Series of services not in `services` are listed in `unmatched`.
 */
export async function prometheusUsageFacts(opts: PrometheusUsageOptions): Promise<{ usage: UsageFact[]; unmatched: string[]; notMeasured?: string[]; limitConflicts?: string[] }> {
  const window = opts.window ?? '7d';
  const projectLabel = opts.projectLabel ?? DEFAULT_PROJECT_LABEL;
  const serviceLabel = opts.serviceLabel ?? DEFAULT_SERVICE_LABEL;
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(window)) throw new PrometheusError(`bad window "${window}": use a Prometheus duration such as 7d or 12h`);
  for (const label of [projectLabel, serviceLabel]) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw new PrometheusError(`bad label name "${label}"`);
  }

  const query = peakUsageQuery(projectLabel, serviceLabel, opts.projectName, window);
  const peaks = await promQuery(opts.url, query, opts.timeoutMs);
  const limits = new Map<string, number>();
  for (const s of await promQuery(opts.url, limitQuery(projectLabel, serviceLabel, opts.projectName), opts.timeoutMs)) {
    const v = Number(s.value[1]);
    const service = s.metric[serviceLabel];
    if (service !== undefined && Number.isFinite(v) && v > 0) limits.set(service, Math.max(limits.get(service) ?? 0, v));
  }
  // Replicas or hosts whose series disagree on the limit (cAdvisor: 0 = none): no limit is used, the values are named.
  const limitConflicts: string[] = [];
  const lowQuery = limitMinQuery(projectLabel, serviceLabel, opts.projectName);
  for (const s of await promQuery(opts.url, lowQuery, opts.timeoutMs)) {
    const service = s.metric[serviceLabel];
    const high = service === undefined ? undefined : limits.get(service);
    const low = Number(s.value[1]);
    if (service === undefined || high === undefined || low === high) continue;
    limits.delete(service);
    limitConflicts.push(`${opts.projectName}/${service} (${low > 0 ? low : 'no limit'} to ${high} bytes; \`${lowQuery}\` and max)`);
  }

  const wanted = new Set(opts.services);
  const usage: UsageFact[] = [];
  const unmatched: string[] = [];
  const notMeasured: string[] = [];
  for (const s of peaks) {
    const service = s.metric[serviceLabel];
    const value = Number(s.value[1]);
    if (service === undefined || service === '' || !wanted.has(service)) {
      unmatched.push(`prometheus series ${serviceLabel}=${promString(service ?? '')} of ${projectLabel}=${promString(opts.projectName)}`);
      continue;
    }
    // NaN, ±Inf or a negative byte count measures nothing: reported with the value, never a fact to decide on.
    if (!Number.isFinite(value) || value < 0) {
      notMeasured.push(`${opts.projectName}/${service} (its series' peak is ${s.value[1]}: not a measurement)`);
      continue;
    }
    usage.push({
      service: `${opts.projectName}/${service}`,
      container: `${serviceLabel}=${service}`,
      usageBytes: Math.round(value),
      limitBytes: limits.get(service),
      source: `prometheus max_over_time(container_memory_working_set_bytes[${window}])`,
    });
  }
  usage.sort((a, b) => opts.services.indexOf(a.service.slice(opts.projectName.length + 1)) - opts.services.indexOf(b.service.slice(opts.projectName.length + 1)));
  return { usage, unmatched, ...(notMeasured.length ? { notMeasured } : {}), ...(limitConflicts.length ? { limitConflicts } : {}) };
}
