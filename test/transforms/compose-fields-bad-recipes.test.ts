import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

// Recipes that would write text that does not parse, or means something else (red team, notes/redteam-fields.md):
// each is refused before anything is planned — a `set`/`when.missing` path at its file:line:col, a `remove` path
// or a bad value as an error finding (exit 2, nothing written) — and contradictory policies give a warning.

const COMPOSE = 'services:\n  a:\n    image: x\n';
const recipe = (body: string): string => `policies:\n  - transform: compose-fields\n${body}`;

async function configError(body: string): Promise<InputError> {
  const dir = tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': recipe(body) });
  const err = await planFiles(dir).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('compose-fields: a bad path in set or when.missing is a config error at its line and column', () => {
  it.each([
    ['    set: { a..b: x }\n', 3, 12, 'set.a..b: a dotted path with an empty key (write keys separated by single dots, e.g. logging.options.max-size)'],
    ['    set: { .restart: x }\n', 3, 12, 'set..restart: a dotted path with an empty key (write keys separated by single dots, e.g. logging.options.max-size)'],
    ['    set:\n      "": x\n', 4, 7, 'set.: a dotted path with an empty key (write keys separated by single dots, e.g. logging.options.max-size)'],
    ['    set: { "<<": x }\n', 3, 12, 'set.<<: `<<` is YAML\'s merge key, not a compose key'],
    ['    set: { "labels.a: b": x }\n', 3, 12, 'set.labels.a: b: the key "a: b" would need quoting in YAML; keys like it are not supported in a recipe'],
    ['    when: { missing: [restart, "logging..driver"] }\n    set: { restart: always }\n', 3, 13, 'when.missing: "logging..driver": a dotted path with an empty key (write keys separated by single dots, e.g. logging.options.max-size)'],
  ])('%j', async (body, line, col, message) => {
    const err = await configError(body);
    expect([err.file, err.line, err.col, err.message]).toStrictEqual(['composeshift.config.yaml', line, col, message]);
  });
});

const CASES: TransformCase[] = [
  {
    name: 'a bad remove path, a key inside a mapping value that YAML must quote, NaN and Infinity: error findings, nothing written',
    files: { 'compose.yaml': COMPOSE },
    config: recipe('    set: { cpus: .nan, mem_swappiness: .inf, labels: { "#x": y } }\n    remove: ["links."]\n'),
    output: {},
    findings: [
      { code: 'field-value', level: 'error', message: 'set.cpus is NaN, not a number compose reads' },
      { code: 'field-value', level: 'error', message: 'set.mem_swappiness is Infinity' },
      { code: 'field-value', level: 'error', message: 'set.labels: the key "#x" would need quoting in YAML' },
      { code: 'field-value', level: 'error', message: 'remove "links.": a dotted path with an empty key' },
    ],
  },
  {
    name: 'a policy removes a key and a later one sets a path under it: the first wins with a warning (was: text that does not parse, exit 2)',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    logging:\n      driver: local\n' },
    config: recipe('    remove: [logging]\n  - transform: compose-fields\n    set: { logging.options.max-size: 1m, init: true }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    init: true\n' },
    findings: [{ code: 'field-conflict', level: 'warn', message: 'a: logging is removed by policy composeshift.config.yaml:2 and logging.options.max-size set to 1m by policy composeshift.config.yaml:4; the first wins, nothing is set' }],
  },
  {
    name: 'one policy sets and removes the same path: the set wins, with a warning (was silent)',
    files: { 'compose.yaml': COMPOSE },
    config: recipe('    set: { restart: always }\n    remove: [restart]\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    restart: always\n' },
    findings: [{ code: 'field-conflict', level: 'warn', message: 'a: restart is to be removed (policy composeshift.config.yaml:2) and restart set (policy composeshift.config.yaml:2); the set wins, nothing is removed' }],
  },
  {
    name: 'a key compose does not take in a service or in a mapping it checks (a typo, at any depth): warned with the closest key, not set; x- keys, free-text mappings and the others are set',
    files: { 'compose.yaml': COMPOSE },
    config: recipe('    set: { restrat: always, x-team: core, init: true, logging.optoins.max-size: 1m, deploy: { resources: { limits: { memroy: 1G, cpus: "0.5" } } }, logging.options.x-any: y }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    x-team: core\n    init: true\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n    logging:\n      options:\n        x-any: "y"\n' },
    findings: [
      { code: 'field-unknown', level: 'warn', message: 'compose-fields (policy composeshift.config.yaml:2): set.restrat: "restrat" is not a key compose takes in a service (did you mean restart?); restrat not set' },
      { code: 'field-unknown', level: 'warn', message: 'set.logging.optoins.max-size: "optoins" is not a key compose takes under logging (did you mean options?); logging.optoins.max-size not set' },
      { code: 'field-unknown', level: 'warn', message: 'set.deploy: "memroy" is not a key compose takes under deploy.resources.limits (did you mean memory?); deploy.resources.limits.memroy not set' },
    ],
  },
];

describe('compose-fields: bad values and contradictory policies (transform tester)', () => transformCases(CASES));
