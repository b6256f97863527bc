import { companionMinor, minorOf, torchMinorFor } from './compat.js';
import type { Pin } from './types.js';

/** A torchvision / torchaudio pin that does not go with the torch pin. */
export interface PairProblem {
  code: 'torchvision-mismatch' | 'torchaudio-mismatch';
  message: string;
  file: string;
  line: number;
}

/** Check torchvision and torchaudio pins against the torch pin (first torch pin of the service wins). */
export function checkPairs(pins: readonly Pin[]): PairProblem[] {
  const torch = pins.find((p) => p.name === 'torch');
  if (!torch) return [];
  const out: PairProblem[] = [];
  for (const pin of pins) {
    if (pin.name === 'torch') continue;
    const want = companionMinor(pin.name, torch.version);
    const have = minorOf(pin.version);
    if (!want || !have || want === have) continue;
    const pairs = torchMinorFor(pin.name, pin.version);
    out.push({
      code: pin.name === 'torchvision' ? 'torchvision-mismatch' : 'torchaudio-mismatch',
      message:
        `${pin.name}==${pin.version} does not go with torch==${torch.version} (${torch.file}:${torch.line}): torch ${minorOf(torch.version)} pairs with ${pin.name} ${want}.x` +
        (pairs ? `; ${pin.name} ${have} is for torch ${pairs}` : '') +
        ' (PyTorch compatibility matrix)',
      file: pin.file,
      line: pin.line,
    });
  }
  return out;
}
