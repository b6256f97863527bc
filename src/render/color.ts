/** ANSI colours, on only when asked (a TTY without NO_COLOR, or FORCE_COLOR). */
export interface Colors {
  red(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const id = (s: string): string => s;

/**
 * Colours for a stream: NO_COLOR (any non-empty value) turns them off, FORCE_COLOR on (but `0` and `false` off,
 * as Node and supports-color read it), else a TTY decides.
 */
export function colorsFor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): Colors {
  const force = env.FORCE_COLOR === undefined ? undefined : !['0', 'false'].includes(env.FORCE_COLOR);
  const on = env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? false : (force ?? Boolean(isTTY));
  if (!on) return { red: id, green: id, cyan: id, yellow: id, bold: id, dim: id };
  return { red: wrap(31, 39), green: wrap(32, 39), cyan: wrap(36, 39), yellow: wrap(33, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
}
