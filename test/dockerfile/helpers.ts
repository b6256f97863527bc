import { sourceFromText } from '../../src/core/source.js';
import { parseDockerfile } from '../../src/dockerfile/index.js';
import type { DockerfileModel, Span } from '../../src/dockerfile/index.js';

/** Parse Dockerfile text given as lines joined with `eol`. */
export function dockerfile(lines: string[], eol = '\n'): DockerfileModel {
  return parseDockerfile(sourceFromText('Dockerfile', lines.join(eol) + eol, '/ctx'));
}

/** The original text a range covers. */
export function slice(df: DockerfileModel, range: Span | undefined): string | undefined {
  return range ? df.file.text.slice(range[0], range[1]) : undefined;
}
