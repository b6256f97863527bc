import { lineAt } from '../../src/core/source.js';
import { lookupPath } from '../../src/compose/yaml-nav.js';
import type { DockerfileModel } from '../../src/dockerfile/index.js';
import type { Service } from '../../src/project/model.js';

/** One sign that a service is built or run for a GPU, with where it is written. */
export interface GpuEvidence {
  /** What was seen, as written (`runtime: nvidia`, `FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04`). */
  what: string;
  /** Root-relative path. */
  file: string;
  line?: number;
}

/**
 * Environment variables that hand GPUs to a container (the NVIDIA container toolkit reads the NVIDIA_* ones; CUDA
 * and ROCm runtimes read the *_VISIBLE_DEVICES ones). `void`/`none`/empty, and `-1` for CUDA, mean "no GPU".
 */
const GPU_ENV = /^(NVIDIA_VISIBLE_DEVICES|NVIDIA_DRIVER_CAPABILITIES|CUDA_VISIBLE_DEVICES|AMD_VISIBLE_DEVICES|ROCR_VISIBLE_DEVICES|HIP_VISIBLE_DEVICES)$/;
const NO_GPU_VALUE = /^(|void|none|-1|NoDevFiles)$/i;

/**
 * Library and tool paths of CUDA: the nvidia-* wheels' libraries (`…/site-packages/nvidia/cublas/lib`, which CUDA
 * torch brings), TensorRT's (`tensorrt_libs`), a CUDA toolkit (`/usr/local/cuda`). A Dockerfile that puts them on
 * `LD_LIBRARY_PATH`/`PATH` or sets `CUDA_HOME` to them builds the image to run CUDA (Whisper-WebUI wires the cuBLAS and
 * cuDNN of the venv into LD_LIBRARY_PATH on a plain debian base).
 */
const CUDA_PATH_ENV = /^(LD_LIBRARY_PATH|LIBRARY_PATH|PATH|CUDA_HOME|CUDA_PATH|CUDA_ROOT|CUDNN_PATH)$/;
const CUDA_PATH = /(?:site|dist)-packages\/(?:nvidia|tensorrt_libs)\/?|\/usr\/local\/cuda\b|\/usr\/local\/nvidia\b/;

/** Device paths and CDI names of GPUs (`/dev/nvidia0`, `nvidia.com/gpu=all`, ROCm's `/dev/kfd`, `amd.com/gpu`). */
const GPU_DEVICE = /nvidia|^\/dev\/kfd\b|amd\.com\/gpu/i;

/**
 * Base images built for a GPU: NVIDIA's (`nvidia/cuda`, `nvcr.io/…`), any image whose name or tag says CUDA or
 * cuDNN (`pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime`), `pytorch/pytorch` itself (every tag ships CUDA torch)
 * and ROCm images (`rocm/pytorch`).
 */
const GPU_IMAGE = /^(docker\.io\/)?(nvidia|rocm)\/|^nvcr\.io\/|cuda|cudnn|^(docker\.io\/)?pytorch\/pytorch(:|@|$)/i;

/** A file whose name says it is the GPU variant: `Dockerfile.gpu`, `cuda.Dockerfile`, `requirements-cu121.txt`. */
const GPU_NAME = /(^|[-_.])(gpu|cuda|cu1\d{1,2})([-_.]|$)/i;

/** Whether a file name says it is a GPU variant. */
export function gpuNamed(rel: string): boolean {
  return GPU_NAME.test(rel.split('/').pop() ?? '');
}

/**
 * Every sign that `service` wants a GPU: compose GPU reservations (`deploy.resources.reservations.devices`),
 * `gpus:`, an nvidia/amd `runtime:`, GPU device mappings, GPU environment variables; a GPU base image under a
 * stage that reaches the runtime image, GPU `ENV` in the runtime stage's chain, a Dockerfile named for a GPU build.
 * Empty when none is seen (which proves nothing about the host, only that the project asks for no GPU).
 */
