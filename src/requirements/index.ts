export type { LineKind, LogicalLine, OptionEntry, ParseError, Requirement, RequirementForm, RequirementsFile, Span } from './model.js';
export { parseErrorsAsInputErrors, parseRequirements, printRequirements } from './parse.js';
export { findRequirement, normalizeName } from './names.js';
export { canonicalOptionName } from './options.js';
export { hasLocalLabel, isValidSpecifier, localLabel, pinnedVersion, publicVersion } from './version.js';
export {
  insertLineAfter,
  insertLineBefore,
  insertOptionLine,
  quoteOptionValue,
  removeLine,
  removeMarker,
  replaceOptionValue,
  replaceSpecifier,
  setMarker,
  type LinePlace,
} from './edit.js';
export { parsedRequirements, requirementsParses } from './parsed.js';
export { collectRequirementFiles, type CollectedRequirementFile, type CollectedRequirements } from './includes.js';
