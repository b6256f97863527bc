import { IN_FIELD, STR_BYTES, STR_ESCAPE, STR_FORMAT, type TokenSink } from './tokenizer.js';
import type { PyImport, PyString, ScanError } from './types.js';

// Statement states.
const S_NONE = 0;
const S_IMPORT = 1; // after `import` or `,`: a module name
const S_IMPORT_AFTER = 2; // after a name segment: `.`, `as`, `,` or the end
const S_IMPORT_SEG = 3; // after `.`: a name segment
const S_IMPORT_ALIAS = 4; // after `as`: the alias
const S_IMPORT_AFTER_ALIAS = 5; // `,` or the end
const S_FROM = 6; // after `from` and its dots: dots, a name, or `import`
const S_FROM_AFTER = 7; // after a name segment: `.` or `import`
const S_FROM_SEG = 8; // after a `.` that follows a name
const S_FROM_NAMES = 9; // after `from m import`
const S_FROM_ALIAS = 10;
const S_IF = 11; // after `if`/`elif`
const S_IF_NAME = 12; // `if x`
const S_IF_DOT = 13; // `if x.`
const S_IF_TC = 14; // `if TYPE_CHECKING` / `if x.TYPE_CHECKING`
const S_TRY = 15;
const S_EXCEPT = 16; // `except ...`
const S_EXCEPT_AS = 17;
const S_DEF = 18; // `def ...` up to its `:`
const S_ASYNC = 19; // `async`: `def` may follow

// Dynamic-import states: `importlib . import_module ( "m" ,|)` and `__import__ ( "m" ,|)`.
const D_NONE = 0;
const D_IMPORTLIB = 1;
const D_DOT = 2;
const D_CALLEE = 3;
const D_PAREN = 4;
const D_STRING = 5;

const BLOCK_TRY = 0;
const BLOCK_TYPE = 1;
/** A function body: its imports run only when it is called. */
const BLOCK_DEF = 2;
/** The body of `if find_spec(...)`: its imports are checked for first. */
const BLOCK_GUARD = 3;
/** The body of another `if`/`elif` (not TYPE_CHECKING, find_spec or `__name__`): runs only when the condition holds. */
const BLOCK_COND = 4;

interface Block {
  indent: number;
  kind: number;
  /** Try blocks: true once its `except` clauses began. */
  handlers: boolean;
  /** Try blocks: imports of the body, marked inTry when a handler catches import errors. */
  pending: PyImport[];
}

/** A string worth keeping as a possible module reference: a dotted Python name. */
const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MAX_STRING = 200;

