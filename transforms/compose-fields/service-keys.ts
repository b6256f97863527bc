// The keys compose takes in a service (and, below, in the mappings it checks strictly): definitions.service of the
// compose-spec schema embedded in docker compose 2.26.1 (the engine in this repository's tests), plus models,
// provider and use_api_socket from later compose-spec releases. Any `x-` key is allowed too.
const KEYS: ReadonlySet<string> = new Set([
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command',
  'configs', 'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period',
  'cpu_rt_runtime', 'cpu_shares', 'cpus', 'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop',
  'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search', 'domainname', 'entrypoint', 'env_file',
  'environment', 'expose', 'extends', 'external_links', 'extra_hosts', 'gpus', 'group_add', 'healthcheck',
  'hostname', 'image', 'init', 'ipc', 'isolation', 'label_file', 'labels', 'links', 'logging', 'mac_address',
  'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'network_mode', 'networks',
  'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start', 'pre_stop',
  'privileged', 'profiles', 'provider', 'pull_policy', 'read_only', 'restart', 'runtime', 'scale', 'secrets',
  'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs',
  'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes', 'volumes_from', 'working_dir',
]);

/** Keys below a service key whose mapping compose checks strictly (0: a value; 'free': any key), from the same schema. */
type Tree = { [key: string]: Tree | 0 | 'free' };
const NESTED: Tree = {
  develop: { watch: 0 },
  deploy: {
    mode: 0,
    endpoint_mode: 0,
    replicas: 0,
    labels: 'free',
    rollback_config: { parallelism: 0, delay: 0, failure_action: 0, monitor: 0, max_failure_ratio: 0, order: 0 },
    update_config: { parallelism: 0, delay: 0, failure_action: 0, monitor: 0, max_failure_ratio: 0, order: 0 },
    resources: {
      limits: { cpus: 0, memory: 0, pids: 0 },
      reservations: { cpus: 0, memory: 0, generic_resources: 0, devices: 0 },
    },
    restart_policy: { condition: 0, delay: 0, max_attempts: 0, window: 0 },
    placement: { constraints: 0, preferences: 0, max_replicas_per_node: 0 },
  },
  build: {
    context: 0,
    dockerfile: 0,
    dockerfile_inline: 0,
    entitlements: 0,
    args: 'free',
    ssh: 'free',
    labels: 'free',
    cache_from: 0,
    cache_to: 0,
    no_cache: 0,
    additional_contexts: 'free',
    network: 0,
    pull: 0,
    target: 0,
    shm_size: 0,
    extra_hosts: 'free',
    isolation: 0,
    privileged: 0,
    secrets: 0,
    tags: 0,
    ulimits: 'free',
    platforms: 0,
  },
  blkio_config: {
    device_read_bps: 0,
    device_read_iops: 0,
    device_write_bps: 0,
    device_write_iops: 0,
    weight: 0,
    weight_device: 0,
  },
  credential_spec: { config: 0, file: 0, registry: 0 },
  extends: { service: 0, file: 0 },
  healthcheck: { disable: 0, interval: 0, retries: 0, test: 0, timeout: 0, start_period: 0, start_interval: 0 },
  logging: { driver: 0, options: 'free' },
};

/**
 * The first key of a path compose would refuse (`restrat`, `logging.optoins`), with the known keys beside it, or
 * undefined when compose takes the path (a key below a free-text mapping, a value or an `x-` key ends the check).
 */
export function unknownKeyAt(path: readonly string[]): { at: string[]; known: string[] } | undefined {
  if (!isServiceKey(path[0]!)) return { at: [path[0]!], known: [...KEYS] };
  let tree: Tree | 0 | 'free' | undefined = NESTED[path[0]!];
  for (let i = 1; i < path.length; i++) {
    if (tree === undefined || tree === 0 || tree === 'free') return undefined;
    const key = path[i]!;
    if (key.startsWith('x-')) return undefined;
    if (!(key in tree)) return { at: path.slice(0, i + 1), known: Object.keys(tree) };
    tree = tree[key];
  }
  return undefined;
}

/** Whether compose takes the key at the top of a service (`restart`, `x-anything`; not `restrat`). */
export const isServiceKey = (key: string): boolean => KEYS.has(key) || key.startsWith('x-');

/** The known key closest to a typo (at most two edits away), for the message. */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}
