import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

const RECIPE = `policies:
  - transform: compose-fields
    when: { service: ["api-*"], image: "python:*", missing: restart }
    set: { restart: unless-stopped, logging.options.max-size: 10m }
    remove: [links]
`;
const recipe = (body: string): string => `policies:\n  - transform: compose-fields\n${body}`;

const cases: TransformCase[] = [
  {
    name: 'the issue recipe, block style: set (nested paths created), remove, other services untouched',
    files: { 'compose.yaml': 'services:\n  api-a:\n    image: python:3.12\n    links:\n      - db\n    ports:\n      - "80:80"\n  api-b:\n    image: node:20\n  web:\n    image: python:3.12\n' },
    config: RECIPE,
    output: { 'compose.yaml': 'services:\n  api-a:\n    image: python:3.12\n    ports:\n      - "80:80"\n    restart: unless-stopped\n    logging:\n      options:\n        max-size: 10m\n  api-b:\n    image: node:20\n  web:\n    image: python:3.12\n' },
    changes: ['compose-field', 'compose-field', 'compose-field'],
  },
  {
    name: 'four-space indentation and an existing mapping: keys go in at its depth',
    files: { 'compose.yaml': 'services:\n    api:\n        image: python:3.12\n        logging:\n            driver: json-file\n' },
    config: recipe('    set: { restart: unless-stopped, logging.options.max-size: 10m }\n'),
    output: { 'compose.yaml': 'services:\n    api:\n        image: python:3.12\n        logging:\n            driver: json-file\n            options:\n                max-size: 10m\n        restart: unless-stopped\n' },
  },
  {
    name: 'flow style service: entries added inside the braces',
    files: { 'compose.yaml': 'services:\n  api: {image: "python:3.12", links: [db]}\n  db: {image: postgres}\n' },
    config: recipe('    services: [api]\n    set: { restart: unless-stopped, init: true }\n    remove: [links]\n'),
    output: { 'compose.yaml': 'services:\n  api: {image: "python:3.12", restart: unless-stopped, init: true}\n  db: {image: postgres}\n' },
  },
  {
    name: 'an existing value is replaced in place, its quoting kept; an equal value is left alone',
    files: { 'compose.yaml': "services:\n  a:\n    restart: 'no'\n  b:\n    restart: unless-stopped\n" },
    config: recipe('    set: { restart: unless-stopped }\n'),
    output: { 'compose.yaml': "services:\n  a:\n    restart: 'unless-stopped'\n  b:\n    restart: unless-stopped\n" },
  },
  {
    name: 'double-quoted file: new strings are double-quoted too',
    files: { 'compose.yaml': 'services:\n  a:\n    image: "python:3.12"\n    container_name: "a"\n' },
    config: recipe('    set: { restart: unless-stopped }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: "python:3.12"\n    container_name: "a"\n    restart: "unless-stopped"\n' },
  },
  {
    name: 'anchor shared by every selected service: edited where it is defined',
    files: { 'compose.yaml': 'x-base: &base\n  restart: "no"\n  image: python:3.12\n\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n' },
    config: recipe('    set: { restart: always }\n'),
    output: { 'compose.yaml': 'x-base: &base\n  restart: "always"\n  image: python:3.12\n\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n' },
  },
  {
    name: 'anchor shared with a service the recipe does not select: overridden locally',
    files: { 'compose.yaml': 'x-base: &base\n  restart: "no"\n  image: python:3.12\n\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n' },
    config: recipe('    services: [a]\n    set: { restart: always }\n'),
    output: { 'compose.yaml': 'x-base: &base\n  restart: "no"\n  image: python:3.12\n\nservices:\n  a:\n    <<: *base\n    restart: always\n  b:\n    <<: *base\n' },
  },
  {
    name: 'a nested mapping from a merge key is copied into the service with the value changed',
    files: { 'compose.yaml': 'x-log: &log\n  logging:\n    driver: json-file\n    options:\n      max-size: 50m\n\nservices:\n  a:\n    <<: *log\n    image: x\n  b:\n    <<: *log\n    image: y\n' },
    config: recipe('    services: [a]\n    set: { logging.options.max-size: 10m }\n'),
    output: { 'compose.yaml': 'x-log: &log\n  logging:\n    driver: json-file\n    options:\n      max-size: 50m\n\nservices:\n  a:\n    <<: *log\n    image: x\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n  b:\n    <<: *log\n    image: y\n' },
  },
  {
    name: 'extends: a base used by the selected service only is edited in the base',
    files: {
      'compose.yaml': 'services:\n  api:\n    extends:\n      file: base.yaml\n      service: py\n',
      'base.yaml': 'services:\n  py:\n    image: python:3.12\n    restart: "no"\n',
    },
    config: recipe('    services: [api]\n    set: { restart: always }\n'),
    output: { 'base.yaml': 'services:\n  py:\n    image: python:3.12\n    restart: "always"\n' },
  },
  {
    name: 'include: the value is edited in the included file that defines it',
    files: { 'compose.yaml': 'include:\n  - svc.yaml\n', 'svc.yaml': 'services:\n  a:\n    image: x\n    restart: "no"\n' },
    config: recipe('    set: { restart: always }\n'),
    output: { 'svc.yaml': 'services:\n  a:\n    image: x\n    restart: "always"\n' },
  },
  {
    name: 'CRLF without a final newline stays so',
    files: { 'compose.yaml': 'services:\r\n  a:\r\n    image: x\r\n    links:\r\n      - db\r\n  db:\r\n    image: y' },
    config: recipe('    services: [a]\n    set: { restart: always }\n    remove: [links]\n'),
    output: { 'compose.yaml': 'services:\r\n  a:\r\n    image: x\r\n    restart: always\r\n  db:\r\n    image: y' },
  },
  {
    name: 'remove a key with comments: its own comments and a comment above naming it go, others stay',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    # links: legacy, see #12\n    links:  # old\n      - db  # the database\n    # ports below\n    ports: ["80:80"]\n' },
    config: recipe('    remove: [links]\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    # ports below\n    ports: ["80:80"]\n' },
  },
  {
    name: 'when.missing: a service that already sets the key is left alone',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    restart: always\n  b:\n    image: x\n' },
    config: recipe('    when: { missing: restart }\n    set: { restart: unless-stopped }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    restart: always\n  b:\n    image: x\n    restart: unless-stopped\n' },
  },
  {
    name: 'a key from a shared anchor is reported, never removed',
    files: { 'compose.yaml': 'x-b: &b\n  links: [db]\nservices:\n  a:\n    <<: *b\n    image: x\n' },
    config: recipe('    remove: [links]\n'),
    output: {},
    findings: [{ code: 'field-shared', level: 'warn' }],
  },
  {
    name: 'an interpolated value is reported, not changed',
    files: { 'compose.yaml': 'services:\n  a:\n    restart: ${RESTART:-no}\n' },
    config: recipe('    set: { restart: always }\n'),
    output: {},
    findings: [{ code: 'field-variable', level: 'info' }],
  },
  {
    name: 'two recipes setting one path differently: the first wins, with a warning',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n' },
    config: recipe('    set: { restart: always }\n  - transform: compose-fields\n    set: { restart: "no", init: true }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    restart: always\n    init: true\n' },
    findings: [{ code: 'field-conflict', level: 'warn' }],
  },
];

describe('compose-fields (transform tester)', () => transformCases(cases));
