/** Text that fits a terminal: the width to use, cut cells, wrapped paragraphs, folded lists. */

/** The width to fit: the stream's columns (a TTY), else `COLUMNS`, else 80. */
export function terminalWidth(stream: { columns?: number }, env: NodeJS.ProcessEnv): number {
  const cols = stream.columns ?? Number(env.COLUMNS);
  return Number.isInteger(cols) && cols >= 20 ? cols : 80;
}

/** Cut `s` to `w` characters, marking the cut with `…` at the end (or at the start with `keep: 'end'`). */
export function cut(s: string, w: number, keep: 'start' | 'end' = 'start'): string {
  if (s.length <= w) return s;
  if (w <= 1) return '…'.slice(0, w);
  return keep === 'end' ? `…${s.slice(s.length - (w - 1))}` : `${s.slice(0, w - 1)}…`;
}

/** `14 services: a, b, … (+9)`: as many names as fit in `w` characters, then how many are left out. */
export function foldList(names: readonly string[], w: number, noun = 'services'): string {
  if (names.length === 1) return cut(names[0]!, w);
  const head = `${names.length} ${noun}: `;
  let shown = 0;
  let text = head;
  for (const n of names) {
    const rest = names.length - shown - 1;
    const next = `${text}${shown ? ', ' : ''}${n}`;
    const tail = rest ? `, … (+${rest})` : '';
    if ((next + tail).length > w) break;
    text = next;
    shown++;
  }
  if (shown === names.length) return text;
  // Not even one name fits: the count alone (the lines under the row name them).
  if (!shown) return cut(`${names.length} ${noun}`, w);
  const folded = `${text}${shown ? ', ' : ''}… (+${names.length - shown})`;
  return cut(folded, w);
}

/**
 * Word-wrap `text` to lines of at most `w` characters: the first starts with `first`, the others with `indent`
 * (a hanging indent); words longer than a line are split.
 */
export function wrap(text: string, w: number, indent = '', first = indent): string[] {
  const lines: string[] = [];
  const roomOf = (): number => Math.max(1, w - (lines.length ? indent : first).length);
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    let room = roomOf();
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = '';
      room = roomOf();
    }
    while (word.length > room) {
      if (line) {
        lines.push(line);
        line = '';
        room = roomOf();
      }
      lines.push(word.slice(0, room));
      word = word.slice(room);
      room = roomOf();
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i ? indent : first) + l);
}
