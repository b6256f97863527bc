import { describe, expect, it } from 'vitest';
import { codes, plan, project, REQ_DOCKERFILE, write } from './helpers.js';

const CPU = 'https://download.pytorch.org/whl/cpu';
const X = `--extra-index-url ${CPU}`;
const MAC = 'sys_platform == "darwin"';
const NOT_MAC = 'sys_platform != "darwin"';

/** [title, policy options (undefined: no config), input requirements.txt, exact expected output, finding codes that must be present]. */
type Case = [string, Record<string, unknown> | undefined, string, string, string[]?];

const CASES: Case[] = [
  // requirement forms
  ['pinned', undefined, 'flask==3.0.0\ntorch==2.5.1\n', `flask==3.0.0\n${X}\ntorch==2.5.1+cpu\n`, ['torch-converted', 'torch-macos']],
  ['ranged', undefined, 'torch>=2.3,<2.6\nnumpy\n', `${X}\ntorch>=2.3,<2.6\nnumpy\n`, ['torch-range-kept']],
  ['unpinned', undefined, 'torch\n', `${X}\ntorch\n`, ['torch-range-kept']],
  ['extras', undefined, 'torch[opt-einsum]==2.5.1\n', `${X}\ntorch[opt-einsum]==2.5.1+cpu\n`],
  ['marker kept', undefined, 'torch==2.5.1 ; python_version >= "3.9"\n', `${X}\ntorch==2.5.1+cpu ; python_version >= "3.9"\n`, ['torch-macos']],
  ['inline comment', undefined, 'torch==2.5.1  # the model\n', `${X}\ntorch==2.5.1+cpu  # the model\n`],
  ['spaces around the operator', undefined, 'torch == 2.5.1\n', `${X}\ntorch == 2.5.1+cpu\n`],
  ['parenthesized', undefined, 'torch (==2.5.1)\n', `${X}\ntorch (==2.5.1+cpu)\n`],
  ['arbitrary equality', undefined, 'torch===2.5.1\n', `${X}\ntorch===2.5.1+cpu\n`],
  ['wildcard is a range', undefined, 'torch==2.5.*\n', `${X}\ntorch==2.5.*\n`, ['torch-range-kept']],
  ['CUDA local label becomes +cpu', undefined, 'torch==2.4.0+cu121\n', `${X}\ntorch==2.4.0+cpu\n`],
  ['CUDA label becomes +cpu even without localVersion', { localVersion: false }, 'torch==2.4.0+cu121\n', `${X}\ntorch==2.4.0+cpu\n`],
  ['localVersion false keeps the pin', { localVersion: false }, 'torch==2.5.1\n', `${X}\ntorch==2.5.1\n`, ['torch-range-kept']],
  ['all three targets, index once', undefined, 'torch==2.5.1\ntorchvision==0.20.1\ntorchaudio==2.5.1\n', `${X}\ntorch==2.5.1+cpu\ntorchvision==0.20.1+cpu\ntorchaudio==2.5.1+cpu\n`],
  ['name spelled oddly', undefined, 'Torch==2.5.1\nTorchVision==0.20.1\n', `${X}\nTorch==2.5.1+cpu\nTorchVision==0.20.1+cpu\n`],
  ['CRLF', undefined, 'flask\r\ntorch==2.5.1\r\n', `flask\r\n${X}\r\ntorch==2.5.1+cpu\r\n`],
  ['no final newline', undefined, 'flask\ntorch==2.5.1', `flask\n${X}\ntorch==2.5.1+cpu`],
  ['comments and blank lines stay', undefined, '# ml\n\ntorch==2.5.1\n\n# web\nflask\n', `# ml\n\n${X}\ntorch==2.5.1+cpu\n\n# web\nflask\n`],
  // index forms
  ['existing CPU index', undefined, `${X}\ntorch==2.5.1+cpu\n`, `${X}\ntorch==2.5.1+cpu\n`, ['torch-already-cpu']],
  ['existing CPU index, pin still converted', undefined, `--index-url ${CPU}/\ntorch==2.5.1\n`, `--index-url ${CPU}/\ntorch==2.5.1+cpu\n`],
  ['cu121 extra index is replaced', undefined, '--extra-index-url https://download.pytorch.org/whl/cu121\ntorch==2.4.0+cu121\ntorchvision==0.19.0+cu121\n', `${X}\ntorch==2.4.0+cpu\ntorchvision==0.19.0+cpu\n`],
  ['cu118 --index-url stays primary', undefined, '--index-url https://download.pytorch.org/whl/cu118\ntorch==2.3.1\n', `--index-url ${CPU}\ntorch==2.3.1+cpu\n`, ['torch-primary-index']],
  ['-i short form keeps its spelling', undefined, '-i https://download.pytorch.org/whl/cu124\ntorch\n', `-i ${CPU}\ntorch\n`],
  ['--opt=value form', undefined, '--extra-index-url=https://download.pytorch.org/whl/cu121\ntorch\n', `--extra-index-url=${CPU}\ntorch\n`],
  ['-f find-links form is replaced', undefined, '-f https://download.pytorch.org/whl/torch_stable.html\ntorch==1.13.1+cu117\n', `${X}\ntorch==1.13.1+cpu\n`],
  ['--find-links CUDA index is replaced', undefined, '--find-links https://download.pytorch.org/whl/cu118\ntorch==2.2.2\n', `${X}\ntorch==2.2.2+cpu\n`],
  ['CPU index present: a stale CUDA page goes', undefined, `${X}\n-f https://download.pytorch.org/whl/cu118/torch_stable.html\ntorch==2.5.1\n`, `${X}\ntorch==2.5.1+cpu\n`],
  ['two CUDA indexes: first rewritten, second removed', undefined, '--extra-index-url https://download.pytorch.org/whl/cu121\n--extra-index-url https://download.pytorch.org/whl/cu118\ntorch\n', `${X}\ntorch\n`],
  ['other indexes are left alone', undefined, '--extra-index-url https://pypi.example.com/simple\ntorch==2.5.1\n', `--extra-index-url https://pypi.example.com/simple\n${X}\ntorch==2.5.1+cpu\n`],
  ['index: primary', { index: 'primary' }, 'torch==2.5.1\n', `--index-url ${CPU}\ntorch==2.5.1+cpu\n`, ['torch-primary-index']],
  ['index: primary rewrites a CUDA extra index', { index: 'primary' }, '--extra-index-url https://download.pytorch.org/whl/cu121\ntorch\n', `--index-url ${CPU}\ntorch\n`, ['torch-primary-index']],
  ['index: primary beside a private primary index writes extra', { index: 'primary' }, '--index-url https://pypi.example.com/simple\ntorch\n', `--index-url https://pypi.example.com/simple\n${X}\ntorch\n`, ['torch-primary-index']],
  // platform markers
  ['platformMarker splits the line', { platformMarker: true }, 'torch==2.5.1\n', `${X}\ntorch==2.5.1+cpu; ${NOT_MAC}\ntorch==2.5.1; ${MAC}\n`],
  ['platformMarker with extras and comment', { platformMarker: true }, 'torch[opt-einsum]==2.5.1  # ml\nflask\n', `${X}\ntorch[opt-einsum]==2.5.1+cpu; ${NOT_MAC}  # ml\ntorch[opt-einsum]==2.5.1; ${MAC}\nflask\n`],
  ['platformMarker, CRLF, no final newline', { platformMarker: true }, 'flask\r\ntorch==2.5.1', `flask\r\n${X}\r\ntorch==2.5.1+cpu; ${NOT_MAC}\r\ntorch==2.5.1; ${MAC}`],
  ['platformMarker, already converted by hand', { platformMarker: true }, `${X}\ntorch==2.5.1+cpu\n`, `${X}\ntorch==2.5.1+cpu; ${NOT_MAC}\ntorch==2.5.1; ${MAC}\n`],
  ['platformMarker leaves a linux marker alone', { platformMarker: true }, 'torch==2.5.1; sys_platform == "linux"\n', `${X}\ntorch==2.5.1+cpu; sys_platform == "linux"\n`],
  ['platformMarker does not touch other markers', { platformMarker: true }, 'torch==2.5.1; python_version < "3.13"\n', `${X}\ntorch==2.5.1+cpu; python_version < "3.13"\n`, ['torch-macos']],
  ['platformMarker leaves ranges without a marker', { platformMarker: true }, 'torch>=2.3\n', `${X}\ntorch>=2.3\n`],
  ['platformMarker with localVersion false adds nothing', { platformMarker: true, localVersion: false }, 'torch==2.5.1\n', `${X}\ntorch==2.5.1\n`],
  ['platformMarker keeps an existing darwin line', { platformMarker: true }, `torch==2.5.1\ntorch==2.5.1; ${MAC}\n`, `${X}\ntorch==2.5.1+cpu; ${NOT_MAC}\ntorch==2.5.1; ${MAC}\n`],
  // transitive torch
  ['sentence-transformers gets torch', undefined, 'flask\nsentence-transformers==3.0.1\n', `flask\n${X}\ntorch\nsentence-transformers==3.0.1\n`, ['torch-converted']],
  ['transformers[torch] gets a pinned torch', { version: '2.5.1' }, 'transformers[torch]==4.44.0\n', `${X}\ntorch==2.5.1+cpu\ntransformers[torch]==4.44.0\n`, ['torch-macos']],
  ['transitive with version and platformMarker', { version: '2.5.1', platformMarker: true }, 'timm\n', `${X}\ntorch==2.5.1+cpu; ${NOT_MAC}\ntorch==2.5.1; ${MAC}\ntimm\n`],
  ['transitive with version, localVersion false', { version: '2.5.1', localVersion: false }, 'ultralytics\n', `${X}\ntorch==2.5.1\nultralytics\n`],
  ['spacy[transformers] gets torch', undefined, 'spacy[transformers]==3.7.5\n', `${X}\ntorch\nspacy[transformers]==3.7.5\n`],
  ['torchvision alone gets torch', undefined, 'torchvision==0.20.1\n', `${X}\ntorch\ntorchvision==0.20.1+cpu\n`],
  ['CPU index present: only the torch line', undefined, `${X}\naccelerate\n`, `${X}\ntorch\naccelerate\n`],
  ['dependent after torch: nothing added', undefined, 'torch==2.5.1\neasyocr\n', `${X}\ntorch==2.5.1+cpu\neasyocr\n`],
];

