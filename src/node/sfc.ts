/** Single-file components whose `<script>` blocks (Astro: the `---` frontmatter) hold imports. */
export const SFC = /\.(?:vue|svelte|astro)$/;

/**
 * The script parts of a `.vue` / `.svelte` / `.astro` file, at their original offsets: everything else becomes
 * spaces (newlines kept), so line numbers of imports stay those of the component file.
 */
export function sfcScript(text: string): string {
  const keep: [number, number][] = [];
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)) {
    const start = m.index + m[0].indexOf('>') + 1;
    keep.push([start, start + m[1]!.length]);
  }
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (front) keep.push([front[0].indexOf('\n') + 1, front[0].indexOf('\n') + 1 + front[1]!.length]);
  let out = '';
  let at = 0;
  for (const [s, e] of keep.sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    out += text.slice(at, s).replace(/[^\r\n]/g, ' ') + text.slice(s, e);
    at = e;
  }
  return out + text.slice(at).replace(/[^\r\n]/g, ' ');
}
