/** PyTorch's CPU wheel index: `+cpu` builds with no nvidia-* or triton dependencies. */
export const CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

/** What a PyTorch wheel URL is: the CPU index, another PyTorch index or page (CUDA, ROCm, torch_stable.html), or not PyTorch's. */
export function pytorchIndexKind(url: string): 'cpu' | 'other' | undefined {
  const m = /^https?:\/\/download\.pytorch\.org\/whl(\/[^?#]*)?$/i.exec(url.trim());
  if (!m) return undefined;
  const rest = (m[1] ?? '').replace(/\/+$/, '');
  // Nightly and test channels have their own CPU index; a user who picked one keeps it.
  return /^(\/nightly|\/test)?\/cpu$/i.test(rest) ? 'cpu' : 'other';
}

/** The pip option a policy writes. */
export function indexOptionName(index: 'extra' | 'primary'): '--extra-index-url' | '--index-url' {
  return index === 'primary' ? '--index-url' : '--extra-index-url';
}
