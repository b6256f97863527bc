import { LineIndex } from './position.js';

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
  }
}


/** A changed file did not read back the value an edit meant to write. */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
}

/** Usage errors (bad flags, bad config): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