const VALID_DYNAMIC = /^\.*[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$|^\.+$/;

function word(t: string, s: number, e: number, w: string): boolean {
  return e - s === w.length && t.startsWith(w, s);
}

/** Turns tokens into imports: a state machine over statements plus a stack of try / TYPE_CHECKING blocks. */
export class ImportCollector implements TokenSink {
  readonly imports: PyImport[] = [];
  readonly errors: ScanError[] = [];
  /** Dotted-name string literals (only when constructed with `collectStrings`); `line` is filled in by the caller. */
  readonly strings: PyString[] = [];
  /** Inside an `if`/`elif` condition, and whether it calls `find_spec`. */
  private ifStmt = false;
  private ifGuard = false;
  private ifMain = false;
  private stmtStart = true;
  private lineFirst = false;
  private lineIndent = 0;
  private st = S_NONE;
  private readonly blocks: Block[] = [];
  private exceptBlock: Block | null = null;
  private exceptCatches = false;
  private exceptSawType = false;
  // Module name being read: name segments as [start, end] pairs, plus leading dots of `from`.
  private readonly segs: number[] = [];
  private dots = 0;
  private dotsStart = -1;
  private fromImport: PyImport | null = null;
  private fromStar = false;
  /** Offset of the statement's first keyword, for errors. */
  private stmtAt = 0;
  private dyn = D_NONE;
  private prevDot = false;
  private dynStart = 0;
  private dynEnd = 0;

  constructor(
    private readonly text: string,
    private readonly collectStrings = false,
  ) {}

  logicalLine(indent: number): void {
    const blocks = this.blocks;
    while (blocks.length !== 0 && blocks[blocks.length - 1]!.indent > indent) blocks.pop();
    this.lineIndent = indent;
    this.stmtStart = true;
    this.lineFirst = true;
  }

  name(s: number, e: number, ctx: number): void {
    const t = this.text;
    if (ctx !== IN_FIELD) {
      if (this.ifStmt && word(t, s, e, 'find_spec')) this.ifGuard = true;
      if (this.ifStmt && word(t, s, e, '__name__')) this.ifMain = true;
      if (this.lineFirst) this.firstToken(word(t, s, e, 'except'));
      if (this.stmtStart) {
        this.stmtStart = false;
        this.startStatement(s, e);
      } else this.statementName(s, e);
    }
    this.dynName(s, e);
  }

  op(code: number, s: number, ctx: number): void {
    if (ctx !== IN_FIELD) {
      if (this.lineFirst) this.firstToken(false);
      this.stmtStart = false;
      if (ctx === 0 && code === 59 /* ; */) this.endStatement();
      else if (ctx === 0 && code === 58 /* : */) this.colon();
      else this.statementOp(code, s);
    }
    const dyn = this.dyn;
    this.dyn = D_NONE;
    if (code === 46 /* . */) {
      if (dyn === D_IMPORTLIB) this.dyn = D_DOT;
    } else if (code === 40 /* ( */) {
      if (dyn === D_CALLEE) this.dyn = D_PAREN;
    } else if (code === 44 /* , */ || code === 41 /* ) */) {
      if (dyn === D_STRING) this.emitDynamic();
    }
    this.prevDot = code === 46;
  }

  string(s: number, cs: number, ce: number, _e: number, flags: number, ctx: number): void {
    if (ctx !== IN_FIELD) {
      if (this.lineFirst) this.firstToken(false);
      this.stmtStart = false;
      if (this.st !== S_NONE) this.statementOther(s);
    }
    const plain = (flags & (STR_BYTES | STR_FORMAT | STR_ESCAPE)) === 0;
    if (this.collectStrings && plain && ctx !== IN_FIELD && ce > cs && ce - cs <= MAX_STRING) {
      const c = this.text.charCodeAt(cs);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
        const value = this.text.slice(cs, ce);
        if (DOTTED_NAME.test(value)) this.strings.push({ value, offset: cs, line: 0 });
      }
    }
    const ok = this.dyn === D_PAREN && plain;
    this.dyn = ok ? D_STRING : D_NONE;
    this.dynStart = cs;
    this.dynEnd = ce;
    this.prevDot = false;
  }

  newline(): void {
    this.endStatement();
    this.stmtStart = true;
    this.dyn = D_NONE;
  }

  fieldEnd(): void {
    this.dyn = D_NONE;
    this.prevDot = false;
  }

  error(offset: number, message: string): void {
    this.errors.push({ offset, message });
  }

  /** First token of a logical line: close the block at the same indent, unless this is its `except` clause. */
  private firstToken(isExcept: boolean): void {
    this.lineFirst = false;
    const blocks = this.blocks;
    const top = blocks[blocks.length - 1];
    this.exceptBlock = null;
    if (top === undefined || top.indent !== this.lineIndent) return;
    if (isExcept && top.kind === BLOCK_TRY) {
      top.handlers = true;
      this.exceptBlock = top;
    } else blocks.pop();
  }

  private startStatement(s: number, e: number): void {
    const t = this.text;
    this.st = S_NONE;
    this.stmtAt = s;
    this.ifStmt = false;
    this.ifGuard = false;
    this.ifMain = false;
    switch (e - s) {
      case 6:
        if (t.startsWith('import', s)) this.st = S_IMPORT;
        else if (t.startsWith('except', s) && this.exceptBlock !== null) {
          this.st = S_EXCEPT;
          this.exceptCatches = false;
          this.exceptSawType = false;
        }
        break;
      case 4:
        if (t.startsWith('from', s)) {
          this.st = S_FROM;
          this.segs.length = 0;
          this.dots = 0;
          this.dotsStart = -1;
        } else if (t.startsWith('elif', s)) this.st = S_IF;
        break;
      case 2:
        if (t.startsWith('if', s)) this.st = S_IF;
        break;
      case 3:
        if (t.startsWith('try', s)) this.st = S_TRY;
        else if (t.startsWith('def', s)) this.st = S_DEF;
        break;
      case 5:
        if (t.startsWith('async', s)) this.st = S_ASYNC;
        break;
    }
    if (this.st === S_IMPORT) this.segs.length = 0;
    if (this.st === S_IF) this.ifStmt = true;
  }

  private statementName(s: number, e: number): void {
    const t = this.text;
    switch (this.st) {
      case S_NONE:
      case S_DEF:
        return;
      case S_ASYNC:
        this.st = word(t, s, e, 'def') ? S_DEF : S_NONE;
        return;
      case S_IMPORT:
      case S_IMPORT_SEG:
        this.segs.push(s, e);
        this.st = S_IMPORT_AFTER;
        return;
      case S_IMPORT_AFTER:
        if (word(t, s, e, 'as')) {
          this.emitImport();
          this.st = S_IMPORT_ALIAS;
        } else this.bad(s);
        return;
      case S_IMPORT_ALIAS:
        this.st = S_IMPORT_AFTER_ALIAS;
        return;
      case S_FROM:
      case S_FROM_SEG:
      case S_FROM_AFTER:
        if (word(t, s, e, 'import')) {
          if (this.st === S_FROM_SEG || (this.st === S_FROM && this.dots === 0)) return this.bad(s);
          this.emitFrom();
          this.st = S_FROM_NAMES;
        } else if (this.st === S_FROM_AFTER) this.bad(s);
        else {
          this.segs.push(s, e);
          this.st = S_FROM_AFTER;
        }
        return;
      case S_FROM_NAMES:
        if (word(t, s, e, 'as')) this.st = S_FROM_ALIAS;
        else this.fromImport?.names.push(t.slice(s, e));
        return;
      case S_FROM_ALIAS:
        this.st = S_FROM_NAMES;
        return;
      case S_IF:
        this.st = word(t, s, e, 'TYPE_CHECKING') ? S_IF_TC : S_IF_NAME;
        return;
      case S_IF_DOT:
        this.st = word(t, s, e, 'TYPE_CHECKING') ? S_IF_TC : S_NONE;
        return;
      case S_EXCEPT:
        if (word(t, s, e, 'as')) this.st = S_EXCEPT_AS;
        else {
          this.exceptSawType = true;
          if (
            word(t, s, e, 'ImportError') ||
            word(t, s, e, 'ModuleNotFoundError') ||
            word(t, s, e, 'Exception') ||
            word(t, s, e, 'BaseException')
          )
            this.exceptCatches = true;
        }
        return;
      case S_EXCEPT_AS:
        return;
      default:
        this.statementOther(s);
    }
  }

  private statementOp(code: number, s: number): void {
    switch (this.st) {
      case S_NONE:
      case S_DEF:
        return;
      case S_IMPORT_AFTER:
        if (code === 46) this.st = S_IMPORT_SEG;
        else if (code === 44) {
          this.emitImport();
          this.st = S_IMPORT;
        } else this.bad(s);
        return;
      case S_IMPORT_AFTER_ALIAS:
        if (code === 44) this.st = S_IMPORT;
        else this.bad(s);
        return;
      case S_FROM:
        if (code === 46 && this.segs.length === 0) {
          if (this.dots === 0) this.dotsStart = s;
          this.dots++;
        } else this.bad(s);
        return;
      case S_FROM_AFTER:
        if (code === 46) this.st = S_FROM_SEG;
        else this.bad(s);
        return;
      case S_FROM_NAMES:
        if (code === 42) this.fromStar = true;
        return; // `(`, `,`, `)`
      case S_IF_NAME:
        this.st = code === 46 ? S_IF_DOT : S_NONE;
        return;
      case S_EXCEPT:
        if (code !== 40 && code !== 41 && code !== 44 && code !== 46 && code !== 42) this.exceptSawType = true;
        return;
      case S_EXCEPT_AS:
        return;
      default:
        this.statementOther(s);
    }
  }

  /** A token that no statement being tracked accepts here. */
  private statementOther(s: number): void {
    if (this.st >= S_IMPORT && this.st <= S_FROM_ALIAS) return this.bad(s);
    if (this.st === S_DEF) return;
    if (this.st === S_EXCEPT) this.exceptSawType = true;
    else if (this.st !== S_EXCEPT_AS) this.st = S_NONE;
  }

  private colon(): void {
    const st = this.st;
    if (st === S_IF_TC) this.push(BLOCK_TYPE);
    else if (this.ifStmt && this.ifGuard) this.push(BLOCK_GUARD);
    else if (this.ifStmt && !this.ifMain) this.push(BLOCK_COND);
    else if (st === S_DEF) this.push(BLOCK_DEF);
    else if (st === S_TRY) this.push(BLOCK_TRY);
    else if ((st === S_EXCEPT || st === S_EXCEPT_AS) && this.exceptBlock !== null) {
      if (this.exceptCatches || !this.exceptSawType) for (const imp of this.exceptBlock.pending) imp.inTry = true;
    } else if (st >= S_IMPORT && st <= S_FROM_ALIAS) this.endStatement();
    this.exceptBlock = null;
    this.st = S_NONE;
    this.stmtStart = true;
    this.ifStmt = false;
    this.ifGuard = false;
    this.ifMain = false;
  }

  private push(kind: number): void {
    this.blocks.push({ indent: this.lineIndent, kind, handlers: false, pending: [] });
  }

  /** End of a simple statement (`;`, end of logical line): finish an `import a.b` being read. */
  private endStatement(): void {
    const st = this.st;
    if (st === S_IMPORT_AFTER) this.emitImport();
    else if (st === S_FROM_NAMES) {
      if (this.fromImport !== null && this.fromImport.names.length === 0 && !this.fromStar) {
        // `from m import` with nothing after it
        this.errors.push({ offset: this.stmtAt, message: 'incomplete import statement' });
      }
    } else if (st >= S_IMPORT && st <= S_FROM_ALIAS && st !== S_IMPORT_AFTER_ALIAS) {
      this.errors.push({ offset: this.stmtAt, message: 'incomplete import statement' });
    }
    this.fromImport = null;
    this.st = S_NONE;
    this.exceptBlock = null;
    this.stmtStart = true;
    this.ifStmt = false;
    this.ifGuard = false;
    this.ifMain = false;
  }

  private bad(s: number): void {
    this.errors.push({ offset: s, message: 'invalid import statement' });
    this.st = S_NONE;
    this.fromImport = null;
  }

  private dottedName(): string {
    const t = this.text;
    const segs = this.segs;
    const start = segs[0]!;
    const end = segs[segs.length - 1]!;
    // Fast path: written without spaces (`a.b`), so the source text is the name.
    let plain = true;
    for (let k = 2; k < segs.length; k += 2) if (segs[k] !== segs[k - 1]! + 1) plain = false;
    if (plain) return t.slice(start, end);
    const parts: string[] = [];
    for (let k = 0; k < segs.length; k += 2) parts.push(t.slice(segs[k]!, segs[k + 1]!));
    return parts.join('.');
  }

  private emitImport(): void {
    const module = this.dottedName();
    this.add(module, this.text.slice(this.segs[0]!, this.segs[1]!), this.segs[0]!, 'import', false);
    this.segs.length = 0;
  }

  private emitFrom(): void {
    const rel = this.dots > 0;
    const name = this.segs.length === 0 ? '' : this.dottedName();
    const module = rel ? '.'.repeat(this.dots) + name : name;
    const top = rel ? '' : this.text.slice(this.segs[0]!, this.segs[1]!);
    this.fromImport = this.add(module, top, rel ? this.dotsStart : this.segs[0]!, 'from', rel);
    this.fromStar = false;
  }

  private emitDynamic(): void {
    const module = this.text.slice(this.dynStart, this.dynEnd);
    if (!VALID_DYNAMIC.test(module)) return;
    const rel = module.charCodeAt(0) === 46;
    const dot = module.indexOf('.');
    this.add(module, rel ? '' : dot < 0 ? module : module.slice(0, dot), this.dynStart, 'dynamic', rel);
  }

  private add(module: string, top: string, offset: number, kind: PyImport['kind'], relative: boolean): PyImport {
    let typeOnly = false;
    let local = false;
    let guarded = false;
    let conditional = false;
    for (const b of this.blocks) {
      if (b.kind === BLOCK_TYPE) typeOnly = true;
      else if (b.kind === BLOCK_DEF) local = true;
      else if (b.kind === BLOCK_GUARD) guarded = true;
      else if (b.kind === BLOCK_COND) conditional = true;
    }
    const imp: PyImport = { module, top, offset, line: 0, kind, typeOnly, inTry: false, relative, names: [] };
    if (local) imp.local = true;
    if (guarded) imp.guarded = true;
    if (conditional) imp.conditional = true;
    this.imports.push(imp);
    for (const b of this.blocks) if (b.kind === BLOCK_TRY && !b.handlers) b.pending.push(imp);
    return imp;
  }

  private dynName(s: number, e: number): void {
    const t = this.text;
    const len = e - s;
    const prevDot = this.prevDot;
    this.prevDot = false;
    const dyn = this.dyn;
    this.dyn = D_NONE;
    if (len === 9 && !prevDot && t.startsWith('importlib', s)) this.dyn = D_IMPORTLIB;
    else if (len === 13 && t.startsWith('import_module', s) && (dyn === D_DOT || !prevDot)) this.dyn = D_CALLEE;
    else if (len === 10 && !prevDot && t.startsWith('__import__', s)) this.dyn = D_CALLEE;
  }
}
