import type { Finding } from '../../src/core/finding.js';
import type { SourceFile } from '../../src/core/source.js';
import type { LinkedRequirements, PipInstall } from '../../src/dockerfile/index.js';
import type { Project, Service } from '../../src/project/model.js';
import { findRequirement, parsedRequirements, parseRequirements, type RequirementsFile } from '../../src/requirements/index.js';
import { describeEvidence } from './gpu.js';
import type { GpuGuard } from './gpu-guard.js';
import { checkPairs } from './pairs.js';
import { planInstall, VARIABLE_TARGET } from './dockerfile-plan.js';
import type { TorchPolicy } from './options.js';
import { planRequirementsFile } from './requirements-plan.js';
import { commandFacts } from './env-index.js';
import { emptyPlan, T, TARGETS, type UnitPlan } from './types.js';
import { plural } from '../../src/core/plural.js';

/** Link problems about stages and build inputs that say what the plan did not read. */
const STAGE_PROBLEMS = new Set(['install-not-in-runtime', 'requirements-unresolved', 'build-input-unresolved', 'build-target-unknown']);

/** Plans already made in this run, by unit key (file path, or Dockerfile path + offset): shared files are edited once. */
export type Done = Map<string, { plan: UnitPlan; by: string }>;

/** A requirements file or inline install of a service, with when it is installed. */
interface Unit {
  key: string;
  /** Dockerfile line of the pip command that installs it (Infinity when guessed). */
  order: number;
  /** Installs torch itself (constraints do not). */
  hasTorch: boolean;
  plan: (addTorch: boolean, convert: boolean) => UnitPlan;
  /** Root-relative path, for the summary. */
  rel: string;
  /** Dockerfile stage of the pip command (-1 when guessed): torch/torchvision pairs are checked per stage. */
  stage: number;
  /** A requirements file (else an inline pip install). */
  file: boolean;
  /** Read as a guess (the Dockerfile could not be read, or an ARG default): never edited. */
  guessed?: boolean;
}

/** Parse cache of requirements files, shared across services. */
export type Parsed = Map<string, RequirementsFile>;

