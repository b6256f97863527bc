import { insertAt, removeRange, replaceRange, type Edit } from '../../src/core/edit.js';
import type { ChangeValue, Expectation } from '../../src/core/finding.js';
import { LineIndex } from '../../src/core/position.js';
import type { SourceFile } from '../../src/core/source.js';
import { expandVars, type PipIndexOption, type PipInstall, type PipPackageArg } from '../../src/dockerfile/index.js';
import { localLabel, parseRequirements, pinnedVersion, publicVersion, type Requirement } from '../../src/requirements/index.js';
import { commandVerdict, uvFirstIndex } from './command-guard.js';
import { torchDependent } from './dependents.js';
import { commandFacts } from './env-index.js';
import { unreadNote } from './not-read.js';
import { CPU_INDEX, cpuIndexFor, indexOptionName, isAcceleratorLabel, isStablePage, pytorchIndexKind } from './index-url.js';
import type { TorchPolicy } from './options.js';
import { emptyPlan, INDEX_REASON, PIN_REASON, T, TARGETS, type Target, type UnitPlan } from './types.js';

/** One inline `pip install` of a Dockerfile, with what the service around it decided. */
export interface InstallInput {
  install: PipInstall;
  /** The Dockerfile. */
  source: SourceFile;
  policy: TorchPolicy;
  service: string;
  /** No torch is installed with or before this command: a torch dependent here needs torch added. */
  addTorch: boolean;
  /** The service installs torch (here or in a requirements file): a CUDA index on this command must go. */
  convert: boolean;
  /** An earlier install torch-cpu does not read (poetry install, a script), which may bring torch: torch is not added. */
  unreadTorch?: string;
}

/** A package argument read as a requirement; `req` is absent when it is not a plain written word. */
interface Arg {
  arg: PipPackageArg;
  req: Requirement;
  /** Offset of the unquoted text in the Dockerfile (the requirement's own offsets are relative to it). */
  at: number;
}

