import type { CommandFacts } from './env-index.js';
import { CPU_INDEX, pytorchIndexKind } from './index-url.js';

/** What a pip command's environment and uv options mean for converting what it installs. */
export type Verdict =
  | { kind: 'cpu'; why: string }
  | { kind: 'accelerator'; why: string }
  | { kind: 'block'; code: string; message: string }
  | undefined;

/**
 * Read the facts of the command that installs a unit (`what`: the file, or "this pip install"):
 * - a word that is only a variable of unknown value (`pip install $extra_index_url_arg torch`): its options are unknown: block;
 * - `--no-index` (or PIP_NO_INDEX): only --find-links pages and files are read, whose torch build is unknown: block;
 * - uv's `--torch-backend` / UV_TORCH_BACKEND overrides every index for the PyTorch packages: `cpu` is CPU, any
 *   other backend blocks (an added index would be ignored and a `+cpu` pin would not resolve);
 * - PIP_INDEX_URL / PIP_EXTRA_INDEX_URL (UV_* for uv) naming PyTorch's CPU index: CPU; a ROCm/XPU one: accelerator;
 *   a CUDA one: block (pip also looks there, so a range or an added unpinned torch still resolves to CUDA).
 */
export function commandVerdict(facts: CommandFacts | undefined, what: string): Verdict {
  if (!facts) return undefined;
  if (facts.opaque !== undefined) {
    return { kind: 'block', code: 'torch-command-variable', message: `${what === 'this pip install' ? what : `the pip command that installs ${what}`} passes ${facts.opaque}, a variable whose value is not known here: it may name a CUDA index or hold index options, so a range or an unpinned torch may still resolve to a CUDA build and an added index may change nothing; nothing changed` };
  }
  if (facts.noIndex) {
    return { kind: 'block', code: 'torch-no-index', message: `${what} is installed with ${facts.noIndex}: pip reads only the --find-links pages and files it is given, and which torch build they hold is not known here; nothing changed` };
  }
  const b = facts.torchBackend;
  if (b) {
    if (b.value.toLowerCase() === 'cpu') return { kind: 'cpu', why: b.from };
    return { kind: 'block', code: 'torch-uv-backend', message: `${b.from} makes uv take the PyTorch packages from the "${b.value}" backend whatever index ${what} names: nothing changed; set --torch-backend=cpu (or UV_TORCH_BACKEND=cpu) to convert it` };
  }
  const indexes = facts.env.filter((e) => e.value !== undefined && pytorchIndexKind(e.value) !== undefined);
  const accel = indexes.find((e) => pytorchIndexKind(e.value!) === 'accelerator');
  if (accel) return { kind: 'accelerator', why: `${accel.variable}=${accel.value}` };
  const cuda = indexes.find((e) => pytorchIndexKind(e.value!) === 'other' || (e.name === '--find-links' && pytorchIndexKind(e.value!) === 'cpu'));
  if (cuda) {
    return { kind: 'block', code: 'torch-env-index', message: `${cuda.variable}=${cuda.value} (an ENV/ARG of the Dockerfile) gives ${facts.tool} a CUDA PyTorch index for ${what} too, so a range or an unpinned torch still resolves to a CUDA build: nothing changed; point ${cuda.variable} at ${CPU_INDEX}` };
  }
  const cpu = indexes.find((e) => e.name !== '--find-links');
  return cpu ? { kind: 'cpu', why: `${cpu.variable}=${cpu.value}` } : undefined;
}

/**
 * uv's default index strategy (`first-index`, https://docs.astral.sh/uv/concepts/indexes/) takes every package the
 * first index that has it offers, and `--extra-index-url` indexes come first: with the CPU index added, every other
 * package PyTorch's index also carries (numpy, pillow, requests…) would be limited to the versions there. Returns the
 * block when a uv command without `--index-strategy unsafe-best-match` installs packages besides torch's own.
 */
export function uvFirstIndex(facts: CommandFacts | undefined, others: readonly string[], what: string): Verdict {
  if (!facts || facts.tool !== 'uv' || facts.indexStrategy === 'unsafe-best-match' || others.length === 0) return undefined;
  const list = others.slice(0, 3).join(', ') + (others.length > 3 ? `, … (${others.length})` : '');
  return {
    kind: 'block',
    code: 'torch-uv-first-index',
    message: `${what} is installed by uv, which takes each package only from the first index that has it (first-index): with the CPU index added, ${list} would be limited to the versions PyTorch's index carries; nothing changed. Install torch in its own \`uv pip install --index-url ${CPU_INDEX} torch…\`, use --torch-backend=cpu, or pass --index-strategy unsafe-best-match`,
  };
}
