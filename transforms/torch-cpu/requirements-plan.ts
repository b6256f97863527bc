import { applyEdits, replaceRange, type Edit } from '../../src/core/edit.js';
import type { Change, ChangeValue, Expectation } from '../../src/core/finding.js';
import type { SourceFile } from '../../src/core/source.js';
import {
  insertLineAfter,
  insertLineBefore,
  localLabel,
  pinnedVersion,
  publicVersion,
  setMarker,
  type LogicalLine,
  type RequirementsFile,
} from '../../src/requirements/index.js';
import { commandVerdict, uvFirstIndex } from './command-guard.js';
import { torchDependent } from './dependents.js';
import { unreadNote } from './not-read.js';
import type { CommandFacts } from './env-index.js';
import { recompileCommand } from './hashes.js';
import { indexOptionName, isAcceleratorLabel, pytorchIndexKind } from './index-url.js';
import { excludesMacos, MACOS_ONLY, NOT_MACOS, onlyMacos } from './platform.js';
import type { TorchPolicy } from './options.js';
import { INDEX_NAMES, planIndex, type NoteFn } from './requirements-index.js';
import { fileOptions, ignoredIndexNotes, lineAccelerator } from './line-options.js';
import { emptyPlan, PIN_REASON, T, TARGETS, type Target, type UnitPlan } from './types.js';

/** One requirements file to plan, with what the service around it decided. */
export interface FileInput {
  source: SourceFile;
  parsed: RequirementsFile;
  policy: TorchPolicy;
  /** Service key, for the changes. */
  service: string;
  /** No torch is installed with or before this file: a torch dependent here needs its own torch line. */
  addTorch: boolean;
  /** An earlier install torch-cpu does not read (poetry install, a script), which may bring torch: no torch line is added. */
  unreadTorch?: string;
  /** Index options on the pip command line that installs the file (`pip install --extra-index-url … -r f`). */
  commandIndex?: readonly { name: string; value?: string }[];
  /** The installing command's environment (PIP_/UV_ index variables) and uv options. */
  command?: CommandFacts;
  /** Packages other than torch's own that the same command installs (all its files and arguments): uv's first-index check. */
  commandOthers?: readonly string[];
}

