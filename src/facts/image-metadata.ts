import { readImageFiles } from '../docker/image-metadata.js';
import type { Project, Service } from '../project/model.js';
import { addInstalled, parseDistInfo, type InstalledDist, type MetaFile } from '../python/index.js';
import type { ImageMetadataFact } from './types.js';

/** `<site-packages>/<name>.dist-info/<file>` (or a bare `<name>.egg-info` PKG-INFO file) anywhere in an image. */
const META_PATH = /^(.*\/(?:site|dist)-packages)\/([^/]+\.(?:dist|egg)-info)(?:\/(METADATA|PKG-INFO|top_level\.txt|RECORD|installed-files\.txt|requires\.txt))?$/;

/** The image a service runs: its `image:`, else the name compose gives what it builds (`<project>-<service>`). */
export function serviceImage(service: Service): string {
  return service.image ?? `${service.project.name}-${service.name}`;
}

/**
 * Python metadata of the built services' images, read without running them (`readImageFiles`): every
 * `*.dist-info` / `*.egg-info` of every `site-packages` / `dist-packages` folder in the image, keyed by service key.
 * A service whose image is not on the engine gets a fact saying so (and the analysis falls back to other sources).
 */
export async function imageMetadataFacts(project: Project, services: readonly string[] = []): Promise<Map<string, ImageMetadataFact>> {
  const out = new Map<string, ImageMetadataFact>();
  const byImage = new Map<string, Promise<Omit<ImageMetadataFact, 'service'>>>();
  for (const s of project.services) {
    if (!s.build || (services.length && !services.includes(s.name))) continue;
    const image = serviceImage(s);
    let p = byImage.get(image);
    if (p === undefined) byImage.set(image, (p = readImageMetadata(image)));
    out.set(s.key, { service: s.key, ...(await p) });
  }
  return out;
}

/** Read and parse one image's installed distributions. */
export async function readImageMetadata(image: string): Promise<Omit<ImageMetadataFact, 'service'>> {
  const read = await readImageFiles(image, (p) => META_PATH.test(p));
  if (read === undefined) return { image, problem: `no image ${image} on the engine (build it first: docker compose build)` };
  const groups = new Map<string, { dir: string; entry: string; files: Map<string, string>; bare?: string }>();
  for (const [p, body] of read.files) {
    const m = META_PATH.exec(p)!;
    const key = `${m[1]}/${m[2]}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { dir: m[1]!, entry: m[2]!, files: new Map() }));
    if (m[3] === undefined) g.bare = body.toString('utf8');
    else g.files.set(m[3], body.toString('utf8'));
  }
  const dists = new Map<string, InstalledDist>();
  const siteDirs = new Set<string>();
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    siteDirs.add(`/${g.dir}`);
    addInstalled(dists, parseDistInfo(g.entry, `/${key}`, (f: MetaFile) => g.files.get(f) ?? null, g.bare));
  }
  return { image, id: read.id, dists, siteDirs: [...siteDirs].sort() };
}
