/**
 * Which torchvision and torchaudio releases go with which torch release.
 *
 * Source: PyTorch's published compatibility matrix, the "Installation" table of the pytorch/vision README
 * (https://github.com/pytorch/vision#installation), and the torchaudio release notes: since torch 2.0
 * torchaudio carries torch's own version; before that it was 0.<torch minor>.
 */
export interface CompatRow {
  /** torch major.minor */
  torch: string;
  torchvision: string;
  torchaudio: string;
}

export const COMPAT: readonly CompatRow[] = [
  { torch: '2.8', torchvision: '0.23', torchaudio: '2.8' },
  { torch: '2.7', torchvision: '0.22', torchaudio: '2.7' },
  { torch: '2.6', torchvision: '0.21', torchaudio: '2.6' },
  { torch: '2.5', torchvision: '0.20', torchaudio: '2.5' },
  { torch: '2.4', torchvision: '0.19', torchaudio: '2.4' },
  { torch: '2.3', torchvision: '0.18', torchaudio: '2.3' },
  { torch: '2.2', torchvision: '0.17', torchaudio: '2.2' },
  { torch: '2.1', torchvision: '0.16', torchaudio: '2.1' },
  { torch: '2.0', torchvision: '0.15', torchaudio: '2.0' },
  { torch: '1.13', torchvision: '0.14', torchaudio: '0.13' },
  { torch: '1.12', torchvision: '0.13', torchaudio: '0.12' },
  { torch: '1.11', torchvision: '0.12', torchaudio: '0.11' },
  { torch: '1.10', torchvision: '0.11', torchaudio: '0.10' },
];

/** `2.5.1+cpu` → `2.5`; undefined when the version has no major.minor. */
export function minorOf(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/**
 * The torch minor a companion version was released for (`torchvision`, `0.20.1` → `2.5`), or undefined
 * when the table does not know that version.
 */
export function torchMinorFor(pkg: 'torchvision' | 'torchaudio', version: string): string | undefined {
  const minor = minorOf(version);
  const row = COMPAT.find((r) => minorOf(r[pkg]) === minor);
  return row?.torch;
}

/** The companion minor that goes with a torch version, or undefined when the table does not know it. */
export function companionMinor(pkg: 'torchvision' | 'torchaudio', torchVersion: string): string | undefined {
  const minor = minorOf(torchVersion);
  const row = COMPAT.find((r) => r.torch === minor);
  return row ? row[pkg] : undefined;
}

