import type { TransformCase } from '../helpers/transform-tester.js';

// compose-fields cases (input → exact output bytes), shared by the tester files and the `docker compose config` check.

const RECIPE = `policies:
  - transform: compose-fields
    when: { service: ["api-*"], image: "python:*", missing: restart }
    set: { restart: unless-stopped, logging.options.max-size: 10m }
    remove: [links]
`;
const recipe = (body: string): string => `policies:\n  - transform: compose-fields\n${body}`;

/** The recipe cases of issue 10: scalars set and keys removed. */
export const FIELD_CASES: TransformCase[] = [
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
    files: { 'compose.yaml': "services:\n  a:\n    image: x\n    restart: 'no'\n  b:\n    image: x\n    restart: unless-stopped\n" },
    config: recipe('    set: { restart: unless-stopped }\n'),
    output: { 'compose.yaml': "services:\n  a:\n    image: x\n    restart: 'unless-stopped'\n  b:\n    image: x\n    restart: unless-stopped\n" },
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
    name: 'a service whose first key is a tagged merge key (`!!merge <<: *base`): new keys go in at the tag\'s column',
    files: { 'compose.yaml': 'x-base: &base\n  image: python:3.12\n\nservices:\n  a:\n    !!merge <<: *base\n  b:\n    !!merge <<: *base\n    restart: "no"\n' },
    config: recipe('    set: { init: true, restart: always }\n'),
    output: { 'compose.yaml': 'x-base: &base\n  image: python:3.12\n\nservices:\n  a:\n    !!merge <<: *base\n    init: true\n    restart: always\n  b:\n    !!merge <<: *base\n    restart: "always"\n    init: true\n' },
  },
  {
    name: 'a service whose first key carries an anchor (`&img image: …`): new keys go in at the anchor\'s column',
    files: { 'compose.yaml': 'services:\n  a:\n    &img image: python:3.12\n  b:\n    image: *img\n' },
    config: recipe('    services: [a]\n    set: { init: true }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    &img image: python:3.12\n    init: true\n  b:\n    image: *img\n' },
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
  // Red-team cases (notes/redteam-fields.md): each a class that was wrong before its fix.
  {
    name: 'a dotted path under labels addresses one dotted label (`labels.com.example.x`), for set and remove; compose refuses a nested mapping there',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    labels:\n      com.example.x: y\n      com.example.old: "1"\n  b:\n    image: x\n' },
    config: recipe('    set: { labels.com.example.x: z }\n    remove: [labels.com.example.old]\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    labels:\n      com.example.x: z\n  b:\n    image: x\n    labels:\n      com.example.x: z\n' },
  },
  {
    name: 'removing the last key of a block mapping leaves `key: {}` (comment and CRLF kept), never `key:` (null, which compose refuses)',
    files: { 'compose.yaml': 'services:\r\n  a:\r\n    image: x\r\n    logging:   # keep\r\n      driver: local\r\n      options:\r\n        max-size: 1m  # small\r\n    init: true' },
    config: recipe('    remove: [logging.driver, logging.options.max-size]\n'),
    output: { 'compose.yaml': 'services:\r\n  a:\r\n    image: x\r\n    logging:   # keep\r\n      options: {}\r\n    init: true' },
  },
  {
    name: 'removing the only key of a service in an override file leaves `a: {}`; the base file\'s key goes too',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    init: true\n', 'compose.override.yaml': 'services:\n  a:\n    init: false\n' },
    config: recipe('    remove: [init]\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n', 'compose.override.yaml': 'services:\n  a: {}\n' },
  },
  {
    name: 'remove under a list-form mapping (environment as `- KEY=v`): reported, not silently skipped',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    environment:\n      - A=1\n      - B=2\n' },
    config: recipe('    remove: [environment.A]\n'),
    output: {},
    findings: [{ code: 'field-shape', level: 'warn', message: 'a: environment is a list, so environment.A cannot be removed from under it' }],
  },
  {
    name: 'removing a service\'s own key that overrides a merge key\'s or an extends base\'s value would reveal that value: reported, nothing removed',
    files: {
      'compose.yaml': 'x-b: &b\n  init: true\n  image: x\nservices:\n  a:\n    <<: *b\n    init: false\n  b:\n    <<: *b\n  c:\n    extends: { file: base.yaml, service: py }\n    read_only: false\n',
      'base.yaml': 'services:\n  py:\n    image: python\n    read_only: true\n',
    },
    config: recipe('    remove: [init, read_only]\n'),
    output: {},
    findings: [
      { code: 'field-shared', level: 'warn', message: 'a: init is also set by anchor &b, which the service\'s own value overrides; removing its own would reveal that one' },
      { code: 'field-shared', level: 'warn', message: 'c: read_only is also set by extends base py' },
    ],
  },
  {
    name: 'selector globs read like .gitignore: `["api-*", "!api-2"]` is every api but api-2 (was: every service, web too)',
    files: { 'compose.yaml': 'services:\n  api-1:\n    image: x\n  api-2:\n    image: x\n  web:\n    image: x\n' },
    config: recipe('    when: { service: ["api-*", "!api-2"] }\n    set: { init: true }\n'),
    output: { 'compose.yaml': 'services:\n  api-1:\n    image: x\n    init: true\n  api-2:\n    image: x\n  web:\n    image: x\n' },
  },
  {
    name: 'when.image: `python:*` matches the Docker Hub spelling `docker.io/library/python:3.12`, not another registry\'s python; registries and digests glob as written',
    files: { 'compose.yaml': 'services:\n  hub:\n    image: docker.io/library/python:3.12\n  short:\n    image: python:3.12-slim\n  other:\n    image: localhost:5000/python:3.12\n  pinned:\n    image: ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' },
    config: recipe('    when: { image: ["python:*", "ghcr.io/acme/*@sha256:*"] }\n    set: { init: true }\n'),
    output: { 'compose.yaml': 'services:\n  hub:\n    image: docker.io/library/python:3.12\n    init: true\n  short:\n    image: python:3.12-slim\n    init: true\n  other:\n    image: localhost:5000/python:3.12\n  pinned:\n    image: ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n    init: true\n' },
  },
  {
    name: 'a value written as a block scalar (`|+`, `>-  # why`) is replaced by a one-line value, its header comment and CRLF kept (was: exit 2 for the whole run)',
    files: { 'compose.yaml': 'services:\r\n  a:\r\n    image: x\r\n    labels:\r\n      note: |+\r\n        hi\r\n\r\n      desc: >-  # why\r\n        two\r\n        words\r\n    init: true' },
    config: recipe('    set: { labels.note: bye, labels.desc: one line }\n'),
    output: { 'compose.yaml': 'services:\r\n  a:\r\n    image: x\r\n    labels:\r\n      note: bye\r\n      desc: one line  # why\r\n    init: true' },
  },
  {
    name: 'a single-quoted file: a value with a line break goes double-quoted (single quotes fold it into a space; was: a file that does not parse), an apostrophe doubled',
    files: { 'compose.yaml': "services:\n  a:\n    image: 'x'\n    labels:\n      note: 'old'\n" },
    config: recipe('    set: { labels.note: "first line\\nsecond line", labels.owner: "it\'s ours", labels.motd: "hello\\nworld" }\n'),
    output: { 'compose.yaml': "services:\n  a:\n    image: 'x'\n    labels:\n      note: \"first line\\nsecond line\"\n      owner: 'it''s ours'\n      motd: \"hello\\nworld\"\n" },
  },
  {
    name: 'strings YAML would read as something else, or not at all, are quoted in a plain file (comment marks, `: `, alias/anchor/tag marks, a dash, empty, null, numbers, sexagesimal)',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    labels:\n      k0: old\n' },
    config: recipe('    set: { labels.k0: "a # b", labels.k1: "key: val", labels.k2: "*star", labels.k3: "- dash", labels.k4: "", labels.k5: "null", labels.k6: "~", labels.k7: "1e3", labels.k8: "0x1F", labels.k9: "12:30", labels.k10: "&amp", labels.k11: "@at" }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    labels:\n      k0: "a # b"\n      k1: "key: val"\n      k2: "*star"\n      k3: "- dash"\n      k4: ""\n      k5: "null"\n      k6: "~"\n      k7: "1e3"\n      k8: "0x1F"\n      k9: "12:30"\n      k10: "&amp"\n      k11: "@at"\n' },
  },
  {
    name: 'a service block shared through an alias (`a: &a`, `b: *a`): writing in it would change the other service; reported, not changed (was: a verify abort, and an internal error with both selected)',
    files: { 'compose.yaml': 'services:\n  a: &a\n    image: x\n  b: *a\n' },
    config: recipe('    set: { init: true }\n  - transform: compose-fields\n    services: [b]\n    remove: [image]\n'),
    output: {},
    findings: [
      { code: 'field-shared', level: 'warn', message: 'b: its block is an alias of another service\'s, so image cannot be removed from it alone' },
      { code: 'field-shared', level: 'warn', message: 'a: init would be written in its block (&a), which other services share; not changed' },
      { code: 'field-shared', level: 'warn', message: 'b: init would be written in an alias of another service\'s block' },
    ],
  },
  {
    name: 'a value that is itself an anchor another service aliases (`restart: &r "no"` / `*r`): reported, not changed (was: a verify abort for the whole run)',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    restart: &r "no"\n  b:\n    image: y\n    restart: *r\n' },
    config: recipe('    services: [a]\n    set: { restart: always }\n'),
    output: {},
    findings: [{ code: 'field-shared', level: 'warn', message: 'a: restart would be written in anchor &r, which other services share; not changed' }],
  },
  {
    name: 'a key an override file resets (`restart: !reset null`): reported, not written after the tag (compose drops it; was `!reset "no"`, a change compose never applies)',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    restart: always\n', 'compose.override.yaml': 'services:\n  a:\n    restart: !reset null\n' },
    config: recipe('    set: { restart: "no" }\n'),
    output: {},
    findings: [{ code: 'field-shape', level: 'warn', message: 'a: restart is tagged !reset in compose.override.yaml (docker compose drops it); not changed' }],
  },
  {
    name: 'when.missing reads `!reset` as compose does (the override takes the key away), and an empty `key:` as not set',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    restart: always\n  b:\n    image: x\n    restart:\n', 'compose.override.yaml': 'services:\n  a:\n    restart: !reset null\n' },
    config: recipe('    when: { missing: restart }\n    set: { restart: "no" }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    restart: always\n  b:\n    image: x\n    restart: "no"\n' },
    findings: [{ code: 'field-shape', level: 'warn', message: 'a: restart is tagged !reset in compose.override.yaml (docker compose drops it); not changed' }],
  },
  {
    name: 'a mapping in the service\'s own block that another service aliases (`logging: &log` / `*log`): neither a value in it nor a new key under it is written (was: a verify abort)',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    logging: &log\n      driver: local\n  b:\n    image: y\n    logging: *log\n' },
    config: recipe('    services: [a]\n    set: { logging.driver: json-file, logging.options.max-size: 1m }\n'),
    output: {},
    findings: [
      { code: 'field-shared', level: 'warn', message: 'a: logging.driver would be written in anchor &log, which other services share; not changed' },
      { code: 'field-shared', level: 'warn', message: 'a: logging.options.max-size would be written in anchor &log' },
    ],
  },
];

