/** PEP 508 environment markers: a checker for the grammar packaging accepts (nothing is evaluated). */

// packaging's tokenizer (src/packaging/_tokenizer.py), including the legacy dotted names it still accepts.
const VARIABLE =
  /^(python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)\b/;
const QUOTED = /^(?:'[^']*'|"[^"]*")/;
const OP = /^(?:===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)/;

/** Problem in a marker: offset relative to the marker text. */
export interface MarkerError {
  offset: number;
  message: string;
}

/** Check a marker expression; undefined when packaging would accept it. */
export function checkMarker(marker: string): MarkerError | undefined {
  let pos = 0;
  const ws = (): void => {
    while (pos < marker.length && /\s/.test(marker[pos]!)) pos++;
  };
  const fail = (message: string): never => {
    throw { offset: pos, message } satisfies MarkerError;
  };
  const keyword = (word: string): boolean => {
    ws();
    const m = new RegExp(`^${word}\\b`).exec(marker.slice(pos));
    if (m) pos += m[0].length;
    return Boolean(m);
  };
  const variable = (): void => {
    ws();
    const rest = marker.slice(pos);
    const m = VARIABLE.exec(rest) ?? QUOTED.exec(rest);
    if (!m) fail('expected a marker variable or a quoted string');
    pos += m![0].length;
  };
  const atom = (): void => {
    ws();
    if (marker[pos] === '(') {
      pos++;
      or();
      ws();
      if (marker[pos] !== ')') fail("expected ')'");
      pos++;
      return;
    }
    variable();
    ws();
    const m = OP.exec(marker.slice(pos));
    if (!m) fail('expected a marker operator');
    pos += m![0].length;
    variable();
  };
  const and = (): void => {
    atom();
    while (keyword('and')) atom();
  };
  const or = (): void => {
    and();
    while (keyword('or')) and();
  };
  try {
    or();
    ws();
    if (pos < marker.length) fail('unexpected text after marker');
    return undefined;
  } catch (err) {
    return err as MarkerError;
  }
}