/** Cases with no edits at all: [title, options, input, finding codes]. */
const UNCHANGED: [string, Record<string, unknown> | undefined, string, string[]][] = [
  ['no torch', undefined, 'flask==3.0.0\nrequests\n', ['torch-no-torch']],
  ['plain transformers does not pull torch', undefined, 'transformers==4.44.0\n', ['torch-no-torch']],
  ['already CPU', undefined, `${X}\ntorch==2.5.1+cpu\ntorchvision==0.20.1+cpu\n`, ['torch-already-cpu', 'torch-macos', 'torch-macos']],
  ['already CPU, unpinned', undefined, `${X}\ntorch\n`, ['torch-already-cpu', 'torch-range-kept']],
  ['already CPU and split', { platformMarker: true }, `${X}\ntorch==2.5.1+cpu; ${NOT_MAC}\ntorch==2.5.1; ${MAC}\n`, ['torch-already-cpu']],
  ['direct URL', undefined, 'torch @ https://download.pytorch.org/whl/cu121/torch-2.5.1%2Bcu121-cp311-cp311-linux_x86_64.whl\n', ['torch-url']],
  ['CPU wheel URL', undefined, 'torch @ https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl\n', ['torch-already-cpu']],
  ['bad version option', { version: 'two' }, 'flask\n', ['torch-bad-version', 'torch-no-torch']],
];

