import path from 'node:path';
import { formatMemory } from '../compose/memory.js';
import { InputError, UsageError } from '../core/errors.js';
import { branchState, commitFiles, commitMessage, git, resetToState, startBranch } from '../git/branch.js';
import { pushBranch, remoteSeen, sameChange, type RemoteSeen } from '../git/push.js';
import { acquireLock } from '../pipeline/lock.js';
import { writeAll, writeTransaction, type WriteOptions, type WriteTransaction } from '../pipeline/write-files.js';
import type { ImageFact } from '../facts/types.js';
import type { Plan } from '../pipeline/session.js';
import type { Service } from '../project/model.js';
import { buildReport } from '../report/model.js';
import { renderReport } from '../report/render-text.js';
import { affectedServices } from './affected.js';
import { outputFiles, writeOutputFile } from './output-files.js';
import { plural } from '../core/plural.js';
import { EXIT, type IO } from './io.js';
import { progressFor, type Progress } from './progress.js';

type Opts = Record<string, unknown>;

/** Write the report in the format its extension names (.html, .json, else markdown). */
export async function writeReport(file: string, plan: Plan, measured?: Measured): Promise<void> {
  const data = buildReport(plan.project, plan.facts, plan.changes, plan.findings, measured?.imagesAfter, measured?.imagesBefore);
  let text: string;
  if (file.endsWith('.html')) text = (await import('../report/render-html.js')).renderHtml(data);
  else if (file.endsWith('.json')) text = JSON.stringify(data, null, 2) + '\n';
  else text = renderReport(data, 'md');
  writeOutputFile('--report', file, text);
}

/** What the docker steps of an apply measured: image sizes before the build (where the plan had none) and after. */
export interface Measured {
  imagesBefore: Map<string, ImageFact>;
  imagesAfter: Map<string, number>;
}

/** The memory limit the plan sets for a service, from the change's value (never its display text). */
function limitAfter(plan: Plan, s: Service): number | undefined {
  const c = plan.changes.find((x) => x.service === s.key && x.value.kind === 'memory-limit');
  return c?.value.kind === 'memory-limit' ? c.value.bytes : undefined;
}

/**
 * Apply a plan: (branch) → write → (commit) → (build → up → verify) → (report). A failed build stops
 * before `up` and says that the files are written. The write holds the root's lock; with `--branch`, a failed
 * write or commit puts the files, the index and the checked-out branch back as they were (exit 2, nothing written).
 */
export async function applyPlan(plan: Plan, o: Opts, io: IO, _legacyWrite?: () => unknown): Promise<number> {
  const progress = progressFor(io, { json: Boolean(o.json), quiet: Boolean(o.quiet) });
  const root = plan.project.root;
  // Without a compose file there is nothing for `docker compose` to build or start: refuse before writing.
  if ((o.build || o.up) && plan.project.compose.some((cp) => cp.dockerfilesOnly)) {
    throw new UsageError('--build and --up need a compose file; this repository has only Dockerfiles (apply without them, then docker build)');
  }
  if (o.push && !o.branch) throw new UsageError('--push needs --branch NAME (the branch to push)');
  // `include:` on Compose < 2.20, `deploy.resources` on Compose v1 …: refused before writing (compose/version-gates.ts).
  if ((o.build || o.up) && !o.stack) await (await import('./compose-gate.js')).refuseOldCompose(plan);
  const release = acquireLock(root);
  let pushed: (() => Promise<void>) | undefined;
  try {
    // The lease is read before anything is written: a remote that cannot be reached stops the run here.
    const seen = o.push ? await remoteSeen((await branchState(root)).top, o.push === true ? 'origin' : (o.push as string), o.branch as string) : undefined;
    const count = o.branch ? await writeOnBranch(plan, o, progress, io.cwd, seen) : writeAll(plan.files, writeOptions(plan, o));
    const linked = count < plan.files.length ? ` (${plan.files.length} paths: links to one file are written once)` : '';
    progress.note(`wrote ${plural(count, 'file')}: ${plan.files.map((f) => f.source.rel).join(', ')}${linked}`);
    if (seen) pushed = () => pushIfMoved(root, seen, progress);
  } finally {
    release();
  }
  if (o.prBody) await writePrBody(path.resolve(io.cwd, o.prBody as string), plan, progress);
  // After the PR body: a refused push (exit 2) still leaves the description for the commit on the local branch.
  if (pushed) await pushed();
  let code: number = EXIT.ok;
  let measured: Measured | undefined;
  if (o.build || o.up) {
    const r = await dockerSteps(plan, o, io, progress);
    code = r.code;
    measured = r.measured;
  }
  if (o.report) await writeReport(path.resolve(io.cwd, o.report as string), plan, measured);
  return code;
}