/** `set` with mapping and list values. */
export const VALUE_CASES: TransformCase[] = [
  {
    name: 'a mapping value on a service without it: the whole mapping inserted in block style',
    files: { 'compose.yaml': 'services:\n  api:\n    image: python:3.12\n    cap_add:\n      - NET_ADMIN\n' },
    config: recipe('    set: { logging: { driver: json-file, options: { max-size: 10m } } }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: python:3.12\n    cap_add:\n      - NET_ADMIN\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n' },
    changes: ['compose-field', 'compose-field'],
  },
  {
    name: 'a mapping merged key by key into an existing one: equal keys keep their bytes, a different one is replaced in place, new ones inserted; comments kept',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    logging:  # rotate\n      driver: "json-file"  # the default\n      options:\n        # keep a week\n        max-size: 50m\n        compress: "true"\n' },
    config: recipe('    set: { "logging.options": { max-size: 10m, max-file: "3", compress: true }, logging.driver: json-file }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    logging:  # rotate\n      driver: "json-file"  # the default\n      options:\n        # keep a week\n        max-size: 10m\n        compress: "true"\n        max-file: "3"\n' },
    changes: ['compose-field', 'compose-field'],
  },
  {
    name: 'a list in a file that indents its lists under the key',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    ports:\n      - "80:80"\n' },
    config: recipe('    set: { cap_drop: [ALL], security_opt: ["no-new-privileges:true", "label:type:svirt_apache_t"] }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    ports:\n      - "80:80"\n    cap_drop:\n      - ALL\n    security_opt:\n      - no-new-privileges:true\n      - label:type:svirt_apache_t\n' },
  },
  {
    name: 'a list in a file that writes its lists at the key\'s column',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    volumes:\n    - ./a:/a\n    ports:\n    - 80:80\n' },
    config: recipe('    set: { cap_drop: [ALL, NET_RAW] }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    volumes:\n    - ./a:/a\n    ports:\n    - 80:80\n    cap_drop:\n    - ALL\n    - NET_RAW\n' },
  },
  {
    name: 'a list in a file that writes its lists in flow style: one flow line',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    ports: ["80:80"]\n    dns: [1.1.1.1]\n' },
    config: recipe('    set: { cap_drop: [ALL] }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    ports: ["80:80"]\n    dns: [1.1.1.1]\n    cap_drop: [ALL]\n' },
  },
  {
    name: 'an existing block list that differs is replaced whole (decided: never merged), at its items\' column; comments among its items go, others stay',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    # drop what we can\n    cap_drop:\n        - NET_RAW  # raw sockets\n        # more later\n        - MKNOD  # nodes\n    # next\n    init: true\n' },
    config: recipe('    set: { cap_drop: [ALL] }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    # drop what we can\n    cap_drop:\n        - ALL\n    # next\n    init: true\n' },
  },
  {
    name: 'a block list whose last item is a mapping or a block scalar is replaced up to its own end; the next key stays',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    ports:\n      - target: 80\n        published: "8080"\n    init: true\n  b:\n    image: y\n    command:\n      - sh\n      - |\n        echo one\n        echo two\n    restart: always\n' },
    config: recipe('    services: [a]\n    set: { ports: [{ target: 9000 }] }\n  - transform: compose-fields\n    services: [b]\n    set: { command: [sh, -c, "echo 1"], restart: "no" }\n'),
    output: { 'compose.yaml': 'services:\n  a:\n    image: x\n    ports:\n      - target: 9000\n    init: true\n  b:\n    image: y\n    command:\n      - sh\n      - -c\n      - echo 1\n    restart: "no"\n' },
  },
  {
    name: 'an existing flow list that differs is replaced by a flow list; its line comment stays',
    files: { 'compose.yaml': "services:\n  api:\n    image: x\n    security_opt: ['seccomp:unconfined']  # for strace\n" },
    config: recipe('    set: { security_opt: ["no-new-privileges:true", "apparmor:docker-default"] }\n'),
    output: { 'compose.yaml': "services:\n  api:\n    image: x\n    security_opt: [no-new-privileges:true, apparmor:docker-default]  # for strace\n" },
  },
  {
    name: 'an equal list (block or flow, "3" and 3 alike) and an equal mapping are no change',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    cap_drop:\n      - ALL\n    dns: [1.1.1.1, 8.8.8.8]\n    logging:\n      driver: json-file\n      options: { max-file: 3 }\n' },
    config: recipe('    set: { cap_drop: [ALL], dns: ["1.1.1.1", "8.8.8.8"], logging: { driver: json-file, options: { max-file: "3" } } }\n'),
    output: {},
  },
  {
    name: 'a flow-style service gets flow text: mappings and lists inside its braces',
    files: { 'compose.yaml': 'services:\n  api: {image: x, logging: {driver: syslog}}\n  db: {image: postgres}\n' },
    config: recipe('    services: [api]\n    set: { cap_drop: [ALL], logging: { driver: json-file, options: { max-size: 10m } } }\n'),
    output: { 'compose.yaml': 'services:\n  api: {image: x, logging: {driver: json-file, options: {max-size: 10m}}, cap_drop: [ALL]}\n  db: {image: postgres}\n' },
  },
  {
    name: 'four-space indentation: a mapping and a list at the file\'s depth',
    files: { 'compose.yaml': 'services:\n    api:\n        image: x\n        ports:\n            - "80:80"\n        logging:\n            driver: json-file\n' },
    config: recipe('    set: { logging: { options: { max-size: 10m } }, cap_drop: [ALL] }\n'),
    output: { 'compose.yaml': 'services:\n    api:\n        image: x\n        ports:\n            - "80:80"\n        logging:\n            driver: json-file\n            options:\n                max-size: 10m\n        cap_drop:\n            - ALL\n' },
  },
  {
    name: 'CRLF without a final newline: new lines end in CRLF, the missing final newline stays missing',
    files: { 'compose.yaml': 'services:\r\n  api:\r\n    image: x\r\n    cap_drop:\r\n      - NET_RAW\r\n    ports:\r\n      - "80:80"' },
    config: recipe('    set: { cap_drop: [ALL, MKNOD], logging: { driver: json-file } }\n'),
    output: { 'compose.yaml': 'services:\r\n  api:\r\n    image: x\r\n    cap_drop:\r\n      - ALL\r\n      - MKNOD\r\n    ports:\r\n      - "80:80"\r\n    logging:\r\n      driver: json-file' },
  },
  {
    name: 'a double-quoted file: strings in new mappings and lists are double-quoted too',
    files: { 'compose.yaml': 'services:\n  api:\n    image: "python:3.12"\n    restart: "always"\n' },
    config: recipe('    set: { logging: { driver: json-file }, cap_drop: [ALL] }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: "python:3.12"\n    restart: "always"\n    logging:\n      driver: "json-file"\n    cap_drop:\n      - "ALL"\n' },
  },
  {
    name: 'a list of mappings (ports, long syntax) in block style',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    volumes:\n      - ./a:/a\n' },
    config: recipe('    set: { ports: [{ target: 80, published: "8080", protocol: tcp }] }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    volumes:\n      - ./a:/a\n    ports:\n      - target: 80\n        published: "8080"\n        protocol: tcp\n' },
  },
  {
    name: 'an empty key (`cap_drop:` and `restart:`) gets its value under it / after its colon; its comment stays',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    cap_drop:  # to do\n    restart:\n    init: true\n' },
    config: recipe('    set: { cap_drop: [ALL], restart: always }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    cap_drop:  # to do\n      - ALL\n    restart: always\n    init: true\n' },
  },
  {
    name: 'an empty list replaces a block list as `key: []`',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    dns:\n      - 10.0.0.2\n    init: true\n' },
    config: recipe('    set: { dns: [] }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    dns: []\n    init: true\n' },
  },
  {
    name: 'a list behind an anchor every selected service shares: replaced where the anchor defines it',
    files: { 'compose.yaml': 'x-hard: &hard\n  cap_drop:\n    - NET_RAW\n  read_only: true\n\nservices:\n  a:\n    <<: *hard\n    image: x\n  b:\n    <<: *hard\n    image: y\n' },
    config: recipe('    set: { cap_drop: [ALL] }\n'),
    output: { 'compose.yaml': 'x-hard: &hard\n  cap_drop:\n    - ALL\n  read_only: true\n\nservices:\n  a:\n    <<: *hard\n    image: x\n  b:\n    <<: *hard\n    image: y\n' },
  },
  {
    name: 'a list behind a merge key shared with a service the recipe does not select: overridden in the service',
    files: { 'compose.yaml': 'x-hard: &hard\n  cap_drop:\n    - NET_RAW\n\nservices:\n  a:\n    <<: *hard\n    image: x\n  b:\n    <<: *hard\n    image: y\n' },
    config: recipe('    services: [a]\n    set: { cap_drop: [ALL] }\n'),
    output: { 'compose.yaml': 'x-hard: &hard\n  cap_drop:\n    - NET_RAW\n\nservices:\n  a:\n    <<: *hard\n    image: x\n    cap_drop:\n      - ALL\n  b:\n    <<: *hard\n    image: y\n' },
  },
  {
    name: 'a list through an alias shared with an unselected service: the alias gives way to the list\'s own lines',
    files: { 'compose.yaml': 'x-caps: &caps\n  - NET_RAW\n\nservices:\n  a:\n    image: x\n    cap_drop: *caps\n  b:\n    image: y\n    cap_drop: *caps\n' },
    config: recipe('    services: [a]\n    set: { cap_drop: [ALL] }\n'),
    output: { 'compose.yaml': 'x-caps: &caps\n  - NET_RAW\n\nservices:\n  a:\n    image: x\n    cap_drop:\n      - ALL\n  b:\n    image: y\n    cap_drop: *caps\n' },
  },
  {
    name: 'an anchor all users want changed and a value under it one of them overrides: the override copies the changed value too',
    files: { 'compose.yaml': 'x-log: &log\n  driver: json-file\n  options:\n    max-size: 50m\nservices:\n  a:\n    image: x\n    logging: *log\n  b:\n    image: y\n    logging: *log\n' },
    config: recipe('    set: { logging.driver: local }\n  - transform: compose-fields\n    services: [a]\n    set: { logging: { options: { max-size: 10m } } }\n'),
    output: { 'compose.yaml': 'x-log: &log\n  driver: local\n  options:\n    max-size: 50m\nservices:\n  a:\n    image: x\n    logging:\n      driver: local\n      options:\n        max-size: 10m\n  b:\n    image: y\n    logging: *log\n' },
  },
  {
    name: 'the same through a merge key: the service\'s copy of the merged mapping carries both values',
    files: { 'compose.yaml': 'x-log: &log\n  logging:\n    driver: json-file\n    options:\n      max-size: 50m\nservices:\n  a:\n    <<: *log\n    image: x\n  b:\n    <<: *log\n    image: y\n' },
    config: recipe('    set: { logging.driver: local }\n  - transform: compose-fields\n    services: [a]\n    set: { logging.options.max-size: 10m }\n'),
    output: { 'compose.yaml': 'x-log: &log\n  logging:\n    driver: local\n    options:\n      max-size: 50m\nservices:\n  a:\n    <<: *log\n    image: x\n    logging:\n      driver: local\n      options:\n        max-size: 10m\n  b:\n    <<: *log\n    image: y\n' },
  },
  {
    name: 'a mapping value where the service has a list (environment in list form): reported, not changed',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    environment:\n      - LOG_LEVEL=debug\n' },
    config: recipe('    set: { environment: { LOG_LEVEL: info } }\n'),
    output: {},
    findings: [{ code: 'field-shape', level: 'warn', message: 'api: environment is a list, so environment.LOG_LEVEL cannot be set under it' }],
  },
  {
    name: 'a list where the service has a single value (command), and a single value where it has a list: reported, not changed',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    command: python app.py\n    dns:\n      - 10.0.0.2\n' },
    config: recipe('    set: { command: [python, -m, app], dns: 1.1.1.1 }\n'),
    output: {},
    findings: [
      { code: 'field-shape', level: 'warn', message: 'api: command is a single value; a list cannot replace it' },
      { code: 'field-shape', level: 'warn', message: 'api: dns is a list; a single value cannot replace it' },
    ],
  },
  {
    name: 'a list with an interpolated item is reported, not changed',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    dns:\n      - ${DNS:-10.0.0.2}\n' },
    config: recipe('    set: { dns: [1.1.1.1] }\n'),
    output: {},
    findings: [{ code: 'field-variable', level: 'info' }],
  },
  {
    name: 'a null value (use remove) and an empty mapping are config errors',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n' },
    config: recipe('    set: { restart: null, logging: {} }\n'),
    output: {},
    findings: [
      { code: 'field-value', level: 'error', message: 'set.restart is null; to take a key out, list it under remove' },
      { code: 'field-value', level: 'error', message: 'set.logging is an empty mapping: it sets nothing' },
    ],
  },
  {
    name: 'two recipes setting one list differently: the first wins, with a warning',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n' },
    config: recipe('    set: { cap_drop: [ALL] }\n  - transform: compose-fields\n    set: { cap_drop: [NET_RAW], logging.driver: json-file }\n'),
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    cap_drop:\n      - ALL\n    logging:\n      driver: json-file\n' },
    findings: [{ code: 'field-conflict', level: 'warn', message: 'cap_drop is set to ["ALL"] by policy composeshift.config.yaml:2 and cap_drop to ["NET_RAW"] by policy composeshift.config.yaml:4; the first wins' }],
  },
];
