import fc from 'fast-check';

/** Generators of requirement lines whose parts are known, shared by the property and pip-oracle tests. */

export interface GenLine {
  text: string;
  name: string;
  extras?: string;
  spec: string;
  marker?: string;
  hashes: string[];
  comment?: string;
}

export const nameArb = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?$/);
export const releaseArb = fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,3}){0,3}$/);
export const suffixArb = fc.constantFrom('', 'rc1', '.post2', '.dev3', '+cu121', '+cpu', '.*');
export const clauseArb = fc.tuple(fc.constantFrom('==', '>=', '<=', '!=', '<', '>', '~='), fc.constantFrom('', ' '), releaseArb, suffixArb).map(([op, sp, release, suffix]) => {
  // PEP 440: `~=` needs two release parts; local labels and `.*` only with == and !=.
  const r = op === '~=' && !release.includes('.') ? `${release}.0` : release;
  const s = (suffix.startsWith('+') || suffix === '.*') && op !== '==' && op !== '!=' ? '' : suffix;
  return `${op}${sp}${r}${s}`;
});
export const specArb = fc.oneof(fc.constant(''), fc.array(clauseArb, { minLength: 1, maxLength: 3 }).map((c) => c.join(',')));
export const markerArb = fc.constantFrom('python_version < "3.11"', "sys_platform == 'linux'", 'platform_machine != "aarch64" and (os_name == "nt" or extra == "gpu")', "python_version not in '3.0, 3.1'");
export const hashArb = fc.stringMatching(/^[0-9a-f]{8}$/).map((h) => `sha256:${h}`);

export const reqLine: fc.Arbitrary<GenLine> = fc
  .record({
    name: nameArb,
    extras: fc.option(fc.constantFrom('[a]', '[a,b]', '[ x , y ]'), { nil: undefined }),
    spec: specArb,
    sp: fc.constantFrom('', ' '),
    marker: fc.option(markerArb, { nil: undefined }),
    semi: fc.constantFrom(';', ' ;', '; ', ' ; '),
    hashes: fc.array(hashArb, { maxLength: 3 }),
    split: fc.boolean(),
    comment: fc.option(fc.constantFrom('# c', '#', '# via -r x.in'), { nil: undefined }),
  })
  .map((g) => {
    let text = g.name + (g.extras ?? '') + (g.spec ? g.sp + g.spec : '');
    if (g.marker) text += g.semi + g.marker;
    for (const h of g.hashes) text += g.split ? ` \\\n    --hash=${h}` : ` --hash=${h}`;
    if (g.comment) text += `  ${g.comment}`;
    return { text, name: g.name, extras: g.extras, spec: g.spec, marker: g.marker, hashes: g.hashes, comment: g.comment };
  });

