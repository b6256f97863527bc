import type { Change, Finding, Level } from '../core/finding.js';

/** The parts of a SARIF 2.1.0 log composeshift writes (https://docs.oasis-open.org/sarif/sarif/v2.1.0/). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
  originalUriBaseIds: Record<string, { uri: string }>;
  results: SarifResult[];
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: SarifLevel };
}

type SarifLevel = 'none' | 'note' | 'warning' | 'error';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}

/** One thing to report: a finding, a pending change, or an audit class, already in SARIF's terms. */
export interface SarifItem {
  ruleId: string;
  /** What the rule is about, shown once per rule. */
  ruleText: string;
  level: SarifLevel;
  message: string;
  /** Path relative to the root, `/`-separated. */
  file?: string;
  line?: number;
  properties?: Record<string, unknown>;
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const ROOT_ID = 'SRCROOT';

/** A finding's level in SARIF's words. */
export function sarifLevel(level: Level): SarifLevel {
  return level === 'error' ? 'error' : level === 'warn' ? 'warning' : 'note';
}

/** Findings and pending changes of a plan as SARIF items: a change is a warning under `<transform>/change`. */
export function planItems(changes: readonly Change[], findings: readonly Finding[]): SarifItem[] {
  const out: SarifItem[] = [];
  for (const c of changes) {
    out.push({
      ruleId: `${c.transform}/change`,
      ruleText: `${c.transform}: a change composeshift would make (run \`composeshift apply\`)`,
      level: 'warning',
      message: `${c.service ? `${c.service}: ` : ''}${c.what}: ${c.before || 'none'} → ${c.after || 'none'} (${c.reason})`,
      file: c.file,
      line: c.line,
      properties: { transform: c.transform, before: c.before, after: c.after, ...(c.service ? { service: c.service } : {}) },
    });
  }
  for (const f of findings) {
    out.push({
      ruleId: `${f.transform}/${f.code}`,
      ruleText: `${f.transform}: ${f.code}`,
      level: sarifLevel(f.level),
      message: `${f.service ? `${f.service}: ` : ''}${f.message}${f.evidence ? ` (${f.evidence})` : ''}`,
      ...(f.file !== undefined ? { file: f.file } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
      properties: { transform: f.transform, ...(f.service ? { service: f.service } : {}) },
    });
  }
  return out;
}

/** A SARIF 2.1.0 log of items, paths relative to `rootUri` (a `file://` URI ending in `/`). */
export function sarifLog(items: readonly SarifItem[], tool: { version: string }, rootUri: string): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const it of items) {
    let idx = ruleIndex.get(it.ruleId);
    if (idx === undefined) {
      idx = rules.length;
      ruleIndex.set(it.ruleId, idx);
      rules.push({ id: it.ruleId, shortDescription: { text: it.ruleText }, defaultConfiguration: { level: it.level } });
    }
    const result: SarifResult = {
      ruleId: it.ruleId,
      ruleIndex: idx,
      level: it.level,
      message: { text: it.message },
      // Stable across runs, so code scanning tracks one alert per rule, file and message rather than per line.
      partialFingerprints: { 'composeshift/v1': fingerprint(`${it.ruleId}\0${it.file ?? ''}\0${it.message}`) },
    };
    if (it.file !== undefined) {
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: encodePath(it.file), uriBaseId: ROOT_ID },
            ...(it.line !== undefined && it.line >= 1 ? { region: { startLine: it.line } } : {}),
          },
        },
      ];
    }
    if (it.properties) result.properties = it.properties;
    results.push(result);
  }
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'composeshift', version: tool.version, informationUri: 'https://github.com/composeshift/composeshift', rules } },
        originalUriBaseIds: { [ROOT_ID]: { uri: rootUri } },
        results,
      },
    ],
  };
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function encodePath(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** FNV-1a, 64-bit, as hex: a short stable hash (not a security property). */
function fingerprint(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}
