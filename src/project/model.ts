import type { SourceFile } from '../core/source.js';
import type { ComposeProject } from '../compose/model.js';
import type { ServiceLink } from '../dockerfile/link.js';

/** Everything a run has loaded: files, compose projects, and services linked to what they build. */
export interface Project {
  /** Absolute root of the run. */
  root: string;
  /** Every file read, by absolute path. */
  files: Map<string, SourceFile>;
  compose: ComposeProject[];
  services: Service[];
}

/** A compose service with what it builds from. */
export interface Service {
  /** `<compose project name>/<service name>`: unique across a --recursive run. */
  key: string;
  name: string;
  project: ComposeProject;
  /** Absolute paths, when the service has a `build:`. */
  build?: { context: string; dockerfile: string };
  image?: string;
  containerName?: string;
  /** Dockerfile → requirements → sources linking (absent for image-only services). */
  link?: ServiceLink;
}
