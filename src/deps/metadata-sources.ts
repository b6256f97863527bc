import { readdirSync } from 'node:fs';
import path from 'node:path';
import { relPath } from '../core/source.js';
import type { ImageMetadataFact } from '../facts/types.js';
import type { Service } from '../project/model.js';
import { readInstalled } from '../python/index.js';
import { makeDepIndex, type DepIndex, type MetadataSource } from './dep-index.js';
import { plural } from '../core/plural.js';

/** Where installed metadata may come from, besides the bundled table. */
export interface MetadataOptions {
  root: string;
  /** Absolute site-packages folder (`--site-packages`, or the policy's `sitePackages:`): used for every service. */
  sitePackages?: string;
  /** Metadata read from the services' images, by service key. */
  images?: ReadonlyMap<string, ImageMetadataFact>;
}

/** A per-service index and the notes that say which metadata it reads (or why none). */
export interface ServiceIndexes {
  indexFor(service: Service): DepIndex;
  notesFor(service: Service): string[];
}

/**
 * Per service, the metadata sources in the order they are trusted: (a) the service's image (when its metadata was
 * read), (b) a local environment: `--site-packages DIR`, else a `.venv` in the service's folder
 * (`.venv/lib/python3.*\/site-packages` of the build context or the Dockerfile's folder); the bundled table comes
 * last inside the index. Services reading the same sources share one index.
 */
export function serviceIndexes(opts: MetadataOptions): ServiceIndexes {
  const folders = new Map<string, MetadataSource | undefined>();
  const local = (dir: string, kind: MetadataSource['kind'], label: string): MetadataSource | undefined => {
    if (!folders.has(dir)) {
      const dists = readInstalled(dir);
      folders.set(dir, dists.size ? { kind, label, dists } : undefined);
    }
    return folders.get(dir);
  };
  const indexes = new Map<string, DepIndex>();
  const sourcesOf = (s: Service): MetadataSource[] => {
    const out: MetadataSource[] = [];
    const img = opts.images?.get(s.key);
    if (img?.dists) out.push({ kind: 'image', label: `image ${img.image}`, dists: img.dists });
    if (opts.sitePackages !== undefined) {
      const src = local(opts.sitePackages, 'site-packages', `--site-packages ${relPath(opts.root, opts.sitePackages)}`);
      if (src) out.push(src);
    } else {
      for (const venv of venvSitePackages(s)) {
        const src = local(venv, 'venv', relPath(opts.root, venv));
        if (src) {
          out.push(src);
          break;
        }
      }
    }
    return out;
  };
  return {
    indexFor(s) {
      const sources = sourcesOf(s);
      const key = sources.map((x) => x.label).join('\0');
      let index = indexes.get(key);
      if (index === undefined) indexes.set(key, (index = makeDepIndex(sources)));
      return index;
    },
    notesFor(s) {
      const img = opts.images?.get(s.key);
      const notes: string[] = [];
      if (img?.problem) notes.push(`image metadata not read: ${img.problem}`);
      else if (img?.dists) notes.push(`import names, requirements and sizes read from image ${img.image} (${plural(img.dists.size, 'distribution')} in ${img.siteDirs?.join(', ') || 'no site-packages'})`);
      return notes;
    },
  };
}

/** `.venv/lib/python3.*\/site-packages` folders of a service's build context and Dockerfile folder, sorted newest first. */
function venvSitePackages(s: Service): string[] {
  if (!s.build) return [];
  const out: string[] = [];
  for (const dir of new Set([s.build.context, path.dirname(s.build.dockerfile)])) {
    const lib = path.join(dir, '.venv', 'lib');
    let names: string[];
    try {
      names = readdirSync(lib);
    } catch {
      continue;
    }
    const pys = names.filter((n) => /^python3\.\d+$/.test(n)).sort((a, b) => Number(b.slice(8)) - Number(a.slice(8)));
    out.push(...pys.map((n) => path.join(lib, n, 'site-packages')));
  }
  return out;
}
