/**
 * The output of the step that failed in a build log: BuildKit's plain progress (`#6 [web 3/4] RUN …`,
 * `#6 0.115 …`, `#6 ERROR: …`) or the legacy builder's (`Step 3/4 : RUN …` up to the error). Undefined when
 * the log names no failing step.
 */
export function failingStep(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  let errorStep: string | undefined;
  for (const line of lines) {
    const m = /^#(\d+) ERROR\b/.exec(line);
    if (m) errorStep = m[1];
  }
  if (errorStep !== undefined) {
    const prefix = `#${errorStep} `;
    return lines.filter((l) => l.startsWith(prefix)).join('\n');
  }
  let lastStep = -1;
  lines.forEach((l, i) => {
    if (/^Step \d+\/\d+ : /.test(l)) lastStep = i;
  });
  if (lastStep >= 0 && lines.slice(lastStep).some((l) => /returned a non-zero code|^ERROR|error/i.test(l))) {
    return lines.slice(lastStep).join('\n').trimEnd();
  }
  return undefined;
}

/** One step line of BuildKit's plain progress: `#6 [web 3/4] RUN pip install …` (or `[web builder 2/3]`). */
export interface BuildStepLine {
  service: string;
  /** `3/4`, with the stage name first in a multi-stage build (`builder 2/3`); `internal` for BuildKit's own. */
  step: string;
  text: string;
}

/** Parse a step line of BuildKit's plain progress; undefined for any other line (logs, DONE, CACHED). */
export function buildStepLine(line: string): BuildStepLine | undefined {
  const m = /^#\d+ \[(\S+) ((?:\S+ )?(?:\d+\/\d+|internal))\] (.+)$/.exec(line.trimEnd());
  return m ? { service: m[1]!, step: m[2]!, text: m[3]! } : undefined;
}

/**
 * The step each service of a `docker compose build` is at, from its output lines as they arrive; `feed`
 * returns the new status (`web [3/4] RUN pip install … · worker [1/2] COPY …`) or undefined when unchanged.
 */
export class BuildSteps {
  private readonly at = new Map<string, string>();
  feed(line: string): string | undefined {
    const s = buildStepLine(line);
    if (!s) return undefined;
    const now = `${s.service} [${s.step}] ${s.text}`;
    if (this.at.get(s.service) === now) return undefined;
    this.at.set(s.service, now);
    return [...this.at.values()].join(' · ');
  }
}
