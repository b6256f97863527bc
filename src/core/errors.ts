import { LineIndex } from './position.js';

// A plugin imports 'composeshift' (dist/src) while the CLI runs its bundle: two copies of each class. Every
// error carries the names of its classes under a global symbol, so `instanceof` holds across both copies
// (an InputError thrown by a helper a plugin called is still bad input, exit 2, never an "internal error").
const KINDS = Symbol.for('composeshift.error-kinds');

function brand(err: Error, kind: string): void {
  const e = err as Error & { [KINDS]?: string[] };
  (e[KINDS] ??= []).push(kind);
}

function isKind(cls: object, declaring: object, kind: string, x: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(cls, x)) return true;
  // A subclass (PluginError) keeps the plain prototype check: the brand names only the declaring class.
  return cls === declaring && typeof x === 'object' && x !== null && ((x as { [KINDS]?: string[] })[KINDS] ?? []).includes(kind);
}

/**
 * Bad input: a file that cannot be read, parsed or understood. Carries the place (`file:line:col`)
 * and the offending line; the CLI prints it and exits 2 without writing anything.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly col?: number,
    readonly sourceLine?: string,
  ) {
    super(message);
    brand(this, 'InputError');
  }

  static override [Symbol.hasInstance](x: unknown): boolean {
    return isKind(this, InputError, 'InputError', x);
  }

  /** Build an error at an offset of a text. */
  static at(file: string, text: string, offset: number, message: string): InputError {
    const index = new LineIndex(text);
    const { line, col } = index.position(Math.max(0, Math.min(offset, text.length)));
    return new InputError(message, file, line, col, index.lineText(line));
  }

  /** `file:line:col: message` followed by the source line and a caret. */
  format(): string {
    const where = this.line === undefined ? this.file : `${this.file}:${this.line}:${this.col ?? 1}`;
    let out = `${where}: ${this.message}`;
    // The line and caret only for text: a control character means it is not one (never echo raw bytes).
    if (this.sourceLine !== undefined && !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(this.sourceLine)) {
      const caret = ' '.repeat(Math.max(0, (this.col ?? 1) - 1)) + '^';
      out += `\n  ${this.sourceLine}\n  ${caret}`;
    }
    return out;
  }
}

/** Two edits of one run touch the same text; `edits` are the two (the pipeline words the message). */
export class EditConflictError extends Error {
  override readonly name = 'EditConflictError';
  constructor(
    message: string,
    readonly edits: readonly { file: string; range: [number, number]; transform?: string }[] = [],
  ) {
    super(message);
    brand(this, 'EditConflictError');
  }

  static override [Symbol.hasInstance](x: unknown): boolean {
    return isKind(this, EditConflictError, 'EditConflictError', x);
  }
}


/** A changed file did not read back the value an edit meant to write. */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  constructor(message: string) {
    super(message);
    brand(this, 'VerifyError');
  }

  static override [Symbol.hasInstance](x: unknown): boolean {
    return isKind(this, VerifyError, 'VerifyError', x);
  }
}

/** Usage errors (bad flags, bad config): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message);
    brand(this, 'UsageError');
  }

  static override [Symbol.hasInstance](x: unknown): boolean {
    return isKind(this, UsageError, 'UsageError', x);
  }
}