/** Plan one service: every requirements file it installs and every inline pip install; push findings. */
export function planService(project: Project, service: Service, policy: TorchPolicy, done: Done, parsed: Parsed, findings: Finding[], guard: GpuGuard): UnitPlan[] {
  const link = service.link;
  const say = (level: Finding['level'], code: string, message: string, extra: Partial<Finding> = {}): void => {
    findings.push({ transform: T, level, code, message, service: service.key, ...extra });
  };
  if (!link) return [];
  for (const p of link.problems) {
    if (!STAGE_PROBLEMS.has(p.code)) continue;
    say(p.code === 'install-not-in-runtime' ? 'info' : 'warn', p.code, `${service.name}: ${p.message}`, { ...(p.file ? { file: p.file } : {}), ...(p.line !== undefined ? { line: p.line } : {}) });
  }
  const units: Unit[] = [];
  const byPath = new Map(link.requirements.map((r) => [r.path, r]));
  for (const r of link.requirements) {
    const source = project.files.get(r.path);
    if (!source) continue;
    let file = parsed.get(r.path);
    if (!file) parsed.set(r.path, (file = parsedRequirements(source)));
    const f = file;
    const isConstraint = constraintChain(r, byPath);
    const entry = entryOf(r, byPath);
    units.push({
      key: r.path,
      order: entry.dockerfileLine ?? Infinity,
      hasTorch: !isConstraint && (findRequirement(f, 'torch').length > 0 || hasVariableTorch(source.text, f)),
      rel: source.rel,
      stage: entry.stage ?? -1,
      file: true,
      ...(r.via === 'guess' ? { guessed: true } : {}),
      plan: (addTorch) => {
        const installs = installsOf(entry, link.pipInstalls);
        const command = commandFacts(installs);
        return planRequirementsFile({
          source, parsed: f, policy, service: service.key, addTorch: addTorch && !isConstraint,
          ...(entry.commandIndex ? { commandIndex: entry.commandIndex } : {}),
          ...(command ? { command, commandOthers: othersOf(entry, link.requirements, byPath, project, installs) } : {}),
        });
      },
    });
  }
  const dockerfile: SourceFile | undefined = link.dockerfile ? project.files.get(link.dockerfile.path) : undefined;
  if (dockerfile) {
    for (const install of link.pipInstalls) {
      units.push({
        key: `${dockerfile.path}#${install.range[0]}`,
        order: install.line,
        hasTorch: inlineTorch(install),
        rel: dockerfile.rel,
        stage: install.instruction.stage,
        file: false,
        plan: (addTorch, convert) => planInstall({ install, source: dockerfile, policy, service: service.key, addTorch, convert }),
      });
    }
  }

  // A dependent needs its own torch line unless torch is installed by the same pip command or an earlier one.
  const torchBefore = (order: number): boolean => units.some((u) => u.hasTorch && u.order <= order);
  // A service that wants a GPU is never converted, nor is a file or pip command another such service installs.
  const gpu = guard.evidence.get(service) ?? [];
  const plans: { unit: Unit; plan: UnitPlan; shared?: string; gpuUsers?: Service[] }[] = [];
  const planAll = (convert: (unit: Unit) => boolean): void => {
    plans.length = 0;
    for (const unit of units) {
      const gpuUsers = gpu.length ? undefined : guard.users.get(unit.key)?.filter((s) => s !== service);
      if (gpuUsers?.length) {
        plans.push({ unit, plan: unit.plan(!torchBefore(unit.order), convert(unit)), gpuUsers });
        continue;
      }
      const prior = gpu.length ? undefined : done.get(unit.key);
      if (prior) {
        plans.push({ unit, plan: prior.plan, shared: prior.by });
        continue;
      }
      plans.push({ unit, plan: unit.plan(!torchBefore(unit.order), convert(unit)) });
    }
  };
  const arm = armPlatform(service);
  const held = (p: (typeof plans)[number]): boolean => !p.shared && p.plan.status !== 'none' && (gpu.length > 0 || !!p.gpuUsers || !!p.unit.guessed || !!arm);
  planAll(() => false);
  // Stale CUDA indexes on pip commands are only rewritten when the service turns out to install torch, and never
  // on a command whose requirements file keeps its CUDA torch (blocked or held): the file needs that index.
  const keepsCuda = new Set(plans.filter((p) => p.unit.file && (p.plan.status === 'blocked' || held(p))).map((p) => p.unit.order));
  if (plans.some((p) => p.plan.status !== 'none')) planAll((u) => !keepsCuda.has(u.order));

  const heldFiles: string[] = [];
  for (const p of plans) {
    if (!held(p)) continue;
    heldFiles.push(p.unit.rel);
    if (p.unit.guessed && !gpu.length && !p.gpuUsers) {
      const edits = p.plan.changes.map((c) => `${c.what} ${c.before ? `${c.before.trim()} → ` : ''}${c.after.trim()}`.trim()).join('; ');
      say('warn', 'torch-guessed', `${service.name}: ${p.unit.rel} is a guess (the Dockerfile does not say which requirements file it installs): not edited${edits ? `; what would change: ${edits}` : ''}`, { file: p.unit.rel });
    }
    if (p.gpuUsers) {
      const by = p.gpuUsers.map((s) => `${s.name} (${describeEvidence(guard.evidence.get(s) ?? [])})`);
      say('warn', 'torch-shared-with-gpu', `${service.name}: ${p.unit.rel} is also installed by ${by.join(', ')}, which wants a GPU: not converted; give ${service.name} its own requirements file or pip install to convert it`);
    }
    p.plan = { ...emptyPlan(), status: 'blocked', pins: p.plan.pins };
  }
  // One image, one torch build: while one of its installs keeps its torch (blocked or held), converting the others
  // would mix a +cpu and a CUDA build of the torch family in the image (the nvidia-* wheels stay, torchvision or
  // torchaudio is built for the other torch).
  const stuck = plans.filter((p) => p.plan.status === 'blocked');
  const moving = plans.filter((p) => !p.shared && p.plan.status === 'converted');
  if (stuck.length && moving.length && !gpu.length) {
    const list = (ps: typeof plans): string => [...new Set(ps.map((p) => p.unit.rel))].join(', ');
    say('warn', 'torch-partial', `${service.name}: ${list(stuck)} keeps its torch build, so ${list(moving)} is not converted either: one image would mix a +cpu and a CUDA build of torch, torchvision and torchaudio`);
    for (const p of moving) p.plan = { ...emptyPlan(), status: 'blocked', pins: p.plan.pins };
  }
  if (arm && !gpu.length && heldFiles.length) {
    say('warn', 'torch-arm64', `${service.name}: builds for ${arm}: PyTorch's CPU index does not publish +cpu builds of every release for linux/arm64 (torchvision has none there; older torch releases carry no +cpu label on aarch64), so ${[...new Set(heldFiles)].join(', ')} is not converted`);
  }
  if (gpu.length && heldFiles.length) {
    say('info', 'torch-gpu-service', `${service.name}: wants a GPU (${describeEvidence(gpu)}): torch in ${[...new Set(heldFiles)].join(', ')} stays as it is`);
  }

  for (const { unit, plan, shared } of plans) {
    if (shared) continue;
    // A guess holds nothing back from a service that really installs the file.
    if (!unit.guessed) done.set(unit.key, { plan, by: service.name });
    for (const n of plan.notes) say(n.level, n.code, `${service.name}: ${n.message}`, { file: n.file, ...(n.line !== undefined ? { line: n.line } : {}) });
  }
  // Pairs only within one stage: a `gpu` and a `cpu` stage may pin different torch releases on purpose.
  const byStage = new Map<number, typeof plans>();
  for (const p of plans) byStage.set(p.unit.stage, [...(byStage.get(p.unit.stage) ?? []), p]);
  for (const p of [...byStage.values()].flatMap((group) => checkPairs(group.flatMap((x) => x.plan.pins)))) say('warn', p.code, `${service.name}: ${p.message}`, { file: p.file, line: p.line });

  const files = (status: UnitPlan['status'], shared = false): string[] =>
    [...new Set(plans.filter((p) => p.plan.status === status && !!p.shared === shared).map((p) => p.unit.rel))];
  const own = files('converted');
  const sharedWith = [...new Set(plans.filter((p) => p.shared && p.plan.status === 'converted').map((p) => `${p.unit.rel} (planned for ${p.shared})`))];
  const guessed = link.guessed ? ' (requirements files guessed: the Dockerfile could not be read)' : '';
  if (own.length > 0 || sharedWith.length > 0) {
    const n = plans.filter((p) => !p.shared).reduce((k, p) => k + p.plan.changes.length, 0);
    const parts = [...(own.length ? [`${plural(n, 'change')} in ${own.join(', ')}`] : []), ...(sharedWith.length ? [`shared ${sharedWith.join(', ')}`] : [])];
    say('info', 'torch-converted', `${service.name}: CPU-only torch: ${parts.join('; ')}${guessed}`, { data: { files: [...own, ...files('converted', true)] } });
  } else if (files('already-cpu').length > 0 && files('blocked').length === 0) {
    say('info', 'torch-already-cpu', `${service.name}: torch already comes from the CPU index (${files('already-cpu').join(', ')})${guessed}`);
  } else if (plans.every((p) => p.plan.status === 'none')) {
    const where = units.length ? units.map((u) => u.rel).filter((r, i, a) => a.indexOf(r) === i).join(', ') : 'no requirements file or pip install found';
    const unread = installsNotRead(service);
    if (unread.length) {
      say('info', 'torch-not-read', `${service.name}: no requirements file or pip install of the image names torch (${where}), but ${unread.join('; ')}: torch-cpu neither reads nor edits those, so whether they install CUDA torch is not checked${guessed}`);
    } else say('info', 'torch-no-torch', `${service.name}: installs no torch, torchvision or torchaudio and nothing that depends on them (${where})${guessed}`);
  }
  return plans.filter((p) => !p.shared).map((p) => p.plan);
}

