/**
 * What is wrong with a dotted key path of a recipe (undefined when nothing): an empty key (`a..b`, `.a`, ``), YAML's
 * merge key `<<`, or a key YAML would have to quote (`a: b`, `#x`): such a path would be written as text that does
 * not parse, or that means something else.
 */
export function pathProblem(dotted: string): string | undefined {
  const keys = dotted.split('.');
  if (keys.some((k) => k.trim() === '')) return 'a dotted path with an empty key (write keys separated by single dots, e.g. logging.options.max-size)';
  if (keys.includes('<<')) return '`<<` is YAML\'s merge key, not a compose key';
  for (const k of keys) {
    const problem = keyProblem(k);
    if (problem) return problem;
  }
  return undefined;
}

/** What is wrong with one literal key of a recipe (a key inside a mapping value may hold dots): see pathProblem. */
export function keyProblem(key: string): string | undefined {
  if (key.trim() === '') return 'an empty key';
  if (key === '<<') return '`<<` is YAML\'s merge key, not a compose key';
  if (/: |:$| #|^[-?:,[\]{}#&*!|>'"%@`]|^\s|\s$|[\r\n\t]/.test(key)) return `the key "${key}" would need quoting in YAML; keys like it are not supported in a recipe`;
  return undefined;
}
