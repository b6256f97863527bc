import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

/** One blob of a commit's tree: its path, mode and object id. */
interface TreeBlob {
  rel: string;
  mode: string;
  oid: string;
}

/** What a materialised tree holds: every written file's original bytes, and the blobs the snapshot lacks. */
export interface Materialised {
  files: Map<string, Buffer>;
  missing: string[];
}

/** List the blobs of `commit` under `paths` (all of it when empty) in the git dir. */
async function listBlobs(gitDir: string, commit: string, paths: string[]): Promise<TreeBlob[]> {
  const r = await execa('git', [`--git-dir=${gitDir}`, 'ls-tree', '-r', '-z', commit, '--', ...paths], { encoding: 'buffer' });
  const blobs: TreeBlob[] = [];
  for (const entry of Buffer.from(r.stdout).toString('utf8').split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && mode && oid) blobs.push({ rel: entry.slice(tab + 1), mode, oid });
  }
  return blobs;
}

/**
 * Write the tree of `commit` (only `paths`, or everything) from a bare git dir into `dest`, as `git archive`
 * would, but skipping blobs the snapshot does not hold (fetched snapshots lack files of 4 MiB and more, and
 * `git archive` aborts on the first one). Returns each file's bytes, to compare against after a run.
 */
export async function materialise(gitDir: string, commit: string, paths: string[], dest: string): Promise<Materialised> {
  const blobs = await listBlobs(gitDir, commit, paths);
  const input = blobs.map((b) => b.oid).join('\n') + '\n';
  const r = await execa('git', [`--git-dir=${gitDir}`, 'cat-file', '--batch'], { input, encoding: 'buffer', maxBuffer: 2 ** 31 - 1 });
  const out = Buffer.from(r.stdout);
  const files = new Map<string, Buffer>();
  const missing: string[] = [];
  let at = 0;
  for (const blob of blobs) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    at = eol + 1;
    if (header[1] === 'missing') {
      missing.push(blob.rel);
      continue;
    }
    const size = Number(header[2]);
    const data = out.subarray(at, at + size);
    at += size + 1;
    const abs = path.join(dest, blob.rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (blob.mode === '120000') {
      symlinkSync(data.toString('utf8'), abs);
      continue;
    }
    writeFileSync(abs, data);
    if (blob.mode === '100755') chmodSync(abs, 0o755);
    files.set(blob.rel, Buffer.from(data));
  }
  return { files, missing };
}
