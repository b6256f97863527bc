import { DockerError } from './docker-error.js';
import { run } from './run.js';

/** What `docker image inspect` says about one image. */
export interface ImageInfo {
  id: string;
  /** `repo:tag` names; empty for an untagged image. */
  tags: string[];
  sizeBytes: number;
}

/** `docker image inspect` of images by id or name; names that do not exist are left out (not an error). */
export async function inspectImages(refs: readonly string[]): Promise<Map<string, ImageInfo>> {
  const out = new Map<string, ImageInfo>();
  for (const ref of new Set(refs)) {
    if (ref === '') continue;
    const cmd = ['docker', 'image', 'inspect', '--format', '{{json .}}', ref];
    let stdout: string;
    try {
      ({ stdout } = await run(cmd));
    } catch (err) {
      if (err instanceof DockerError && /no such image/i.test(err.stderr)) continue;
      throw err;
    }
    let raw: { Id?: string; RepoTags?: string[] | null; Size?: number };
    try {
      raw = JSON.parse(stdout) as typeof raw;
    } catch {
      throw new DockerError('`docker image inspect` printed something that is not JSON', cmd, '', stdout);
    }
    out.set(ref, { id: raw.Id ?? ref, tags: raw.RepoTags ?? [], sizeBytes: raw.Size ?? 0 });
  }
  return out;
}