/** `torch==${TORCH_VERSION}` and the like: a target whose version is a variable. */
export const VARIABLE_TARGET = /^(torch|torchvision|torchaudio)\s*(?:\[[^\]]*\])?\s*(?:[=<>!~]=?|===)[^#]*\$\{?[A-Za-z_]/i;

/** Whether the command is a JSON exec-form array (not a shell script inside one). */
export function isJsonForm(install: PipInstall): boolean {
  const first = install.words[0];
  return install.form === 'exec' && install.instruction.exec && !!first && install.instruction.args.some((a) => a.range[0] === first.range[0]);
}

/** The text of a word as written when it can be edited in place: plain, or in one pair of quotes / JSON quotes. */
function readArg(text: string, arg: PipPackageArg, json: boolean): number | undefined {
  const raw = text.slice(arg.range[0], arg.range[1]);
  if (json) return raw === JSON.stringify(arg.text) ? arg.range[0] + 1 : undefined;
  if (arg.quote) return raw === `${arg.quote}${arg.text}${arg.quote}` ? arg.range[0] + 1 : undefined;
  return raw === arg.text ? arg.range[0] : undefined;
}

/** Plan the CPU conversion of one inline pip install: index option after the install word, pins in place. */
export function planInstall(input: InstallInput): UnitPlan {
  const { install, source, policy } = input;
  const text = source.text;
  const json = isJsonForm(install);
  const plan = emptyPlan();
  const lines = new LineIndex(text);
  const lineOf = (offset: number): number => lines.position(offset).line;
  const rel = source.rel;
  const note = (level: 'info' | 'warn', code: string, message: string, offset: number): void => {
    plan.notes.push({ level, code, message, file: rel, line: lineOf(offset) });
  };
  const change = (value: ChangeValue, offset: number, what: string, before: string, after: string, reason: string, contains: string): void => {
    const expect: Expectation[] = [{ kind: 'text', file: source.path, contains, present: true }];
    plan.changes.push({ transform: T, service: input.service, file: rel, line: lineOf(offset), what, value, before, after, reason, expect });
  };

  const args: Arg[] = [];
  let unreadable = false;
  // `torch==${TORCH_VERSION}`: a torch install whose version is a build variable; reported, never rewritten.
  const variable = install.packages.filter((a) => a.kind === 'requirement' && a.variable && VARIABLE_TARGET.test(a.text));
  // `torch==${V}` with V=2.5.1+cu121 (or `torch==${V}+cu121`): no CPU index serves that build label.
  const labelled = variable.find((a) => /\+(?!cpu\b)/i.test(expandVars(a.text, install.instruction.vars) ?? a.text));
  if (labelled) {
    const known = expandVars(labelled.text, install.instruction.vars);
    note('warn', 'torch-variable-pin', `${labelled.text}${known !== undefined ? ` (${known} here)` : ''} keeps a build label that is not +cpu: no CPU index serves it, so this pip install is not edited; set the label to +cpu to convert it`, labelled.range[0]);
    return { ...plan, status: 'blocked' };
  }
  for (const arg of variable) {
    const known = expandVars(arg.text, install.instruction.vars);
    note('warn', 'torch-variable-pin', `${arg.text}${known !== undefined ? ` (${known} here)` : ''} takes its version from a build variable: not edited; with the CPU index pip prefers the +cpu build of that version, or set the variable to V+cpu`, arg.range[0]);
  }
  for (const arg of install.packages) {
    if (arg.kind !== 'requirement' || arg.variable) continue;
    const req = parseRequirements(`${arg.text}\n`).lines[0]?.requirement;
    if (!req?.name) continue;
    const at = readArg(text, arg, json);
    if (at === undefined) {
      if (TARGETS.has(req.name.normalized)) {
        unreadable = true;
        note('warn', 'torch-arg-unreadable', `cannot edit "${arg.text}" in place (escapes or mixed quoting): pin it to +cpu by hand`, arg.range[0]);
      }
      continue;
    }
    args.push({ arg, req, at });
  }
  const targets = args.filter((a) => TARGETS.has(a.req.name!.normalized));
  const hasTorch =
    targets.some((a) => a.req.name!.normalized === 'torch') ||
    variable.some((a) => /^torch\b(?![-_.])/i.test(a.text)) ||
    (unreadable && install.packages.some((p) => /^torch\b(?![-_.])/i.test(p.text)));
  const wanted = input.addTorch && !hasTorch ? args.find((a) => torchDependent(a.req.name!.normalized, a.req.extras?.items)) : undefined;
  if (wanted && input.unreadTorch) plan.notes.push(unreadNote(wanted.req.name!.text, input.unreadTorch, rel, lineOf(wanted.arg.range[0])));
  const dependent = input.unreadTorch ? undefined : wanted;
  const torchIdx = install.indexOptions.filter((o) => o.value !== undefined && pytorchIndexKind(o.value) !== undefined);
  const facts = commandFacts([install]);
  const verdict = commandVerdict(facts, 'this pip install');
  const accel = torchIdx.find((o) => pytorchIndexKind(o.value!) === 'accelerator') ?? (verdict?.kind === 'accelerator' ? { value: verdict.why } : undefined);
  const accelPin = targets.find((a) => {
    const pin = a.req.specifier ? pinnedVersion(a.req.specifier.text) : undefined;
    return pin !== undefined && isAcceleratorLabel(localLabel(pin));
  });
  if (accel || accelPin) {
    // ROCm / XPU builds are GPU builds that are not CUDA: a deliberate choice, left as it is.
    if (targets.length || variable.length || accel) {
      const what = accel ? `the PyTorch index ${accel.value}` : accelPin!.arg.text;
      note('info', 'torch-accelerator', `this pip install takes torch from ${what} (ROCm/XPU: GPU builds that are not CUDA): left as it is`, install.range[0]);
    }
    // A torch it installs keeps its build: the image installs torch, and nothing else of it goes +cpu.
    return targets.length || variable.length ? { ...plan, status: 'blocked' } : plan;
  }
  const cpuOption = torchIdx.find((o) => o.name !== '--find-links' && pytorchIndexKind(o.value!) === 'cpu');
  let stale = torchIdx.filter((o) => o !== cpuOption);
  // A CPU index from PIP_EXTRA_INDEX_URL & co. or uv's --torch-backend=cpu counts as one on the command line.
  // Pins that are all `+cpu` already resolve on torch_stable.html (`pip install torch==1.13.1+cpu -f …/torch_stable.html`).
  const stablePage = stale.length > 0 && stale.every((o) => o.name === '--find-links' && isStablePage(o.value!));
  const allCpu = targets.length > 0 && !dependent && variable.length === 0 && targets.every((a) => localLabel(pinnedVersion(a.req.specifier?.text ?? '') ?? '') === 'cpu');
  const keepPage = !cpuOption && verdict?.kind !== 'cpu' && stablePage && allCpu;
  if (keepPage) stale = [];
  const cpu = cpuOption ?? (verdict?.kind === 'cpu' ? verdict : keepPage ? torchIdx[0] : undefined);
  if (targets.length === 0 && variable.length === 0 && !dependent && !unreadable && !(input.convert && stale.length > 0)) return plan;

  // Index option.
  const name = indexOptionName(policy.index);
  const optionText = (n: string, url = CPU_INDEX): string => (json ? `"${n}", "${url}"` : `${n} ${url}`);
  const removeOption = (o: PipIndexOption): void => {
    let start = o.range[0];
    const sep = json ? /[\s,]/ : /[ \t]/;
    while (start > install.range[0] && sep.test(text[start - 1]!)) start--;
    plan.edits.push(removeRange(source.path, start, o.range[1]));
    change({ kind: 'torch-index', url: o.valueRange ? text.slice(o.valueRange[0], o.valueRange[1]) : '', option: o.name, removed: true }, o.range[0], 'index', text.slice(o.range[0], o.range[1]), '', 'a second PyTorch index would bring CUDA builds back', CPU_INDEX);
  };
  if (cpu) stale.forEach(removeOption);
  else if (stale[0]) {
    const head = stale[0];
    const keep = head.name !== '--find-links' && (head.name === name || policy.index === 'extra') && head.valueRange !== undefined;
    const before = text.slice(head.range[0], head.range[1]);
    const url = cpuIndexFor(head.value!);
    let edit: Edit;
    if (keep) {
      const [s, e] = head.valueRange!;
      const raw = text.slice(s, e);
      const q = /^["']/.test(raw) && raw.endsWith(raw[0]!) && raw.length > 1 ? raw[0]! : '';
      edit = replaceRange(source.path, s, e, `${q}${url}${q}`);
    } else edit = replaceRange(source.path, head.range[0], head.range[1], optionText(name, url));
    plan.edits.push(edit);
    const after = text.slice(head.range[0], edit.range[0]) + edit.text + text.slice(edit.range[1], head.range[1]);
    const why = head.name === '--find-links' ? "replaces PyTorch's find-links page (pip cannot use the CPU index that way)" : "replaces PyTorch's CUDA index";
    change({ kind: 'torch-index', url, option: keep ? head.name : name }, head.range[0], 'index', before, after, `${why}; ${INDEX_REASON}`, url);
    stale.slice(1).forEach(removeOption);
    if ((keep ? head.name : name) === '--index-url') primary(head.range[0]);
  } else {
    const insert = json ? `, ${optionText(name)}` : ` ${optionText(name)}`;
    plan.edits.push(insertAt(source.path, install.insertAt, insert));
    change({ kind: 'torch-index', url: CPU_INDEX, option: name }, install.insertAt, 'index', '', optionText(name), INDEX_REASON, optionText(name));
    if (name === '--index-url') primary(install.insertAt);
  }
  function primary(offset: number): void {
    note('warn', 'torch-primary-index', 'this pip install takes every package from the CPU index (--index-url): packages that index does not carry will fail to install', offset);
  }

  // Pins, in place inside the word (quotes kept). Images build on Linux, so `+cpu` needs no marker here.
  for (const { arg, req, at } of targets) {
    const name = req.name!.normalized as Target;
    const spec = req.specifier;
    if (!spec) continue;
    const pin = pinnedVersion(spec.text);
    if (!pin) {
      note('info', 'torch-range-kept', `${name}${spec.text || ' (unpinned)'} kept: the CPU index satisfies it, and pip prefers its +cpu build while the CPU index has the newest matching version`, arg.range[0]);
      continue;
    }
    plan.pins.push({ name, version: publicVersion(pin), file: rel, line: lineOf(arg.range[0]) });
    const label = localLabel(pin);
    if (label === 'cpu') continue;
    if (label === undefined && !policy.localVersion) {
      note('info', 'torch-range-kept', `${name}${spec.text} kept without +cpu (localVersion: false): pip takes the +cpu build because it sorts above the plain one`, arg.range[0]);
      continue;
    }
    const op = /^\s*===/.test(spec.text) ? '===' : '==';
    const newSpec = `${op}${publicVersion(pin)}+cpu`;
    const edit = replaceRange(source.path, at + spec.start, at + spec.end, newSpec);
    plan.edits.push(edit);
    const before = text.slice(arg.range[0], arg.range[1]);
    const after = text.slice(arg.range[0], edit.range[0]) + newSpec + text.slice(edit.range[1], arg.range[1]);
    change({ kind: 'requirement-pin', package: name, specifier: newSpec }, arg.range[0], `${name} pin`, before, after, PIN_REASON, after);
  }

  if (dependent) {
    const dep = torchDependent(dependent.req.name!.normalized, dependent.req.extras?.items)!;
    const v = policy.version ? publicVersion(policy.version) : undefined;
    const word = v ? `torch==${v}${policy.localVersion ? '+cpu' : ''}` : 'torch';
    const insert = json ? `"${word}", ` : `${word} `;
    plan.edits.push(insertAt(source.path, dependent.arg.range[0], insert));
    if (v) plan.pins.push({ name: 'torch', version: v, file: rel, line: lineOf(dependent.arg.range[0]) });
    change({ kind: 'requirement-pin', package: 'torch', specifier: word.slice('torch'.length), added: true }, dependent.arg.range[0], 'add torch', '', word, `${dep} depends on torch; without an explicit torch under the CPU index pip pulls the CUDA build from PyPI`, insert);
  }
  // What the command does with indexes can make these edits useless or harmful: then nothing changes.
  const addsIndex = plan.changes.some((c) => c.value.kind === 'torch-index' && !('removed' in c.value && c.value.removed));
  const others = [...args.filter((a) => !TARGETS.has(a.req.name!.normalized)).map((a) => a.req.name!.text), ...install.requirementFiles.map((f) => `the packages of ${f.path}`)];
  const blocker = (verdict?.kind === 'block' ? verdict : undefined) ?? (addsIndex ? uvFirstIndex(facts, others, 'this pip install') : undefined);
  if (blocker && 'code' in blocker && plan.edits.length > 0) {
    const pins = plan.pins;
    Object.assign(plan, emptyPlan(), { status: 'blocked', pins });
    note('warn', blocker.code, blocker.message, install.range[0]);
    return plan;
  }
  plan.status = plan.edits.length > 0 ? 'converted' : unreadable ? 'blocked' : 'already-cpu';
  return plan;
}
