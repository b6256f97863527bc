import type { Service } from '../../src/project/model.js';

/**
 * Installs in the runtime image that torch-cpu does not read: the project's own pyproject.toml (`uv sync`,
 * `poetry install`, `pip install .`: its lock or [tool.uv.sources] decides the torch build), conda/mamba installs
 * that name torch, requirements files the build makes (`git clone` … `pip install -r`) or names by an unknown
 * variable, shell scripts a RUN line runs, and a base image that ships torch (`pytorch/pytorch`). With one of them
 * a service that shows no torch line may still install CUDA torch.
 */
export function installsNotRead(service: Service): string[] {
  const link = service.link!;
  const at = (p: { file?: string; line?: number }): string => `${p.file ?? ''}${p.line !== undefined ? `:${p.line}` : ''}`;
  const out = link.problems.filter((p) => p.code === 'pyproject-install').map((p) => `${p.message} (${at(p)})`);
  for (const p of link.problems.filter((x) => x.code === 'requirements-not-in-context' || x.code === 'requirements-unresolved')) out.push(`a pip install -r reads a file it does not name from the context: ${p.message} (${at(p)})`);
  const df = link.dockerfile?.model;
  if (!df || !link.stages) return out;
  for (const i of link.stages.commands) {
    if (i.keyword !== 'RUN') continue;
    const text = df.file.text.slice(i.range[0], i.range[1]);
    if (/\b(conda|mamba|micromamba)\s+install\b/.test(text) && /(^|[\s"'=])(py)?torch([\s"'=<>!~]|$)/m.test(text)) out.push(`a conda install names torch (${df.file.rel}:${i.line})`);
    const script = scriptRun(df.file.text.slice((i.argsRange ?? i.range)[0], i.range[1]));
    if (script) out.push(`RUN runs ${script} (${df.file.rel}:${i.line})`);
  }
  let root = link.stages.target;
  while (df.stages[root]?.baseStage !== undefined) root = df.stages[root]!.baseStage!;
  const base = df.stages[root]?.base ?? '';
  if (/torch/i.test(base.split(/[:@]/)[0]!)) out.push(`the base image ${base} ships torch (${df.file.rel}:${df.stages[root]!.line})`);
  return out;
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
