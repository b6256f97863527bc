import type { Service } from '../../src/project/model.js';

/**
 * The arm64 platform a service declares it builds for: compose `platform:` or `build.platforms`, a
 * `FROM --platform=` of its runtime stage's chain, or a RUN that branches on the target architecture. Undefined
 * when none says arm64 (the build host decides).
 */
export function armPlatform(service: Service): string | undefined {
  const v = service.project.dockerfilesOnly ? undefined : service.project.services.get(service.name)?.value;
  const build = v && typeof v.build === 'object' && v.build !== null ? (v.build as Record<string, unknown>) : undefined;
  const declared = [v?.platform, ...(Array.isArray(build?.platforms) ? build.platforms : [])].filter((x): x is string => typeof x === 'string');
  const df = service.link?.dockerfile?.model;
  if (df && service.link?.stages) {
    for (let s: number | undefined = service.link.stages.target; s !== undefined; s = df.stages[s]?.baseStage) {
      const from = df.instructions.find((i) => i.keyword === 'FROM' && i.stage === s);
      const flag = from?.flags.find((f) => f.name === 'platform')?.value;
      if (flag) declared.push(flag);
      if (df.stages[s]?.baseStage === s) break;
    }
  }
  return declared.find((p) => /arm64|aarch64/i.test(p)) ?? archTest(service);
}

/** Where a build reads the architecture it builds for: BuildKit's TARGET* args, `uname -m`, `arch`, dpkg's. */
const SOURCE = String.raw`\$\{?TARGET(?:PLATFORM|ARCH|VARIANT)\}?|\$\(\s*uname\s+-m\s*\)|` + '`\\s*uname\\s+-m\\s*`' + String.raw`|\$\(\s*(?:arch|dpkg\s+--print-architecture)\s*\)`;
/** A platform or architecture name, as a test compares it. */
const VALUE = String.raw`(?:linux/)?(?:arm64|aarch64|armv?\d*\w*|amd64|x86_64|i?386|ppc64le|s390x|riscv64)`;
/**
 * A test of the architecture: `"$TARGETPLATFORM" = "linux/arm64"` (either side, `=`, `==`, `!=`) or `case "$(uname -m)" in`.
 * Reading it into a URL or an apt line (`deb [arch=$(dpkg --print-architecture)] …`) is no test.
 */
const ARCH_TEST = new RegExp(
  [
    String.raw`(${SOURCE})["'\s]*(?:!=|==|=)\s*["']?${VALUE}\b`,
    String.raw`\b${VALUE}["'\s]*(?:!=|==|=)\s*["']?(${SOURCE})`,
    String.raw`\bcase\s+["']?(${SOURCE})["']?\s+in\b`,
  ].join('|'),
  'i',
);

/**
 * A RUN of what reaches the runtime image that branches on the target architecture (`if [ "$TARGETPLATFORM" =
 * "linux/arm64" ]`, `case "$(uname -m)" in aarch64)`): the Dockerfile is written to be built for more than one
 * platform, arm64 among them as far as anyone can tell, whatever compose declares. Its line, or undefined.
 */
function archTest(service: Service): string | undefined {
  const df = service.link?.dockerfile?.model;
  for (const i of df ? (service.link?.stages?.commands ?? []) : []) {
    if (i.keyword !== 'RUN') continue;
    const m = ARCH_TEST.exec(df!.file.text.slice(i.range[0], i.range[1]));
    const source = m?.slice(1).find((g) => g !== undefined);
    if (source) return `more than one platform (a RUN branches on ${source.trim()}: ${df!.file.rel}:${i.line})`;
  }
  return undefined;
}
