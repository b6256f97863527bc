/** `1 service`, `2 services`: a count with its noun in the right number (`plural` for irregular ones). */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}