export function gpuEvidence(service: Service): GpuEvidence[] {
  return [...composeEvidence(service), ...dockerfileEvidence(service)];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function composeEvidence(service: Service): GpuEvidence[] {
  const def = service.project.services.get(service.name);
  if (!def || service.project.dockerfilesOnly) return [];
  const v = def.value;
  const out: GpuEvidence[] = [];
  // Lines come from the definition that writes the key (merged values lose them); the merged value decides.
  const at = (path: string[], what: string): void => {
    for (const d of [...def.defs].reverse()) {
      const found = lookupPath(d.file.doc, d.node, path);
      if (found) {
        out.push({ what, file: d.file.source.rel, line: lineAt(d.file.source, found.pair.key?.range?.[0] ?? 0) });
        return;
      }
    }
    out.push({ what, file: def.defs.at(-1)?.file.source.rel ?? '' });
  };
  const deploy = isObj(v.deploy) ? v.deploy : undefined;
  const resources = deploy && isObj(deploy.resources) ? deploy.resources : undefined;
  const reservations = resources && isObj(resources.reservations) ? resources.reservations : undefined;
  const devices = reservations?.devices;
  if (Array.isArray(devices) && devices.length > 0) {
    const first = devices.find(isObj);
    const desc = first ? [first.driver !== undefined ? `driver: ${String(first.driver)}` : '', Array.isArray(first.capabilities) ? `capabilities: [${first.capabilities.join(', ')}]` : ''].filter(Boolean).join(', ') : '';
    at(['deploy', 'resources', 'reservations', 'devices'], `deploy.resources.reservations.devices${desc ? ` (${desc})` : ''}`);
  }
  if (v.gpus !== undefined && v.gpus !== null && v.gpus !== false && !(Array.isArray(v.gpus) && v.gpus.length === 0)) at(['gpus'], `gpus: ${Array.isArray(v.gpus) ? '[…]' : String(v.gpus)}`);
  if (typeof v.runtime === 'string' && /nvidia|amd|rocm/i.test(v.runtime)) at(['runtime'], `runtime: ${v.runtime}`);
  if (Array.isArray(v.devices)) {
    const gpu = v.devices.map((d) => (isObj(d) ? String(d.source ?? '') : String(d))).find((d) => GPU_DEVICE.test(d));
    if (gpu) at(['devices'], `devices: ${gpu}`);
  }
  for (const [name, value] of environmentOf(v.environment)) {
    if (GPU_ENV.test(name) && (value === null || !NO_GPU_VALUE.test(value))) at(['environment'], `environment ${name}${value === null ? '' : `=${value}`}`);
  }
  return out;
}

/** compose `environment:` in map or list form, as name → value (null: taken from the host). */
function environmentOf(env: unknown): [string, string | null][] {
  if (Array.isArray(env)) {
    return env.map((e) => {
      const s = String(e);
      const i = s.indexOf('=');
      return i < 0 ? [s, null] : [s.slice(0, i), s.slice(i + 1)];
    });
  }
  if (isObj(env)) return Object.entries(env).map(([k, x]) => [k, x === null || x === undefined ? null : String(x)]);
  return [];
}

function dockerfileEvidence(service: Service): GpuEvidence[] {
  const df = service.link?.dockerfile?.model;
  const stages = service.link?.stages;
  if (!df || !stages) return [];
  const rel = df.file.rel;
  const out: GpuEvidence[] = [];
  if (gpuNamed(rel)) out.push({ what: `a Dockerfile named for a GPU build (${rel.split('/').pop()})`, file: rel });
  const chain = chainOf(df, stages.target);
  const roots = new Set<number>();
  for (const s of new Set([...chain, ...stages.contributing])) roots.add(chainOf(df, s).at(-1)!);
  for (const s of [...roots].sort((a, b) => a - b)) {
    const stage = df.stages[s];
    if (stage && stage.baseStage === undefined && GPU_IMAGE.test(stage.base)) out.push({ what: `FROM ${stage.base}`, file: rel, line: stage.line });
  }
  for (const i of df.instructions) {
    if (i.keyword !== 'ENV' || !chain.includes(i.stage)) continue;
    const text = df.file.text.slice(i.argsRange?.[0] ?? i.range[0], i.argsRange?.[1] ?? i.range[1]);
    for (const m of text.matchAll(/(?:^|\s)([A-Z_]+)(?:=|\s+)(["']?)([^\s"']*)\2/g)) {
      if (GPU_ENV.test(m[1]!) && !NO_GPU_VALUE.test(m[3]!)) out.push({ what: `ENV ${m[1]}=${m[3]}`, file: rel, line: i.line });
      const cuda = CUDA_PATH_ENV.test(m[1]!) ? CUDA_PATH.exec(m[3]!) : null;
      if (cuda) out.push({ what: `ENV ${m[1]} names CUDA libraries (${m[3]!.split(':').find((p) => CUDA_PATH.test(p)) ?? cuda[0]})`, file: rel, line: i.line });
    }
  }
  return out;
}

/** A stage and the stages it is built on, the stage first. */
function chainOf(df: DockerfileModel, s: number): number[] {
  const out: number[] = [];
  for (let cur: number | undefined = s; cur !== undefined && !out.includes(cur); cur = df.stages[cur]?.baseStage) out.push(cur);
  return out;
}

/** `deploy.resources.reservations.devices (driver: nvidia) at compose.yaml:9`, evidence joined for a message. */
export function describeEvidence(list: readonly GpuEvidence[]): string {
  return list.map((e) => `${e.what} (${e.file}${e.line !== undefined ? `:${e.line}` : ''})`).join('; ');
}
