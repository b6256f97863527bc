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
import { armPlatform } from './arm-platform.js';
import { entryOf, installsOf, othersOf } from './command-packages.js';
import { commandFacts } from './env-index.js';
import { installsNotRead, unreadInstalls } from './not-read.js';
import { rewrittenBefore } from './rewritten.js';
import { emptyPlan, T, type UnitPlan } from './types.js';
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
  /** `unreadTorch`: an earlier install torch-cpu does not read, which may bring torch (a dependent then gets no torch line). */
  plan: (addTorch: boolean, convert: boolean, unreadTorch?: string) => UnitPlan;
  /** Root-relative path, for the summary. */
  rel: string;
  /** Dockerfile stage of the pip command (-1 when guessed): torch/torchvision pairs are checked per stage. */
  stage: number;
  /** A requirements file (else an inline pip install). */
  file: boolean;
  /** Read as a guess (the Dockerfile could not be read, or an ARG default): never edited. */
  guessed?: boolean;
  /** A RUN writes the file pip reads before it reads it (`mv requirements-rocm.txt requirements.txt`): never edited. */
  rewritten?: string;
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
    const df = link.dockerfile ? project.files.get(link.dockerfile.path) : undefined;
    const entryInstalls = installsOf(entry, link.pipInstalls);
    const rewritten = df && link.stages ? entryInstalls.flatMap((i) => i.requirementFiles.map((f) => rewrittenBefore(df.text, df.rel, link.stages!.commands, i, f.path))).find((x) => x) : undefined;
    units.push({
      key: r.path,
      order: entry.dockerfileLine ?? Infinity,
      hasTorch: !isConstraint && (findRequirement(f, 'torch').length > 0 || hasVariableTorch(source.text, f)),
      rel: source.rel,
      stage: entry.stage ?? -1,
      file: true,
      ...(r.via === 'guess' ? { guessed: true } : {}),
      ...(rewritten ? { rewritten } : {}),
      plan: (addTorch, _convert, unreadTorch) => {
        const installs = installsOf(entry, link.pipInstalls);
        const command = commandFacts(installs);
        return planRequirementsFile({
          source, parsed: f, policy, service: service.key, addTorch: addTorch && !isConstraint, ...(unreadTorch ? { unreadTorch } : {}),
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
        plan: (addTorch, convert, unreadTorch) => planInstall({ install, source: dockerfile, policy, service: service.key, addTorch, convert, ...(unreadTorch ? { unreadTorch } : {}) }),
      });
    }
  }

  // A dependent needs its own torch line unless torch is installed by the same pip command or an earlier one.
  const torchBefore = (order: number): boolean => units.some((u) => u.hasTorch && u.order <= order);
  // An install read by no one (poetry install, a script, a torch base image) before it may have brought torch already.
  const unread = unreadInstalls(service);
  const unreadBefore = (order: number): string | undefined => unread.find((u) => u.line !== undefined && u.line < order)?.what;
  // A service that wants a GPU is never converted, nor is a file or pip command another such service installs.
  const gpu = guard.evidence.get(service) ?? [];
  const plans: { unit: Unit; plan: UnitPlan; shared?: string; gpuUsers?: Service[] }[] = [];
  const planAll = (convert: (unit: Unit) => boolean): void => {
    plans.length = 0;
    for (const unit of units) {
      const gpuUsers = gpu.length ? undefined : guard.users.get(unit.key)?.filter((s) => s !== service);
      if (gpuUsers?.length) {
        plans.push({ unit, plan: unit.plan(!torchBefore(unit.order), convert(unit), unreadBefore(unit.order)), gpuUsers });
        continue;
      }
      const prior = gpu.length ? undefined : done.get(unit.key);
      if (prior) {
        plans.push({ unit, plan: prior.plan, shared: prior.by });
        continue;
      }
      plans.push({ unit, plan: unit.plan(!torchBefore(unit.order), convert(unit), unreadBefore(unit.order)) });
    }
  };
  const arm = armPlatform(service);
  const held = (p: (typeof plans)[number]): boolean => !p.shared && p.plan.status !== 'none' && (gpu.length > 0 || !!p.gpuUsers || !!p.unit.guessed || !!arm || !!p.unit.rewritten);
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
    if (p.unit.rewritten && !gpu.length && !p.gpuUsers && !arm) {
      say('warn', 'torch-file-rewritten', `${service.name}: ${p.unit.rel} is rewritten by the build before pip reads it (${p.unit.rewritten}): pip installs what that command leaves, not the file in the repository, so it is not edited`, { file: p.unit.rel });
    }
    if (p.gpuUsers) {
      const by = p.gpuUsers.map((s) => `${s.name} (${describeEvidence(guard.evidence.get(s) ?? [])})`);
      say('warn', 'torch-shared-with-gpu', `${service.name}: ${p.unit.rel} is also installed by ${by.join(', ')}, which ${by.length > 1 ? 'want' : 'wants'} a GPU: not converted; give ${service.name} its own requirements file or pip install to convert it`);
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
    say('warn', 'torch-partial', `${service.name}: ${list(stuck)} keeps its torch build, so ${list(moving)} is not converted either: one image would mix a +cpu build of torch, torchvision and torchaudio with the CUDA (or ROCm/XPU) build it keeps`);
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
    // What runs later and is not read may pin another torch, which pip then installs over the +cpu one.
    const first = Math.min(...plans.filter((p) => p.plan.status === 'converted').map((p) => p.unit.order));
    const later = unread.filter((u) => u.line !== undefined && u.line > first).map((u) => u.what);
    if (later.length) say('info', 'torch-unread-after', `${service.name}: after the converted installs the build runs what torch-cpu does not read (${later.join('; ')}): if one of them pins another torch release, pip installs it over the +cpu build; check them`);
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