/** `torch==${TORCH_VERSION}`: a torch line whose version pip takes from an environment variable. */
const VARIABLE_TARGET = /^\s*(torch|torchvision|torchaudio)\s*(?:\[[^\]]*\])?\s*(?:[=<>!~]=?|===)[^#]*\$\{?[A-Za-z_]/i;

/**
 * Plan the CPU conversion of one requirements file (nothing at all when a hashed file would need edits); a torch
 * line's own index options, which pip ignores, are reported whatever the plan.
 */
export function planRequirementsFile(input: FileInput): UnitPlan {
  const torchLines = input.parsed.lines.filter((l) => l.kind === 'requirement' && TARGETS.has(l.requirement?.name?.normalized ?? ''));
  const tool = input.command?.tool ?? 'pip';
  const lineNotes = ignoredIndexNotes(torchLines, input.source.text, input.source.rel, tool);
  // uv refuses the file outright: what torch the image gets is not known, so nothing is converted.
  if (tool === 'uv' && lineNotes.length > 0) return { ...emptyPlan(), status: 'blocked', notes: lineNotes };
  const plan = planFile(input);
  plan.notes.push(...lineNotes);
  return plan;
}

function planFile(input: FileInput): UnitPlan {
  const { source, parsed, policy } = input;
  const rel = source.rel;
  const plan = emptyPlan();
  const reqs = parsed.lines.filter((l) => l.kind === 'requirement' && l.requirement?.name);
  const nameOf = (l: LogicalLine): string => l.requirement!.name!.normalized;
  const targets = reqs.filter((l) => TARGETS.has(nameOf(l)));
  const variable = parsed.lines.filter((l) => l.kind === 'invalid' && VARIABLE_TARGET.test(source.text.slice(l.start, l.end)));
  const hasTorch = targets.some((l) => nameOf(l) === 'torch') || variable.some((l) => /^\s*torch\b(?![-_.])/i.test(source.text.slice(l.start, l.end)));
  const verdict = commandVerdict(input.command, rel);
  // pip applies a file's --index-url when it reads the line: it replaces every index given before it, the command
  // line's and PIP_* ones included (pip/_internal/req/req_file.py, handle_option_line). uv's --torch-backend wins over all.
  const fileIndexUrl = fileOptions(parsed).find((o) => o.name === '--index-url' && o.value && pytorchIndexKind(o.value.text) !== 'cpu');
  const resetByFile = !!fileIndexUrl && input.command?.tool !== 'uv';
  const onCommand = input.commandIndex?.find((o) => o.name !== '--find-links' && o.value !== undefined && pytorchIndexKind(o.value) === 'cpu');
  const commandCpu: { name: string; value?: string } | undefined =
    verdict?.kind === 'cpu' && input.command?.torchBackend ? { name: verdict.why, value: '' } : resetByFile ? undefined : (onCommand ?? (verdict?.kind === 'cpu' ? { name: verdict.why, value: '' } : undefined));
  const wanted = input.addTorch && !hasTorch && !commandCpu ? reqs.find((l) => torchDependent(nameOf(l), l.requirement!.extras?.items)) : undefined;
  if (wanted && input.unreadTorch) plan.notes.push(unreadNote(wanted.requirement!.name!.text, input.unreadTorch, rel, wanted.line));
  const dependent = input.unreadTorch ? undefined : wanted;
  if (targets.length === 0 && variable.length === 0 && !dependent) return plan;

  // A ROCm / XPU index (in the file or on the pip command) or build label is a deliberate GPU choice that is not
  // CUDA: the file is left as it is. So is one written on a requirement line: pip ignores it, but the choice stands.
  const accel = [
    ...fileOptions(parsed).filter((o) => INDEX_NAMES.has(o.name) && o.value).map((o) => o.value!.text),
    ...(input.commandIndex ?? []).map((o) => o.value ?? ''),
    ...(verdict?.kind === 'accelerator' ? [verdict.why.slice(verdict.why.indexOf('=') + 1)] : []),
  ].find((u) => pytorchIndexKind(u) === 'accelerator') ?? lineAccelerator(parsed.lines);
  const accelPin = targets.find((l) => {
    const pin = l.requirement!.specifier ? pinnedVersion(l.requirement!.specifier.text) : undefined;
    return pin !== undefined && isAcceleratorLabel(localLabel(pin));
  });
  if (accel || accelPin) {
    const what = accel ? `the PyTorch index ${accel}` : `${source.text.slice(accelPin!.start, accelPin!.end).trim()}`;
    plan.notes.push({ level: 'info', code: 'torch-accelerator', message: `${rel} installs torch from ${what} (ROCm/XPU: GPU builds that are not CUDA): left as it is`, file: rel, line: (accelPin ?? targets[0] ?? variable[0])?.line });
    // It keeps its torch build: the image installs torch (never "installs no torch"), and nothing else of it goes +cpu.
    return { ...plan, status: 'blocked' };
  }

  const change = (value: ChangeValue, line: number, what: string, before: string, after: string, reason: string, expect: Expectation[]): void => {
    plan.changes.push({ transform: T, service: input.service, file: rel, line, what, value, before, after, reason, expect });
  };
  const lineText = (l: LogicalLine): string => source.text.slice(l.start, l.end);
  const note = (level: 'info' | 'warn', code: string, message: string, line?: number): void => {
    plan.notes.push({ level, code, message, file: rel, ...(line !== undefined ? { line } : {}) });
  };
  let blocked = false;
  // `torch==${V}+cu121` / `torch==2.5.1+${CUDA}`: the label is not the variable's, so no CPU index serves that pin.
  const labelled = variable.find((l) => /\+(?!cpu\b)/i.test(source.text.slice(l.start, l.end).split(/\s;|\s#/)[0]!));
  if (labelled) {
    note('warn', 'torch-variable-pin', `${source.text.slice(labelled.start, labelled.end).trim()} keeps a build label that is not +cpu whatever the variable holds: no CPU index serves it, so ${rel} is not edited; write the label as +cpu (or drop it) to convert it`, labelled.line);
    return { ...plan, status: 'blocked' };
  }
  for (const l of variable) {
    note('warn', 'torch-variable-pin', `${source.text.slice(l.start, l.end).trim()} takes its version from an environment variable: not edited; with the CPU index pip prefers the +cpu build of that version, or set the variable to V+cpu`, l.line);
  }
  if (commandCpu) {
    const how = commandCpu.value ? `passes ${commandCpu.name} ${commandCpu.value}` : `has ${commandCpu.name}`;
    note('info', 'torch-cpu-on-command', `the pip command that installs ${rel} already ${how}: the file needs no index line, and ==V pins take the +cpu build`, (targets[0] ?? variable[0])?.line);
  }

  // The index goes before the first torch line (or the torch line this plan adds). URL lines and the
  // darwin halves of split lines do not use it.
  const indexed = targets.filter((l) => l.requirement!.specifier && !(l.requirement!.marker && onlyMacos(l.requirement!.marker.text)));
  const firstLine = [...indexed, ...variable, ...(dependent ? [dependent] : [])].sort((a, b) => a.start - b.start)[0];
  // Pins that are all `+cpu` already resolve on torch_stable.html: that page is not swapped for an index.
  const allCpu = !dependent && variable.length === 0 && indexed.every((l) => localLabel(pinnedVersion(l.requirement!.specifier!.text) ?? '') === 'cpu');
  const indexName = firstLine ? planIndex(input, firstLine, plan, change, note, commandCpu, allCpu) : indexOptionName(policy.index);

  for (const line of targets) {
    const req = line.requirement!;
    const name = nameOf(line) as Target;
    const marker = req.marker?.text;
    if (marker !== undefined && onlyMacos(marker)) continue; // the darwin half of a split line
    if (!req.specifier) {
      const where = req.url?.text ?? '';
      if (!/\/whl\/cpu\/|\+cpu|%2bcpu/i.test(where)) {
        blocked = true;
        note('warn', 'torch-url', `${name} is installed from ${where || 'a path'}: cannot convert a direct URL or path; point it at a +cpu wheel by hand`, line.line);
      }
      continue;
    }
    const spec = req.specifier;
    const pin = pinnedVersion(spec.text);
    if (pin) plan.pins.push({ name, version: publicVersion(pin), file: rel, line: line.line });
    let newSpec: string | undefined;
    let cpuPin = false;
    if (pin) {
      const label = localLabel(pin);
      // With the CPU index on the command line a plain ==V already resolves to V+cpu: only other labels change.
      cpuPin = label !== undefined || (policy.localVersion && !commandCpu);
      if (cpuPin && label !== 'cpu') newSpec = withVersion(source, spec, `${publicVersion(pin)}+cpu`);
      if (!cpuPin && !commandCpu) note('info', 'torch-range-kept', `${name}${spec.text} kept without +cpu (localVersion: false): pip takes ${publicVersion(pin)}+cpu from the CPU index because it sorts above ${publicVersion(pin)}`, line.line);
    } else {
      note('info', 'torch-range-kept', `${name}${spec.text || ' (unpinned)'} kept: the CPU index satisfies it, and pip prefers its +cpu build while the CPU index has the newest matching version; pin ==V+cpu to be sure`, line.line);
    }
    const expect: Expectation = { kind: 'requirement', file: source.path, name, present: true };
    const lineEdits: Edit[] = [];
    let twinEdit: Edit | undefined;
    let twinChange: Change | undefined;
    if (newSpec !== undefined) {
      lineEdits.push(replaceRange(source.path, spec.start, spec.end, newSpec));
      expect.specifier = newSpec.trim();
    }
    let reason = PIN_REASON;
    if (cpuPin) {
      const mac = macos(input, line);
      if (typeof mac === 'object') {
        lineEdits.push(mac);
        expect.marker = NOT_MACOS;
        reason += '; +cpu wheels exist for Linux and Windows only, so macOS gets the plain version on its own line';
      } else if (mac === 'warn') {
        note('warn', 'torch-macos', `${name}==${publicVersion(pin!)}+cpu has no macOS wheel: installing this file on a Mac fails; set platformMarker: true to split the line by sys_platform, or add a marker by hand`, line.line);
      }
      if (marker !== undefined) expect.marker ??= marker;
      if (typeof mac === 'object' && !hasDarwinTwin(parsed, name)) {
        const twin = `${req.name!.text}${req.extras?.text ?? ''}==${publicVersion(pin!)}; ${MACOS_ONLY}`;
        // After the marker edit: both insert at the end of a last line that has no line ending.
        twinEdit = insertLineAfter(source, parsed, line, twin);
        twinChange = {
          transform: T, service: input.service, file: rel, line: line.line, what: 'macOS line', value: { kind: 'requirement-pin', package: name, specifier: `==${publicVersion(pin!)}`, added: true, marker: MACOS_ONLY }, before: '', after: twin,
          reason: 'macOS wheels carry no +cpu label (they are CPU builds already)',
          expect: [{ kind: 'requirement', file: source.path, name, present: true, specifier: `==${publicVersion(pin!)}`, marker: MACOS_ONLY }],
        };
      }
    }
    if (lineEdits.length > 0) {
      plan.edits.push(...lineEdits);
      const before = lineText(line);
      const after = applyEdits(before, lineEdits.map((e) => ({ ...e, range: [e.range[0] - line.start, e.range[1] - line.start] as [number, number] })));
      change({ kind: 'requirement-pin', package: name, specifier: expect.kind === 'requirement' ? (expect.specifier ?? '') : '', ...(expect.kind === 'requirement' && expect.marker ? { marker: expect.marker } : {}) }, line.line, `${name} pin`, before, after, reason, [expect]);
    }
    if (twinEdit) plan.edits.push(twinEdit);
    if (twinChange) plan.changes.push(twinChange);
  }

  if (dependent) addTorchLine(input, dependent, plan, note);

  // What the installing command does with indexes can make any edit here useless or harmful: then nothing changes.
  const addsIndex = plan.changes.some((c) => c.value.kind === 'torch-index' && !('removed' in c.value && c.value.removed));
  const fileNoIndex = fileOptions(parsed).some((o) => o.name === '--no-index');
  const blocker =
    (verdict?.kind === 'block' ? verdict : undefined) ??
    (fileNoIndex ? { code: 'torch-no-index', message: `${rel} sets --no-index: pip reads only the --find-links pages and files it is given, and which torch build they hold is not known here; nothing changed` } : undefined) ??
    (addsIndex ? uvFirstIndex(input.command, input.commandOthers ?? reqs.filter((l) => !TARGETS.has(nameOf(l))).map((l) => l.requirement!.name!.text), rel) : undefined);
  if (blocker && 'code' in blocker && plan.edits.length > 0) {
    const pins = plan.pins;
    Object.assign(plan, emptyPlan(), { status: 'blocked', pins });
    note('warn', blocker.code, blocker.message, firstLine?.line);
    return plan;
  }

  const hashed = reqs.some((l) => l.requirement!.hashes.length > 0) || fileOptions(parsed).some((o) => o.name === '--require-hashes');
  if (hashed && plan.edits.length > 0) {
    const cmd = recompileCommand(parsed, rel, indexName);
    const pins = plan.pins;
    Object.assign(plan, emptyPlan(), { status: 'blocked', pins });
    note('warn', 'torch-hashes', `${rel} has --hash lines (pip-compile output) and the CPU wheels have other hashes: nothing changed in it. Re-run pip-compile with the CPU index${policy.localVersion ? ' (and torch==V+cpu in the .in file)' : ''}: ${cmd}`, firstLine?.line);
    return plan;
  }
  plan.status = plan.edits.length > 0 ? 'converted' : blocked ? 'blocked' : 'already-cpu';
  return plan;
}

/** `==2.5.1` → `==2.5.1+cpu`, keeping the operator and spacing as written. */
function withVersion(source: SourceFile, spec: { start: number; end: number; text: string }, version: string): string {
  const raw = source.text.slice(spec.start, spec.end);
  const m = /^(\s*===?\s*)(\S+?)(\s*)$/.exec(raw);
  if (raw === spec.text && m) return `${m[1]}${version}${m[3]}`;
  return `${/^\s*===/.test(spec.text) ? '===' : '=='}${version}`;
}

function hasDarwinTwin(parsed: RequirementsFile, name: string): boolean {
  return parsed.lines.some((l) => l.requirement?.name?.normalized === name && l.requirement.marker && onlyMacos(l.requirement.marker.text));
}

/** The macOS treatment of a `+cpu` pin: the marker edit, fine (its marker excludes macOS), or warn. */
function macos(input: FileInput, line: LogicalLine): Edit | 'fine' | 'warn' {
  const marker = line.requirement!.marker?.text;
  if (marker !== undefined) return excludesMacos(marker) ? 'fine' : 'warn';
  if (!input.policy.platformMarker || line.requirement!.editable) return 'warn';
  return setMarker(input.source, line, NOT_MACOS);
}

/** Add `torch` (pinned per policy) right before the first package that depends on it. */
function addTorchLine(input: FileInput, dependent: LogicalLine, plan: UnitPlan, note: NoteFn): void {
  const { source, policy } = input;
  const dep = torchDependent(dependent.requirement!.name!.normalized, dependent.requirement!.extras?.items)!;
  const v = policy.version ? publicVersion(policy.version) : undefined;
  let text = v ? `torch==${v}${policy.localVersion ? '+cpu' : ''}` : 'torch';
  let twin: string | undefined;
  if (v && policy.localVersion) {
    if (policy.platformMarker) {
      text += `; ${NOT_MACOS}`;
      twin = `torch==${v}; ${MACOS_ONLY}`;
    } else {
      note('warn', 'torch-macos', `torch==${v}+cpu has no macOS wheel: installing ${source.rel} on a Mac fails; set platformMarker: true to split the line by sys_platform`, dependent.line);
    }
  }
  plan.edits.push(insertLineBefore(source, dependent, text));
  if (twin) plan.edits.push(insertLineBefore(source, dependent, twin));
  if (v) plan.pins.push({ name: 'torch', version: v, file: source.rel, line: dependent.line });
  const expect: Expectation[] = [
    { kind: 'requirement', file: source.path, name: 'torch', present: true, ...(v ? { specifier: text.split(';')[0]!.slice('torch'.length) } : {}), ...(twin ? { marker: NOT_MACOS } : {}) },
  ];
  if (twin) expect.push({ kind: 'requirement', file: source.path, name: 'torch', present: true, specifier: `==${v}`, marker: MACOS_ONLY });
  plan.changes.push({
    transform: T, service: input.service, file: source.rel, line: dependent.line, what: 'add torch', value: { kind: 'requirement-pin', package: 'torch', specifier: v ? text.split(';')[0]!.slice('torch'.length) : '', added: true }, before: '', after: twin ? `${text} + ${twin}` : text,
    reason: `${dep} depends on torch; without an explicit torch line under the CPU index pip pulls the CUDA build from PyPI`,
    expect,
  });
}
