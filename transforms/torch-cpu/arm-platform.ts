import type { Service } from '../../src/project/model.js';

/**
 * The arm64 platform a service declares it builds for: compose `platform:` or `build.platforms`, or a
 * `FROM --platform=` of its runtime stage's chain. Undefined when none says arm64 (the build host decides).
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
  return declared.find((p) => /arm64|aarch64/i.test(p));
}
