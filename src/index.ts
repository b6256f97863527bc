// The library API of composeshift: `import { plan, apply, audit, report, defineTransform } from 'composeshift'`.
// Only re-exports: what is here is the public surface (semver applies to it), nothing else is.

export { apply, audit, plan, report } from './api/lazy.js';
export { BlockedError } from './api/options.js';
export type { ApplyResult, FilePlan, PlanOptions, PlanResult } from './api/options.js';
export type { AuditOptions } from './api/audit.js';
export type { AuditData, AuditFinding, AuditService } from './deps/audit.js';
export type { ReportData, ServiceRow, Tier } from './report/model.js';

// Writing transforms (plugins): the shape, and the helpers built-in transforms use.
export { defineTransform } from './transform/define.js';
export type { AnyTransform, DerivedRequestInput, FileKind, LockSyncRequest, OptionSpec, PolicyContext, Transform, TransformContext, TransformMeta } from './transform/types.js';
export { ownDef, readSetting, resourceStyle, setSetting } from './project/service-setting.js';
export type { ServiceSetting, SettingWrite } from './project/service-setting.js';
export { insertAt, removeRange, replaceRange } from './core/edit.js';
export type { Edit } from './core/edit.js';
export { formatMemory, parseMemory } from './compose/memory.js';
export type { Change, ChangeValue, ChangeValues, Expectation, Finding, Level } from './core/finding.js';
export type { EngineFact, Facts, PeakWithCache, UsageFact } from './facts/types.js';
export type { Project, Service } from './project/model.js';

// Errors a call can throw (exit 2 in the CLI): each carries where (file, line, column, module path).
export { EditConflictError, InputError, UsageError, VerifyError } from './core/errors.js';
export { PluginError } from './transform/load-plugin.js';

// The config's JSON Schema, built from the transforms' meta.options.
export { configSchema } from './config/schema.js';
export type { JsonSchema } from './config/schema.js';
