import type { Instruction, PipInstall } from '../../src/dockerfile/index.js';

/** The last path segment (`/app/requirements.txt` → `requirements.txt`), quotes dropped. */
const base = (word: string): string => word.replace(/["']/g, '').split('/').pop() ?? '';

/**
 * The file a shell command writes, when it is one of the usual writers: `mv|cp|ln|install … TARGET`, `sed -i … FILE`,
 * `> FILE`/`>> FILE`, `tee FILE`, `curl -o FILE`, `wget -O FILE`.
 */
function targets(words: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const redirect = /^\d?>>?(.*)$/.exec(w);
    if (redirect) out.push(redirect[1] || (words[k + 1] ?? ''));
  }
  const [cmd, ...args] = words.filter((w, k) => !/^\d?>>?/.test(w) && !/^\d?>>?$/.test(words[k - 1] ?? ''));
  const plain = args.filter((a) => !a.startsWith('-'));
  switch (cmd?.split('/').pop()) {
    case 'mv':
    case 'cp':
    case 'ln':
    case 'install':
      if (plain.length >= 2) out.push(plain.at(-1)!);
      break;
    case 'sed':
      if (args.some((a) => /^-[a-zA-Z]*i|^--in-place/.test(a))) out.push(...plain.slice(1));
      break;
    case 'tee':
      out.push(...plain);
      break;
    case 'curl':
    case 'wget':
      for (let k = 0; k < args.length; k++) if (/^(-o|-O|--output|--output-document)$/.test(args[k]!)) out.push(args[k + 1] ?? '');
      break;
  }
  return out.filter((t) => t !== '' && !t.endsWith('/'));
}

/**
 * A RUN of the image, before a pip command reads `file` (its `-r` argument as written), that writes a file of that
 * name (`mv requirements-rocm.txt requirements.txt`, `sed -i … requirements.txt`, `curl -o requirements.txt …`): what
 * pip reads is then not the repository's file, so an edit of it proves nothing. Returns `file:line` and the command.
 */
export function rewrittenBefore(text: string, rel: string, commands: readonly Instruction[], install: PipInstall, file: string): string | undefined {
  const name = base(file);
  for (const i of commands) {
    if (i.keyword !== 'RUN' || i.line > install.line) continue;
    const end = i.range[0] <= install.range[0] && install.range[0] <= i.range[1] ? install.range[0] : i.range[1];
    const shell = text.slice((i.argsRange ?? i.range)[0], end).replace(/\\\r?\n/g, ' ');
    for (const command of shell.split(/&&|\|\||[;|\n()]|\bthen\b|\belse\b|\bdo\b/)) {
      const words = command.trim().split(/\s+/).filter((w) => w !== '');
      if (targets(words).some((t) => base(t) === name)) return `${rel}:${i.line} (${words.join(' ')})`;
    }
  }
  return undefined;
}
