import { normalizeName } from '../../src/requirements/index.js';

/**
 * Packages that exist for GPUs only (NVIDIA's, and the ROCm/XPU kernel compilers), or whose only job is GPU work. A service that installs one of them
 * beside torch is built for CUDA: a `+cpu` torch under them either breaks them or leaves the CUDA wheels in the
 * image (the conversion would claim savings it does not make). Sources: each project's own description on PyPI —
 * the `nvidia-*-cu1x` wheels are the CUDA runtime libraries torch's CUDA build depends on; triton is the GPU
 * kernel compiler torch's CUDA build depends on; xformers and flash-attn are CUDA attention kernels; cupy-cuda*,
 * pycuda, onnxruntime-gpu and tensorrt are CUDA bindings/runtimes; vllm's PyPI wheels require CUDA torch.
 */
const EXACT: ReadonlySet<string> = new Set([
  'triton', 'xformers', 'flash-attn', 'pycuda', 'onnxruntime-gpu', 'tensorrt', 'vllm', 'pytorch-triton',
  // ROCm and XPU kernel compilers: GPU builds too (not CUDA, but not CPU-only either).
  'triton-rocm', 'pytorch-triton-rocm', 'triton-xpu', 'pytorch-triton-xpu',
]);
const PATTERN = /^(nvidia-[a-z0-9-]+-cu\d+|cupy-cuda\d+x?|tensorrt-cu\d+.*)$/;

/** The normalized name when `name` is a GPU-only package, else undefined. */
export function cudaCompanion(name: string): string | undefined {
  const n = normalizeName(name);
  return EXACT.has(n) || PATTERN.test(n) ? n : undefined;
}

/**
 * The GPU build label of a package other than torch's own, pinned or linked: `llama-cpp-python==0.2.90+cu121`,
 * `…/llama_cpp_binaries-0.124.0+rocm7.2-py3-none-linux_x86_64.whl` (text-generation-webui's requirements_amd.txt),
 * `flash_attn-2.8.3+cu128torch2.9.0…whl`. A file that installs a CUDA, ROCm or XPU build of anything is written for that
 * GPU. Returns the label (`cu121`, `rocm7.2`), else undefined.
 */
export function gpuBuildLabel(specifier: string | undefined, url: string | undefined): string | undefined {
  const file = (url ?? '').split(/[?#]/)[0]!.split('/').pop() ?? '';
  const version = url !== undefined ? /^[^-]+-([^-]+)-.*\.whl$/i.exec(file.replace(/%2b/gi, '+'))?.[1] : /^\s*===?\s*([^\s,;]+)\s*$/.exec(specifier ?? '')?.[1];
  const label = version?.split('+')[1];
  // `pt21cu121`: PyG's wheels label the torch release they are built for, then the CUDA one.
  return label !== undefined && /^(pt\d+)?(cu\d+|rocm[\d.]*|xpu)(?![a-z])/i.test(label) ? label : undefined;
}