function reqProject(text: string, options: Record<string, unknown> | undefined): string {
  return project({ 'app/Dockerfile': REQ_DOCKERFILE, 'app/requirements.txt': text }, options ? [options] : undefined);
}

describe('torch-cpu on requirements files', () => {
  it.each(CASES)('%s', async (_title, options, input, expected, must = []) => {
    const dir = reqProject(input, options);
    const { plan: p, out } = await plan(dir);
    expect(out).toEqual(expected === input ? {} : { 'app/requirements.txt': expected });
    for (const c of must) expect(codes(p.findings)).toContain(c);
    expect(p.changes.every((c) => c.expect.length > 0)).toBe(true);
    // Idempotent: the converted file plans no edits.
    write(dir, out);
    const again = await plan(dir);
    expect(again.plan.edits).toEqual([]);
  });

  it.each(UNCHANGED)('%s: no edits', async (_title, options, input, expected) => {
    const { plan: p, out } = await plan(reqProject(input, options));
    expect(out).toEqual({});
    expect(codes(p.findings)).toEqual(expected.sort());
  });

  it('says why it added torch, and changes carry expectations for the verifier', async () => {
    const { plan: p } = await plan(reqProject('sentence-transformers\n', { version: '2.5.1', platformMarker: true }));
    const add = p.changes.find((c) => c.what === 'add torch')!;
    expect(add.reason).toBe('sentence-transformers depends on torch; without an explicit torch line under the CPU index pip pulls the CUDA build from PyPI');
    expect(add.expect.map((e) => e.kind === 'requirement' && [e.specifier, e.marker])).toEqual([
      ['==2.5.1+cpu', NOT_MAC],
      ['==2.5.1', MAC],
    ]);
    const index = p.changes.find((c) => c.what === 'index')!;
    expect(index.expect).toEqual([{ kind: 'option', file: index.expect[0]!.file, option: '--extra-index-url', value: CPU, present: true }]);
  });

  it('never states sizes', async () => {
    const { plan: p } = await plan(reqProject('torch==2.5.1\n', undefined));
    const text = JSON.stringify([p.findings, p.changes]);
    expect(text).not.toMatch(/\d\s*(GB|MB|GiB|MiB)\b/);
  });
});