/**
 * The arm64 platform a service declares it builds for: compose `platform:` or `build.platforms`, or a
 * `FROM --platform=` of its runtime stage's chain. Undefined when none says arm64 (the build host decides).
 */
function armPlatform(service: Service): string | undefined {
  const v = service.project.dockerfilesOnly ? undefined : service.project.services.get(service.name)?.value;
  const build = v && typeof v.build === 'object' && v.build !== null ? (v.build as Record<string, unknown>) : undefined;
  const declared = [v?.platform, ...(Array.isArray(build?.platforms) ? build.platforms : [])].filter((x): x is string => typeof x === 'string');
  const df = service.link?.dockerfile?.model;
  if (df && service.link?.stages) {
    for (let s: number | undefined = service.link.stages.target; s !== undefined; s = df.stages[s]?.baseStage) {
      const from = df.instructions.find((i) => i.keyword === 'FROM' && i.stage === s);
      const flag = from?.flags.find((f) => f.name === 'platform')?.value;
      if (flag) declared.push(flag);
      if (df.stages[s]?.baseStage === s) break;
    }
  }
  return declared.find((p) => /arm64|aarch64/i.test(p));
}

/**
 * Installs in the runtime image that torch-cpu does not read: the project's own pyproject.toml (`uv sync`,
 * `poetry install`, `pip install .`: its lock or [tool.uv.sources] decides the torch build), conda/mamba installs
 * that name torch, requirements files the build makes (`git clone` … `pip install -r`) or names by an unknown
 * variable, shell scripts a RUN line runs, and a base image that ships torch (`pytorch/pytorch`). With one of them
 * a service that shows no torch line may still install CUDA torch.
 */
