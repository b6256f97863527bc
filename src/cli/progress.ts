import type { IO } from './io.js';

/** Steps of a long run: a live line per step on a TTY, one plain line per step otherwise (or with --json). */
export interface Progress {
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
  note(line: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Progress on stderr: animated on a TTY without NO_COLOR, plain lines otherwise, nothing when quiet. */
export function progressFor(io: IO, opts: { json?: boolean; quiet?: boolean }): Progress {
  const out = io.stderr;
  if (opts.quiet) return { step: (_t, work) => work(), note: () => undefined };
  const live = Boolean(out.isTTY) && !opts.json && io.env.NO_COLOR === undefined && io.env.CI === undefined;
  return {
    note: (line) => void out.write(`${line}\n`),
    async step(title, work) {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      if (live) {
        let i = 0;
        out.write(`${FRAMES[0]} ${title}`);
        timer = setInterval(() => out.write(`\r${FRAMES[++i % FRAMES.length]} ${title}`), 80);
      } else out.write(`composeshift: ${title} ...\n`);
      try {
        const result = await work();
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        out.write(live ? `\r✔ ${title} (${secs}s)\n` : `composeshift: ${title}: done (${secs}s)\n`);
        return result;
      } catch (err) {
        out.write(live ? `\r✖ ${title}\n` : `composeshift: ${title}: failed\n`);
        throw err;
      } finally {
        if (timer) clearInterval(timer);
      }
    },
  };
}
