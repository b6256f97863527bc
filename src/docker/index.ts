export { DockerError, formatCommand } from './docker-error.js';
export { run, parseJsonLines, DEFAULT_TIMEOUT_MS, type RunOptions, type RunResult } from './run.js';
export { detectCompose, type ComposeCommand } from './detect-compose.js';
export { parseDockerSize, parseMemUsage } from './sizes.js';
export {
  inspectContainers,
  projectContainerIds,
  projectContainers,
  toContainerInfo,
  PROJECT_LABEL,
  SERVICE_LABEL,
  type ContainerInfo,
} from './containers.js';
export { sampleStats, parseStatsLine, type StatsSample } from './stats.js';
export { readCgroupPeak, readHostCgroupPeak, readExecCgroupPeak, cgroupPeakFile, type CgroupPeak } from './cgroup-peak.js';
export { inspectImages, type ImageInfo } from './images.js';
export { engineInfo, type EngineInfo } from './engine-info.js';
export { BuildSteps, buildStepLine, failingStep, type BuildStepLine } from './build-output.js';
export {
  composeBuild,
  composeUp,
  composeDown,
  stackDeploy,
  composeBase,
  BuildError,
  type ComposeActionOptions,
} from './compose-actions.js';