function writeOptions(plan: Plan, o: Opts): WriteOptions {
  return { root: plan.project.root, allowOutsideRoot: Boolean(o.allowOutsideRoot) };
}

/**
 * branch → write → commit as one unit: any failure undoes all three (files, index, branch), then rethrows. A
 * branch that exists is rebuilt on the current HEAD; when the new commit carries the same change on the same
 * base as the branch had (locally, else on the remote), the branch keeps its old commit: nothing to refresh.
 */
async function writeOnBranch(plan: Plan, o: Opts, progress: Progress, cwd: string, seen?: RemoteSeen): Promise<number> {
  const root = plan.project.root;
  const name = o.branch as string;
  const before = await branchState(root);
  const previous = await progress.step(`create branch ${name}`, () => startBranch(root, name, Boolean(o.allowDirty), plan.files.map((f) => f.source.path), outputFiles(o, cwd)));
  let tx: WriteTransaction | undefined;
  try {
    tx = writeTransaction(plan.files, writeOptions(plan, o));
    const written = tx.files;
    const sha = await progress.step('commit', () => commitFiles(root, written, commitMessage(plan.changes)));
    tx.finish();
    const old = previous ?? seen?.sha;
    if (old && (await sameChange(before.top, old, sha).catch(() => false))) {
      // Same tree on the same parent: only the dates differ. The old commit stays (no new sha, no push).
      await git(before.top, ['reset', '-q', '--soft', old]);
      progress.note(`no new changes: ${name} already holds them on this base; left at ${old.slice(0, 12)}`);
    } else progress.note(`committed ${sha.slice(0, 12)} on ${name}${previous ? ` (rebuilt on ${before.head.slice(0, 12)}; was ${previous.slice(0, 12)})` : ''}`);
    return tx.count;
  } catch (err) {
    try {
      // Files first (their old bytes back), then git: the switch back must carry nothing of ours.
      tx?.rollback();
      await resetToState(before, name, tx?.files ?? [], previous);
    } catch (undoErr) {
      throw new UsageError(`${message(err)}\nand putting things back failed too: ${message(undoErr)}`);
    }
    const where = before.branch ? `on ${before.branch}` : `at ${before.head.slice(0, 12)}`;
    const branch = previous ? `branch ${name} back at ${previous.slice(0, 12)}` : `branch ${name} removed`;
    throw new UsageError(`${message(err)}\nnothing was written: the files, the index and the branch are as they were (${where}; ${branch})`);
  }
}

/** Push the branch with the lease unless the remote already has exactly this commit. */
async function pushIfMoved(root: string, seen: RemoteSeen, progress: Progress): Promise<void> {
  const top = (await branchState(root)).top;
  const local = (await git(top, ['rev-parse', `refs/heads/${seen.branch}`])).trim();
  if (local === seen.sha) {
    progress.note(`${seen.remote} ${seen.branch} is already at ${local.slice(0, 12)}; nothing pushed`);
    return;
  }
  await progress.step(`push ${seen.branch} to ${seen.remote}`, () => pushBranch(top, seen));
  progress.note(`pushed ${local.slice(0, 12)} to ${seen.remote} ${seen.branch}${seen.sha ? ` (was ${seen.sha.slice(0, 12)})` : ' (new branch)'}`);
}

/** The pull-request description (`--pr-body FILE`): see render/pr-body.ts. */
async function writePrBody(file: string, plan: Plan, progress: Progress): Promise<void> {
  const { prBody } = await import('../render/pr-body.js');
  const report = renderReport(buildReport(plan.project, plan.facts, plan.changes, plan.findings), 'md');
  writeOutputFile('--pr-body', file, prBody(plan.changes, plan.findings, plan.files, report, plan.project.compose.length));
  progress.note(`wrote the pull-request description to ${file}`);
}

function message(err: unknown): string {
  return err instanceof InputError ? err.format() : err instanceof Error ? err.message : String(err);
}