function installsNotRead(service: Service): string[] {
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

/** The pip commands (on the Dockerfile line) that install a requirements file: several only in one `&&` chain. */
function installsOf(entry: LinkedRequirements, installs: readonly PipInstall[]): PipInstall[] {
  return entry.dockerfileLine === undefined ? [] : installs.filter((i) => i.line === entry.dockerfileLine && i.requirementFiles.length > 0);
}

/** Packages besides torch's own that one pip command installs: every file it reads (includes too) and its arguments. */
function othersOf(entry: LinkedRequirements, all: readonly LinkedRequirements[], byPath: Map<string, LinkedRequirements>, project: Project, installs: readonly PipInstall[]): string[] {
  const names = new Set<string>();
  for (const r of all) {
    if (r.kind === 'constraint' || entryOf(r, byPath) !== entry) continue;
    const source = project.files.get(r.path);
    for (const l of source ? parsedRequirements(source).lines : []) {
      const n = l.kind === 'requirement' ? l.requirement?.name : undefined;
      if (n && !TARGETS.has(n.normalized)) names.add(n.text);
    }
  }
  for (const i of installs) {
    for (const p of i.packages) {
      const n = p.kind === 'requirement' ? parseRequirements(`${p.text}\n`).lines[0]?.requirement?.name : undefined;
      if (n && !TARGETS.has(n.normalized)) names.add(n.text);
    }
  }
  return [...names];
}

/** The file a `pip install -r` named, following includes back up. */
function entryOf(r: LinkedRequirements, byPath: Map<string, LinkedRequirements>): LinkedRequirements {
  let cur = r;
  const seen = new Set<string>();
  while (cur.includedFrom && !seen.has(cur.path)) {
    seen.add(cur.path);
    const up = byPath.get(cur.includedFrom.path);
    if (!up) break;
    cur = up;
  }
  return cur;
}

/** Whether a file only constrains versions: it, or a file on its include chain, came in through `-c`. */
function constraintChain(r: LinkedRequirements, byPath: Map<string, LinkedRequirements>): boolean {
  let cur: LinkedRequirements | undefined = r;
  const seen = new Set<string>();
  while (cur && !seen.has(cur.path)) {
    if (cur.kind === 'constraint') return true;
    seen.add(cur.path);
    cur = cur.includedFrom ? byPath.get(cur.includedFrom.path) : undefined;
  }
  return false;
}

/** Whether an inline pip install names torch itself (`torch==${V}` included). */
function inlineTorch(install: PipInstall): boolean {
  return install.packages.some(
    (p) => p.kind === 'requirement' && (parseRequirements(`${p.text}\n`).lines[0]?.requirement?.name?.normalized === 'torch' || (VARIABLE_TARGET.test(p.text) && /^torch\b(?![-_.])/i.test(p.text))),
  );
}

/** A `torch==${VERSION}` line (pip expands environment variables in requirements files). */
function hasVariableTorch(text: string, file: RequirementsFile): boolean {
  return file.lines.some((l) => l.kind === 'invalid' && /^\s*torch\s*(?:\[[^\]]*\])?\s*(?:[=<>!~]=?|===)[^#]*\$\{?[A-Za-z_]/i.test(text.slice(l.start, l.end)));
}

