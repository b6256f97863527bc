/** PyTorch's CPU wheel index: `+cpu` builds with no nvidia-* or triton dependencies. */
export const CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

/**
 * What a PyTorch wheel URL is: the CPU index; a ROCm or XPU index (`/whl/rocm6.1`, `/whl/xpu`: AMD and Intel
 * GPU builds, a deliberate choice that is not CUDA and is never replaced); or another PyTorch index or page
 * (CUDA, torch_stable.html); undefined when it is not PyTorch's.
 */
export function pytorchIndexKind(url: string): 'cpu' | 'accelerator' | 'other' | undefined {
  const m = /^https?:\/\/download\.pytorch\.org\/whl(\/[^?#]*)?$/i.exec(url.trim());
  if (!m) return undefined;
  const rest = (m[1] ?? '').replace(/\/+$/, '');
  // Nightly and test channels have their own CPU index; a user who picked one keeps it.
  if (/^(\/nightly|\/test)?\/cpu$/i.test(rest)) return 'cpu';
  return /^(\/nightly|\/test)?\/(rocm[\d.]*|xpu)$/i.test(rest) ? 'accelerator' : 'other';
}

/**
 * The CPU index that replaces a PyTorch CUDA index or page: the same channel's (`/whl/nightly/cu121` →
 * `/whl/nightly/cpu`, `/whl/test/cu124` → `/whl/test/cpu`: nightly and release-candidate builds exist only
 * there), else the stable one.
 */
export function cpuIndexFor(url: string): string {
  const m = /^https?:\/\/download\.pytorch\.org\/whl\/(nightly|test)(\/|$)/i.exec(url.trim());
  return m ? `https://download.pytorch.org/whl/${m[1]!.toLowerCase()}/cpu` : CPU_INDEX;
}

/** True for a local version label of a ROCm or XPU build (`2.5.1+rocm6.1`, `+xpu`). */
export function isAcceleratorLabel(label: string | undefined): boolean {
  return label !== undefined && /^(rocm[\d.]*|xpu)$/i.test(label);
}

/**
 * PyTorch's find-links pages of every build: the old `/whl/torch_stable.html`, and a package's page of the index of
 * every build (`/whl/torch`, `/whl/torchvision/`: whisper-asr-webservice's `-f https://download.pytorch.org/whl/torch`).
 * They serve `+cpu` wheels too, including releases the CPU index may not carry, so a file whose pins are all `+cpu`
 * already installs CPU builds from them.
 */
export function isStablePage(url: string): boolean {
  return /^https?:\/\/download\.pytorch\.org\/whl\/(?:torch_stable\.html|(?:torch|torchvision|torchaudio)\/?)$/i.test(url.trim());
}

/** The pip option a policy writes. */
export function indexOptionName(index: 'extra' | 'primary'): '--extra-index-url' | '--index-url' {
  return index === 'primary' ? '--index-url' : '--extra-index-url';
}
