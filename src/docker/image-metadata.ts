import { execa } from 'execa';
import { DockerError } from './docker-error.js';
import { run } from './run.js';
import { TarReader, type TarFile } from './tar-reader.js';

/** Files read from an image without running it. */
export interface ImageFiles {
  image: string;
  /** The image id (`sha256:…`). */
  id: string;
  /** Regular files `want` asked for, by path in the image (no leading `/`). */
  files: Map<string, Buffer>;
  /** Every regular file's size, for the paths `sizeOf` asked for. */
  sizes: Map<string, number>;
}

/** Time limit of one export (a multi-gigabyte ML image streams through in well under this). */
const EXPORT_TIMEOUT_MS = 15 * 60_000;

/**
 * Read files from an image's filesystem without running it: `docker create` (a container that is never started),
 * `docker export` streamed through a tar reader that keeps only the bodies `want(path)` asks for, then
 * `docker rm` of that container, whatever happened. Undefined when the engine has no such image.
 */
export async function readImageFiles(image: string, want: (path: string) => boolean, sizeOf: (path: string) => boolean = () => false): Promise<ImageFiles | undefined> {
  let id: string;
  try {
    id = (await run(['docker', 'image', 'inspect', '--format', '{{.Id}}', image])).stdout.trim();
  } catch (err) {
    if (err instanceof DockerError && /no such image/i.test(err.stderr + err.message)) return undefined;
    throw err;
  }
  // The entrypoint is never run: `create` only needs one for images that have none (FROM scratch).
  const created = await run(['docker', 'create', '--network', 'none', '--label', 'composeshift.purpose=image-metadata', '--entrypoint', '/composeshift-never-run', id]);
  const container = created.stdout.trim().split('\n').pop()!.trim();
  try {
    const files = new Map<string, Buffer>();
    const sizes = new Map<string, number>();
    const reader = new TarReader(want, (f: TarFile) => {
      if (f.body) files.set(f.path, f.body);
      if (sizeOf(f.path)) sizes.set(f.path, f.size);
    });
    const cmd = ['docker', 'export', container];
    const child = execa('docker', cmd.slice(1), { buffer: { stdout: false, stderr: true }, stdin: 'ignore', reject: false, timeout: EXPORT_TIMEOUT_MS, encoding: 'buffer' });
    for await (const chunk of child.stdout!) reader.push(chunk as Buffer);
    const r = await child;
    if (r.failed) {
      throw DockerError.fromResult(cmd, { stdout: '', stderr: Buffer.from(r.stderr ?? '').toString('utf8'), exitCode: r.exitCode, timedOut: r.timedOut }, EXPORT_TIMEOUT_MS);
    }
    return { image, id, files, sizes };
  } finally {
    await run(['docker', 'rm', '--force', container]).catch(() => undefined);
  }
}
