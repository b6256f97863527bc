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
