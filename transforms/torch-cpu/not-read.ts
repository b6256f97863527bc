import { listCopies } from '../../src/dockerfile/index.js';
import type { Service } from '../../src/project/model.js';
import type { Note } from './types.js';

/**
 * Installs in the runtime image that torch-cpu does not read: the project's own pyproject.toml (`uv sync`,
 * `poetry install`, `pip install .`: its lock or [tool.uv.sources] decides the torch build), conda/mamba installs
 * that name torch, requirements files the build makes (`git clone` … `pip install -r`) or names by an unknown
 * variable, shell scripts a RUN line runs, and a base image that ships torch (`pytorch/pytorch`). With one of them
 * a service that shows no torch line may still install CUDA torch.
 */
export function installsNotRead(service: Service): string[] {
  return unreadInstalls(service).map((u) => u.what);
}

/** An install torch-cpu does not read, as said in a message, and its Dockerfile line when it is one. */
export interface UnreadInstall {
  what: string;
  line?: number;
}

/** The installs of {@link installsNotRead}, with the Dockerfile line each runs at (the FROM line for a base image). */
export function unreadInstalls(service: Service): UnreadInstall[] {
  const link = service.link!;
  const df = link.dockerfile?.model;
  const at = (p: { file?: string; line?: number }): string => `${p.file ?? ''}${p.line !== undefined ? `:${p.line}` : ''}`;
  const lineOf = (p: { file?: string; line?: number }): { line?: number } => (p.line !== undefined && df && p.file === df.file.rel ? { line: p.line } : {});
  const out: UnreadInstall[] = link.problems.filter((p) => p.code === 'pyproject-install').map((p) => ({ what: `${p.message} (${at(p)})`, ...lineOf(p) }));
  for (const p of link.problems.filter((x) => x.code === 'requirements-not-in-context' || x.code === 'requirements-unresolved')) out.push({ what: `a pip install -r reads a file it does not name from the context: ${p.message} (${at(p)})`, ...lineOf(p) });
  if (!df || !link.stages) return out;
  let cloned: number | undefined;
  const chain = new Set([...link.stages.contributing, link.stages.target]);
  const contextCopies = listCopies(df).filter((c) => chain.has(c.stage) && c.fromStage === undefined && c.fromImage === undefined).map((c) => c.dest);
  for (const i of link.stages.commands) {
    if (i.keyword !== 'RUN') continue;
    const text = df.file.text.slice(i.range[0], i.range[1]);
    // Code the build fetches is not in the repository: a Python script run after a `git clone` may be its installer
    // (facefusion-docker: `git clone …facefusion.git .` then `python install.py --onnxruntime default`).
    cloned ??= /\bgit\s+clone\b/.test(text) ? i.line : undefined;
    const found = cloned !== undefined ? pythonScriptRun(df.file.text.slice((i.argsRange ?? i.range)[0], i.range[1])) : undefined;
    // A script at a path the build context is copied to (`COPY . /docker` then `python3 /docker/info.py`) is the repository's.
    const py = found && !contextCopies.some((d) => found.startsWith(`${d.replace(/\/$/, '')}/`)) ? found : undefined;
    if (py) out.push({ what: `RUN runs ${py}, which may come from what the build clones (git clone at ${df.file.rel}:${cloned}) (${df.file.rel}:${i.line})`, line: i.line });
    if (/\b(conda|mamba|micromamba)\s+install\b/.test(text) && /(^|[\s"'=])(py)?torch([\s"'=<>!~]|$)/m.test(text)) out.push({ what: `a conda install names torch (${df.file.rel}:${i.line})`, line: i.line });
    const script = scriptRun(df.file.text.slice((i.argsRange ?? i.range)[0], i.range[1]));
    if (script) out.push({ what: `RUN runs ${script} (${df.file.rel}:${i.line})`, line: i.line });
    // `ENV TORCH_COMMAND="pip install torch==2.0.1 --index-url …"` then `RUN ${TORCH_COMMAND}`: the pip command is a value.
    const command = variableCommand(df.file.text.slice((i.argsRange ?? i.range)[0], i.range[1]));
    if (command) out.push({ what: `RUN runs the command in ${command}${i.vars.has(command.replace(/[${}]/g, '')) ? ` (${i.vars.get(command.replace(/[${}]/g, ''))})` : ''} (${df.file.rel}:${i.line})`, line: i.line });
  }
  let root = link.stages.target;
  while (df.stages[root]?.baseStage !== undefined) root = df.stages[root]!.baseStage!;
  const base = df.stages[root]?.base ?? '';
  if (/torch/i.test(base.split(/[:@]/)[0]!)) out.push({ what: `the base image ${base} ships torch (${df.file.rel}:${df.stages[root]!.line})`, line: df.stages[root]!.line });
  return out;
}

/** The first Python script a shell text runs (`python install.py`, `python3 -u setup.py install`), not `python -m x` or `-c`. */
function pythonScriptRun(text: string): string | undefined {
  for (const command of text.replace(/\\\r?\n/g, ' ').split(/&&|\|\||[;|\n()]/)) {
    const words = command.trim().split(/\s+/).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    if (!/^(?:\S*\/)?python(?:\d+(?:\.\d+)?)?$/.test(words[0] ?? '')) continue;
    const rest = words.slice(1);
    const k = rest.findIndex((w) => !/^-[A-Za-z]+$/.test(w) || w === '-m' || w === '-c');
    const script = k === -1 ? undefined : rest[k];
    if (script && /^["']?[\w./-]*\.py["']?$/.test(script) && !rest.slice(0, k).some((w) => w === '-m' || w === '-c')) return script.replace(/["']/g, '');
  }
  return undefined;
}

/** The first command of a shell text that is a variable (`${TORCH_COMMAND} && …`), as written. */
function variableCommand(text: string): string | undefined {
  for (const command of text.replace(/\\\r?\n/g, ' ').split(/&&|\|\||[;|\n()]/)) {
    const first = command.trim().split(/\s+/).find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) ?? '';
    if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(first)) return first;
  }
  return undefined;
}

/** The first `.sh` script a shell text runs (`./x.sh`, `bash x.sh`, `. x.sh`, `source x.sh`), not one it only names (`chmod +x x.sh`). */
function scriptRun(text: string): string | undefined {
  for (const command of text.replace(/\\\r?\n/g, ' ').split(/&&|\|\||[;|\n()]/)) {
    const words = command.trim().split(/\s+/).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const [first, second] = [words[0] ?? '', words[1] ?? ''];
    const script = /^(ba|da)?sh$|^source$|^\.$/.test(first) ? second : first;
    if (/^["']?[\w./-]*[\w-]\.sh["']?$/.test(script) && (script !== first || script.includes('/'))) return script.replace(/["']/g, '');
  }
  return undefined;
}

/**
 * The finding for a torch dependent that gets no torch line because an install torch-cpu does not read runs before
 * it: if that install brings torch, CUDA or not, an added `torch` changes nothing (pip keeps what satisfies it).
 */
export function unreadNote(dependent: string, unread: string, file: string, line: number): Note {
  return {
    level: 'info',
    code: 'torch-dependent-unread',
    message: `${dependent} depends on torch, and an install torch-cpu does not read runs before it (${unread}): that may install torch already, so no torch line is added (pip keeps a torch that satisfies ${dependent}, whichever build it is)`,
    file,
    line,
  };
}
