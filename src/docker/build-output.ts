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
