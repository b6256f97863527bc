import { normalizeName } from '../../src/requirements/index.js';

/**
 * Packages that declare a dependency on torch. Installed without an explicit torch line, pip resolves
 * torch from PyPI, which on Linux is the CUDA build with its nvidia-* wheels. Source: each project's
 * published metadata (Requires-Dist). Extras-gated ones are listed with the extra that pulls torch in.
 */
const ALWAYS: readonly string[] = [
  'sentence-transformers',
  'accelerate',
  'timm',
  'ultralytics',
  'openai-whisper',
  'lightning',
  'pytorch-lightning',
  'torchmetrics',
  'easyocr',
  'spacy-transformers',
  'peft',
  'kornia',
  'open-clip-torch',
  'stable-baselines3',
  'pyannote-audio',
  'flair',
  'torchvision',
  'torchaudio',
];

/** package → extras any one of which pulls torch in. */
const WITH_EXTRA: Readonly<Record<string, readonly string[]>> = {
  transformers: ['torch'],
  spacy: ['transformers'],
};

const ALWAYS_SET = new Set(ALWAYS);

/** `sentence-transformers`, `transformers[torch]`… when a requirement pulls torch in, else undefined. */
export function torchDependent(name: string, extras: readonly string[] = []): string | undefined {
  const n = normalizeName(name);
  if (ALWAYS_SET.has(n)) return n;
  const gate = WITH_EXTRA[n];
  const hit = gate && extras.map(normalizeName).find((e) => gate.includes(e));
  return hit ? `${n}[${hit}]` : undefined;
}
