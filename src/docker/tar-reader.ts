/** One regular file of a tar stream: its path (no leading `./` or `/`), size, and body when it was asked for. */
export interface TarFile {
  path: string;
  size: number;
  body?: Buffer;
}

const BLOCK = 512;

/**
 * A streaming tar reader (ustar, pax `x` headers, GNU `L` long names, base-256 sizes): feed it chunks with `push`;
 * it calls `onFile` for each regular file and keeps in memory only the bodies `want(path)` asks for, so an image
 * export of gigabytes passes through in constant memory. Global pax headers and links are skipped.
 */
export class TarReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of the current body still to come, then padding to skip. */
  private remaining = 0;
  private padding = 0;
  private current: { path: string; size: number; type: string; parts?: Buffer[] } | undefined;
  private longName: string | undefined;
  private paxPath: string | undefined;
  private paxSize: number | undefined;
  private ended = false;

  constructor(
    private readonly want: (path: string) => boolean,
    private readonly onFile: (f: TarFile) => void,
  ) {}

  /** Feed the next chunk of the stream. */
  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      if (this.ended) {
        this.buf = Buffer.alloc(0);
        return;
      }
      if (this.current !== undefined) {
        if (this.remaining > 0) {
          if (this.buf.length === 0) return;
          const take = Math.min(this.remaining, this.buf.length);
          this.current.parts?.push(this.buf.subarray(0, take));
          this.buf = this.buf.subarray(take);
          this.remaining -= take;
          if (this.remaining > 0) return;
        }
        if (this.buf.length < this.padding) {
          this.padding -= this.buf.length;
          this.buf = Buffer.alloc(0);
          return;
        }
        this.buf = this.buf.subarray(this.padding);
        this.padding = 0;
        this.finish(this.current);
        this.current = undefined;
        continue;
      }
      if (this.buf.length < BLOCK) return;
      const h = this.buf.subarray(0, BLOCK);
      this.buf = this.buf.subarray(BLOCK);
      if (h.every((b) => b === 0)) {
        this.ended = true; // the end-of-archive blocks
        continue;
      }
      this.start(h);
    }
  }

  private start(h: Buffer): void {
    const type = String.fromCharCode(h[156] || 0x30);
    let size = octalOrBase256(h.subarray(124, 136));
    let name = cstr(h.subarray(0, 100));
    const prefix = h.subarray(257, 262).toString('latin1') === 'ustar' ? cstr(h.subarray(345, 500)) : '';
    if (prefix !== '') name = `${prefix}/${name}`;
    const meta = type === 'x' || type === 'L' || type === 'g' || type === 'K';
    if (!meta) {
      if (this.longName !== undefined) name = this.longName;
      if (this.paxPath !== undefined) name = this.paxPath;
      if (this.paxSize !== undefined) size = this.paxSize;
      this.longName = this.paxPath = this.paxSize = undefined;
    }
    const path = name.replace(/^(\.\/|\/)+/, '');
    const regular = type === '0' || type === '7';
    const keep = meta ? type !== 'g' : regular && this.want(path);
    this.current = { path, size, type, ...(keep ? { parts: [] } : {}) };
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
  }

  private finish(c: { path: string; size: number; type: string; parts?: Buffer[] }): void {
    const body = c.parts ? Buffer.concat(c.parts) : undefined;
    if (c.type === 'L') this.longName = cstr(body ?? Buffer.alloc(0));
    else if (c.type === 'x') this.pax(body ?? Buffer.alloc(0));
    else if (c.type === '0' || c.type === '7') this.onFile({ path: c.path, size: c.size, ...(body ? { body } : {}) });
  }

  /** pax records: `<len> <key>=<value>\n`; `path` and `size` override the next header's. */
  private pax(body: Buffer): void {
    let i = 0;
    while (i < body.length) {
      const sp = body.indexOf(0x20, i);
      if (sp < 0) break;
      const len = Number(body.subarray(i, sp).toString('latin1'));
      if (!Number.isInteger(len) || len <= 0) break;
      const rec = body.subarray(sp + 1, i + len - 1).toString('utf8');
      const eq = rec.indexOf('=');
      const key = rec.slice(0, eq);
      const value = rec.slice(eq + 1);
      if (key === 'path') this.paxPath = value;
      if (key === 'size' && /^\d+$/.test(value)) this.paxSize = Number(value);
      i += len;
    }
  }

  /** True once the end-of-archive marker was read. */
  get done(): boolean {
    return this.ended;
  }
}

function cstr(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.subarray(0, nul < 0 ? b.length : nul).toString('utf8');
}

/** A numeric header field: octal ASCII, or big-endian base-256 when the high bit of the first byte is set. */
function octalOrBase256(b: Buffer): number {
  if ((b[0]! & 0x80) !== 0) {
    let n = b[0]! & 0x7f;
    for (let i = 1; i < b.length; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = cstr(b).trim();
  return s === '' ? 0 : parseInt(s, 8);
}
