import type { InstalledDist } from '../python/index.js';

/** A kernel memory peak that includes page cache (`cacheBytes` now; absent when memory.stat was unreadable). */
export interface PeakWithCache {
  bytes: number;
  source: string;
  cacheBytes?: number;
}

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
  /** The kernel's recorded peak when it is above `usageBytes` but counts page cache: the working set's peak lies between. */
  peakWithCache?: PeakWithCache;
  oomKilled?: boolean;
  restartCount?: number;
  /** Highest measured CPU % (docker stats: 100 = one core busy), when the source has it; `cpuSource` says where. */
  cpuPercent?: number;
  cpuSource?: string;
}

/** The Python distributions installed in a service's image, read from its metadata without running it. */
export interface ImageMetadataFact {
  service: string;
  image: string;
  /** Image id, when the image is on the engine. */
  id?: string;
  /** Installed distributions by normalised name; absent when the image could not be read (`problem` says why). */
  dists?: Map<string, InstalledDist>;
  /** The site-packages folders found in the image. */
  siteDirs?: string[];
  problem?: string;
}

/** Size of a service's image, measured by the engine. */
export interface ImageFact {
  service: string;
  image: string;
  sizeBytes: number;
  source: string;
}

/** The engine's host, measured by `docker info` (with `--usage docker`): the bounds a limit must stay within. */
export interface EngineFact {
  /** CPUs a container can be given; a `cpus` limit above it is refused by the engine. */
  cpus: number;
  memoryBytes: number;
  source: string;
}

/** Facts from the running system, keyed by service key. */
export interface Facts {
  usage: Map<string, UsageFact>;
  images: Map<string, ImageFact>;
  /** Containers or series that matched no service of the project (listed, never dropped silently). */
  unmatched: string[];
  /** Containers whose name more than one service could carry: reported, never used (with where and which services). */
  ambiguous?: string[];
  /** Stats rows (`file:line`) docker printed with no reading (`-- / --`, `0B / 0B`: not running): reported, not facts. */
  notMeasured?: string[];
  /** Services whose containers or series report different memory limits: no running limit is used (with the values). */
  limitConflicts?: string[];
  /** Services a live source found no container or series for (a wrong `-p` shows up here). */
  missing: string[];
  /** Python metadata read from the services' images (`--image-metadata`, `--usage docker`), by service key. */
  imageMetadata?: Map<string, ImageMetadataFact>;
  /** The engine's host (`--usage docker` only; a stats file or Prometheus does not say which host runs a service). */
  engine?: EngineFact;
}

/** An empty fact set. */
export function emptyFacts(): Facts {
  return { usage: new Map(), images: new Map(), unmatched: [], missing: [] };
}
