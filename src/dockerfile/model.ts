import type { SourceFile } from '../core/source.js';

/** `[start, end)` offsets into `SourceFile.text`. */
export type Span = [number, number];

/** A word of an instruction or shell command: its value with quotes removed and where it sits. */
export interface Word {
  /** Value after quote removal (variables not expanded). */
  text: string;
  /** Range of the whole token in the original text, quotes included. */
  range: Span;
  /** Set when the whole token is one quoted string. */
  quote?: '"' | "'";
}

/** A `--name=value` flag of an instruction (`--from`, `--mount`, `--chown`...). */
export interface Flag {
  name: string;
  value: string | null;
  range: Span;
  /** `key=value` options of a flag such as `--mount=type=bind,source=x`. */
  options: Record<string, string | null>;
}

/** One Dockerfile instruction, with the state it runs in. */
export interface Instruction {
  /** Upper-case keyword (`RUN`, `COPY`...). */
  keyword: string;
  range: Span;
  /** 1-based line of the keyword. */
  line: number;
  /** Range of the arguments after the flags (absent when there are none). */
  argsRange?: Span;
  flags: Flag[];
  /** Arguments as dockerfile-ast splits them (shell form), or the decoded JSON strings (exec form). */
  args: Word[];
  /** True for the JSON exec form `RUN ["pip", "install", ...]`. */
  exec: boolean;
  /** Heredoc bodies (`RUN <<EOF`), in order. */
  heredocs: { name: string; content: Span }[];
  /** Index of the stage this instruction belongs to (-1 before the first FROM). */
  stage: number;
  /** Absolute WORKDIR in effect when the instruction runs. */
  workdir: string;
  /** ARG/ENV values known as literals when the instruction runs. */
  vars: ReadonlyMap<string, string>;
}

/** A build stage: from one FROM to the next. */
export interface Stage {
  index: number;
  /** The `AS name`, lower-cased as Docker compares it. */
  name?: string;
  /** Base image as written (variables expanded when known). */
  base: string;
  /** Index of the stage this one is built on (`FROM builder`). */
  baseStage?: number;
  line: number;
  instructions: Instruction[];
  /** WORKDIR at the end of the stage (what `COPY --from` relative paths and later stages see). */
  workdir: string;
}

/** A problem found while reading a Dockerfile. */
export interface DockerfileProblem {
  code: string;
  message: string;
  offset: number;
  line: number;
}

/** A parsed Dockerfile: stages, instructions with offsets and build state. */
export interface DockerfileModel {
  file: SourceFile;
  /** Escape character from the `# escape=` directive (default backslash). */
  escape: string;
  /** Instructions before the first FROM (global ARGs). */
  preamble: Instruction[];
  stages: Stage[];
  /** Every instruction, in file order. */
  instructions: Instruction[];
  problems: DockerfileProblem[];
}
