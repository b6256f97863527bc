import type { IO } from './io.js';

/** Steps of a long run: a live line per step on a TTY, one plain line per step otherwise (or with --json). */
export interface Progress {
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
  note(line: string): void;
  /**
   * What a long step is doing now (`build web: [3/5] RUN pip install`, `sample 2/5`, `project 3/40: api`): on a
   * TTY it replaces the live line (after the running step's title, or alone); elsewhere nothing is printed.
   */
  update(detail: string): void;
  /** Erase a live line that `update` left outside a step (before other output). */
  clear(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Erase the terminal line the cursor is on and go to its start. */
export const ERASE_LINE = '\r\x1b[2K';

/** Whether progress is animated: stderr is a terminal, output is for people (not --json/SARIF), not CI, not NO_COLOR. */
export function isLive(io: IO, opts: { json?: boolean; quiet?: boolean }): boolean {
  return Boolean(io.stderr.isTTY) && !opts.json && !opts.quiet && io.env.NO_COLOR === undefined && io.env.CI === undefined;
}

/** Progress on stderr: animated on a TTY without NO_COLOR, plain lines otherwise, nothing when quiet. */
export function progressFor(io: IO, opts: { json?: boolean; quiet?: boolean }): Progress {
  const out = io.stderr;
  if (opts.quiet) return { step: (_t, work) => work(), note: () => undefined, update: () => undefined, clear: () => undefined };
  const live = isLive(io, opts);
  // A live line never wraps: a wrapped line cannot be erased with one \r.
  const width = Math.max(20, ((out as { columns?: number }).columns ?? 80) - 1);
  let title: string | undefined;
  let detail: string | undefined;
  let frame = 0;
  let shown = false;
  const render = (): void => {
    const text = [title, detail].filter(Boolean).join(': ');
    const line = `${FRAMES[frame % FRAMES.length]} ${text}`;
    out.write(ERASE_LINE + (line.length > width ? `${line.slice(0, width - 1)}…` : line));
    shown = true;
  };
  const clear = (): void => {
    if (shown) out.write(ERASE_LINE);
    shown = false;
  };
  return {
    note(line) {
      const again = live && shown;
      if (again) clear();
      out.write(`${line}\n`);
      if (again) render();
    },
    update(next) {
      if (!live || next === detail) return;
      detail = next;
      render();
    },
    clear() {
      if (!live) return;
      detail = undefined;
      clear();
    },
    async step(name, work) {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      if (live) {
        title = name;
        detail = undefined;
        frame = 0;
        render();
        timer = setInterval(() => {
          frame++;
          render();
        }, 80);
      } else out.write(`composeshift: ${name} ...\n`);
      try {
        const result = await work();
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        if (live) out.write(`${ERASE_LINE}✔ ${name} (${secs}s)\n`);
        else out.write(`composeshift: ${name}: done (${secs}s)\n`);
        return result;
      } catch (err) {
        if (live) out.write(`${ERASE_LINE}✖ ${name}${detail ? `: ${detail}` : ''}\n`);
        else out.write(`composeshift: ${name}: failed\n`);
        throw err;
      } finally {
        if (timer) clearInterval(timer);
        if (live) {
          title = undefined;
          detail = undefined;
          shown = false;
        }
      }
    },
  };
}
