/** Memory use of one compose service, measured (never estimated). */
export interface UsageFact {
  /** Service key: `<compose project name>/<service name>`. */
  service: string;
  container: string;
  /** Highest measured usage in bytes (peak of samples, or the kernel's recorded peak when higher). */
  usageBytes: number;
  /** Limit the container ran with, when the source says. */
  limitBytes?: number;
  /** Where the number comes from: `stats.txt:4`, `docker stats (3 samples)`, `cgroup memory.peak`, `prometheus`. */
  source: string;
  oomKilled?: boolean;
  restartCount?: number;
}

/** Size of a service's image, measured by the engine. */
export interface ImageFact {
  service: string;
  image: string;
  sizeBytes: number;
  source: string;
}

/** Facts from the running system, keyed by service key. */
export interface Facts {
  usage: Map<string, UsageFact>;
  images: Map<string, ImageFact>;
  /** Containers or series that matched no service of the project (listed, never dropped silently). */
  unmatched: string[];
  /** Services a live source found no container or series for (a wrong `-p` shows up here). */
  missing: string[];
}

/** An empty fact set. */
export function emptyFacts(): Facts {
  return { usage: new Map(), images: new Map(), unmatched: [], missing: [] };
}