async function dockerSteps(plan: Plan, o: Opts, io: IO, progress: Progress): Promise<{ code: number; measured: Measured }> {
  const docker = await import('../docker/index.js');
  const { build, up } = affectedServices(plan);
  // Returned, never written into plan.facts: the plan stays what was planned.
  const measured: Measured = { imagesBefore: new Map(), imagesAfter: new Map() };
  const imagesAfter = measured.imagesAfter;
  const projects = plan.project.compose.map((cp) => {
    const mine = (list: Service[]) => list.filter((s) => s.project === cp).map((s) => s.name);
    return { cp, files: cp.files.map((f) => f.source.path), toBuild: mine(build), toUp: mine(up) };
  });
  // Every build first: a failure in any project must leave every service of every project as it was.
  for (const { cp, files, toBuild } of projects) {
    if (!toBuild.length) continue;
    await measureImagesBefore(plan, cp.name, toBuild, measured.imagesBefore);
    try {
      // On a TTY the live line follows each service's build step as BuildKit reports it.
      const steps = new docker.BuildSteps();
      const onLine = (line: string): void => {
        const now = steps.feed(line);
        if (now) progress.update(now);
      };
      await progress.step(`docker compose build ${toBuild.join(' ')}`, () => docker.composeBuild(files, cp.dir, cp.name, toBuild, { onLine }));
    } catch (err) {
      const step = err instanceof docker.BuildError && err.failedStep ? `\n${err.failedStep}` : '';
      io.stderr.write(`composeshift: build failed; the files are written, no service was restarted.${step}\n${err instanceof Error ? err.message : String(err)}\n`);
      return { code: EXIT.error, measured };
    }
  }
  if (!o.up) return { code: EXIT.ok, measured };
  for (const { cp, files, toUp } of projects) {
    if (!toUp.length) continue;
    try {
      if (o.stack) await progress.step(`docker stack deploy ${o.stack}`, () => docker.stackDeploy(files[0]!, o.stack as string));
      else await progress.step(`docker compose up -d ${toUp.join(' ')}`, () => docker.composeUp(files, cp.dir, cp.name, toUp));
      if (o.verify === false) continue;
      const { problems, notes } = await progress.step('verify containers', () => verifyServices(plan, cp.name, up.filter((s) => s.project === cp), imagesAfter));
      for (const n of notes) progress.note(`composeshift: verify: ${n}`);
      for (const p of problems) io.stderr.write(`composeshift: verify: ${p}\n`);
      if (problems.length) return { code: EXIT.error, measured };
    } catch (err) {
      // An engine error is a failed step, not a crash: say what is done (files written) and what is not.
      if (!(err instanceof docker.DockerError)) throw err;
      io.stderr.write(`composeshift: ${o.stack ? 'stack deploy' : 'up'} of ${cp.name} failed; the files are written.\n${err.message}\n`);
      return { code: EXIT.error, measured };
    }
  }
  return { code: EXIT.ok, measured };
}

/** Image sizes of the services about to be rebuilt, from their running containers, unless already measured. */
async function measureImagesBefore(plan: Plan, project: string, services: string[], into: Map<string, ImageFact>): Promise<void> {
  const docker = await import('../docker/index.js');
  try {
    const containers = (await docker.projectContainers(project)).filter((c) => c.service && services.includes(c.service));
    const images = await docker.inspectImages([...new Set(containers.map((c) => c.imageId))]);
    for (const c of containers) {
      const key = `${project}/${c.service}`;
      const info = images.get(c.imageId);
      if (info && !plan.facts.images.has(key)) into.set(key, { service: key, image: c.imageName, sizeBytes: info.sizeBytes, source: 'docker image inspect (before build)' });
    }
  } catch {
    // Nothing running yet: there is no "before" size to report, and none is invented.
  }
}

/** Read changed services back from the engine: limit in effect, running/healthy; image sizes after. */
async function verifyServices(plan: Plan, project: string, services: Service[], imagesAfter: Map<string, number>): Promise<{ problems: string[]; notes: string[] }> {
  const docker = await import('../docker/index.js');
  const containers = await docker.projectContainers(project);
  const problems: string[] = [];
  const notes: string[] = [];
  const stats = await docker.sampleStats({ project, samples: 1, intervalMs: 0 });
  for (const s of services) {
    const mine = containers.filter((c) => c.service === s.name);
    if (!mine.length) {
      problems.push(`${s.name}: no container after up`);
      continue;
    }
    const want = limitAfter(plan, s);
    for (const c of mine) {
      if (c.state !== 'running') problems.push(`${s.name}: container ${c.name} is ${c.state}`);
      if (c.health && c.health !== 'healthy' && c.health !== 'starting') problems.push(`${s.name}: container ${c.name} is ${c.health}`);
      if (want !== undefined && c.memoryLimitBytes !== want) problems.push(`${s.name}: memory limit in effect is ${c.memoryLimitBytes ?? 'none'}, expected ${want}`);
      const used = stats.find((x) => x.containerId === c.id)?.peakBytes;
      if (used !== undefined && c.memoryLimitBytes) {
        notes.push(`${s.name}: ${c.state}, limit ${formatMemory(c.memoryLimitBytes)} in effect, using ${formatMemory(used)} (${Math.round((used / c.memoryLimitBytes) * 100)}%)`);
      }
    }
  }
  const images = await docker.inspectImages([...new Set(containers.filter((c) => services.some((s) => s.name === c.service)).map((c) => c.imageId))]);
  for (const c of containers) {
    const info = images.get(c.imageId);
    if (info && c.service) imagesAfter.set(`${project}/${c.service}`, info.sizeBytes);
  }
  return { problems, notes };
}