describe('torch-cpu with hashes', () => {
  const compiled =
    '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n#    pip-compile --generate-hashes --output-file=requirements.txt requirements.in\n#\n' +
    'torch==2.5.1 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\n';

  it('changes nothing and gives the pip-compile command from the header', async () => {
    const { plan: p, out } = await plan(reqProject(compiled, undefined));
    expect(out).toEqual({});
    const f = p.findings.find((x) => x.code === 'torch-hashes')!;
    expect(f.level).toBe('warn');
    expect(f.message).toContain(`pip-compile --extra-index-url ${CPU} --generate-hashes --output-file=requirements.txt requirements.in`);
    expect(codes(p.findings)).toEqual(['torch-hashes']);
  });

  it('guesses the command when there is no header, also for a transitive torch', async () => {
    const { plan: p, out } = await plan(reqProject('timm==1.0.9 \\\n    --hash=sha256:aaaa\n', undefined));
    expect(out).toEqual({});
    expect(p.findings.find((x) => x.code === 'torch-hashes')!.message).toContain(
      `pip-compile --generate-hashes --extra-index-url ${CPU} --output-file=app/requirements.txt app/requirements.in`,
    );
  });

  it('a hashed file compiled against the CPU index is already CPU', async () => {
    const { plan: p, out } = await plan(reqProject(`${X}\n\ntorch==2.5.1+cpu \\\n    --hash=sha256:cccc\n`, undefined));
    expect(out).toEqual({});
    expect(codes(p.findings)).toEqual(['torch-already-cpu', 'torch-macos']);
  });
});

describe('torchvision / torchaudio pairing', () => {
  it.each([
    ['torch==2.5.1\ntorchvision==0.19.0\n', ['torchvision-mismatch']],
    ['torch==2.5.1\ntorchvision==0.20.1\ntorchaudio==2.5.1\n', []],
    ['torch==2.4.0+cu121\ntorchaudio==2.3.1+cu121\n', ['torchaudio-mismatch']],
    ['torch>=2.4\ntorchvision==0.15.2\n', []],
    ['torch==2.0.1\ntorchvision==0.15.2\n', []],
    ['torch==1.13.1\ntorchvision==0.14.1\ntorchaudio==0.13.1\n', []],
  ])('%j', async (input, expected) => {
    const { plan: p } = await plan(reqProject(input, undefined));
    expect(codes(p.findings).filter((c) => c.endsWith('-mismatch'))).toEqual(expected);
  });

  it('names both versions and the pairing', async () => {
    const { plan: p } = await plan(reqProject('torch==2.5.1\ntorchvision==0.19.0\n', undefined));
    expect(p.findings.find((f) => f.code === 'torchvision-mismatch')).toMatchObject({
      level: 'warn',
      file: 'app/requirements.txt',
      line: 2,
      message: 'app: torchvision==0.19.0 does not go with torch==2.5.1 (app/requirements.txt:1): torch 2.5 pairs with torchvision 0.20.x; torchvision 0.19 is for torch 2.4 (PyTorch compatibility matrix)',
    });
  });
});
