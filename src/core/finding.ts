/** How serious a finding is. `error` findings make the run fail (exit 2) without writing. */
export type Level = 'info' | 'warn' | 'error';

/** Something a transform noticed, with the evidence for it (never a guessed number). */
export interface Finding {
  transform: string;
  level: Level;
  /** Stable machine code, e.g. `no-usage`, `var-override`. */
  code: string;
  message: string;
  service?: string;
  /** Path relative to the root. */
  file?: string;
  line?: number;
  evidence?: string;
  /** Extra structured data for --json consumers. */
  data?: Record<string, unknown>;
}

/**
 * A value a transform checks in the new text before anything is written. The verifier re-parses the
 * changed file with its format's parser and compares.
 */
export type Expectation =
  | { kind: 'yaml'; file: string; path: (string | number)[]; value: unknown }
  | { kind: 'requirement'; file: string; name: string; present: boolean; specifier?: string; marker?: string }
  | { kind: 'option'; file: string; option: string; value: string; present: boolean }
  | { kind: 'text'; file: string; contains: string; present: boolean };

/** One intended change, as listed in the summary (service, file, before → after, reason). */
export interface Change {
  transform: string;
  service?: string;
  /** Path relative to the root. */
  file: string;
  line: number;
  what: string;
  before: string;
  after: string;
  reason: string;
  expect: Expectation[];
}
