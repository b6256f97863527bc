/** LSP position and range, as dockerfile-ast reports them (0-based line, UTF-16 character). */
export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/**
 * Converts the LSP positions dockerfile-ast reports into offsets of the text it parsed. LSP lines
 * break at `\r\n`, `\r` and `\n` alike, so a plain `\n` index would drift on CRLF or CR files.
 */
export class LspOffsets {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) this.starts.push(i + 1);
    }
  }

  /** Offset of an LSP position (clamped to the text). */
  offset(p: LspPosition): number {
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[p.line]!;
    const next = this.starts[p.line + 1] ?? this.text.length;
    return Math.min(start + p.character, next);
  }

  /** `[start, end)` offsets of an LSP range. */
  range(r: LspRange): [number, number] {
    return [this.offset(r.start), this.offset(r.end)];
  }
}
