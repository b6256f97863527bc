/** Commands whose package has another name (bin → package); others are looked up in node_modules or taken as the package name. */
export const KNOWN_BINS: ReadonlyMap<string, string> = new Map([
  ['tsc', 'typescript'],
  ['tsserver', 'typescript'],
  ['pm2-runtime', 'pm2'],
  ['pm2-docker', 'pm2'],
  ['nest', '@nestjs/cli'],
  ['ng', '@angular/cli'],
  ['vue-cli-service', '@vue/cli-service'],
  ['react-scripts', 'react-scripts'],
  ['ts-node-dev', 'ts-node-dev'],
  ['tsnd', 'ts-node-dev'],
  ['sequelize', 'sequelize-cli'],
  ['prisma', 'prisma'],
  ['knex', 'knex'],
  ['typeorm', 'typeorm'],
  ['remix-serve', '@remix-run/serve'],
  ['serve', 'serve'],
  ['http-server', 'http-server'],
  ['concurrently', 'concurrently'],
  ['cross-env', 'cross-env'],
  ['rimraf', 'rimraf'],
  ['node-pg-migrate', 'node-pg-migrate'],
  ['swc', '@swc/cli'],
  ['babel', '@babel/cli'],
  ['babel-node', '@babel/node'],
]);

/** Test and development packages: never needed by the running service. */
export const NODE_TEST_ONLY = new Set([
  'jest', 'mocha', 'vitest', 'ava', 'tap', 'jasmine', 'karma', 'chai', 'sinon', 'supertest', 'nock', 'nyc', 'c8',
  'ts-jest', 'babel-jest', 'eslint', 'prettier', 'nodemon', 'husky', 'lint-staged', 'cypress', 'playwright',
  '@playwright/test', 'msw', 'jsdom', 'happy-dom', 'typescript', 'ts-node', 'tsx', 'ts-node-dev',
]);

/** Name prefixes of test and lint families (`@testing-library/*`, `eslint-plugin-*`). */
export const NODE_TEST_ONLY_PREFIXES = ['@testing-library/', 'eslint-', '@typescript-eslint/', '@vitest/', '@jest/', 'jest-', 'prettier-plugin-', '@commitlint/'];

/** Packages loaded by name by a package the service uses (a database client named in an ORM's config, a peer). */
export const NODE_IMPLICIT: readonly { package: string; reason: string; usedWith?: string[]; text?: string[]; schemes?: string[] }[] = [
  { package: 'pg', reason: 'Knex/Sequelize/TypeORM load the PostgreSQL driver by name', usedWith: ['knex', 'sequelize', 'typeorm', '@mikro-orm/core', 'objection'], schemes: ['postgres', 'postgresql'], text: ["'pg'", '"pg"', "'postgres'", '"postgres"'] },
  { package: 'pg-hstore', reason: 'Sequelize serialises hstore with it for PostgreSQL', usedWith: ['sequelize'], schemes: ['postgres', 'postgresql'], text: ["'postgres'", '"postgres"'] },
  { package: 'mysql2', reason: 'Knex/Sequelize/TypeORM load the MySQL driver by name', usedWith: ['knex', 'sequelize', 'typeorm', '@mikro-orm/core'], schemes: ['mysql', 'mariadb'], text: ["'mysql2'", '"mysql2"', "'mysql'", '"mysql"', "'mariadb'"] },
  { package: 'sqlite3', reason: 'Knex/Sequelize/TypeORM load the SQLite driver by name', usedWith: ['knex', 'sequelize', 'typeorm'], schemes: ['sqlite'], text: ["'sqlite3'", '"sqlite3"', "'sqlite'", '"sqlite"'] },
  { package: 'better-sqlite3', reason: 'Knex/TypeORM/Drizzle better-sqlite3 client', usedWith: ['knex', 'typeorm'], text: ["'better-sqlite3'", '"better-sqlite3"'] },
  { package: 'tedious', reason: 'Knex/Sequelize/TypeORM load the SQL Server driver by name', usedWith: ['knex', 'sequelize', 'typeorm'], schemes: ['mssql'], text: ["'mssql'", '"mssql"'] },
  { package: 'react-dom', reason: 'Next.js renders with react-dom', usedWith: ['next'] },
  { package: 'react', reason: 'JSX compiles to react imports; Next.js needs it', usedWith: ['next', 'react-dom'] },
  { package: 'pino-pretty', reason: 'pino loads transports by name', usedWith: ['pino'], text: ['pino-pretty'] },
  // Companions a used library require()s lazily, inside its own code, for a feature or whenever installed: the lock
  // lists no edge to them (not even an optional peer), so only this table knows. Each reason names its source.
  { package: 'pg-query-stream', reason: "Knex's PostgreSQL dialect require()s pg-query-stream for .stream() (knexjs.org/guide/interfaces.html#streams; lib/dialects/postgres/index.js _stream)", usedWith: ['knex'] },
  { package: 'pg-native', reason: "pg loads pg-native for require('pg').native, Knex's pgnative client and Sequelize's native: true (node-postgres.com/features/native)", usedWith: ['pg', 'knex', 'sequelize'] },
  { package: 'sharp', reason: 'Next.js image optimisation loads sharp whenever it is installed (nextjs.org/docs/messages/sharp-missing-in-production)', usedWith: ['next'] },
  { package: 'bufferutil', reason: 'ws loads bufferutil whenever it is installed (ws README, opt-in performance; lib/buffer-util.js)', usedWith: ['ws', 'socket.io', 'engine.io', 'socket.io-client', 'engine.io-client'] },
  { package: 'utf-8-validate', reason: 'ws loads utf-8-validate whenever it is installed (ws README, opt-in performance; lib/validation.js)', usedWith: ['ws', 'socket.io', 'engine.io', 'socket.io-client', 'engine.io-client'] },
  { package: 'encoding', reason: "node-fetch 2 require()s encoding for res.textConverted() (node-fetch 2.x README, 'Optional dependencies')", usedWith: ['node-fetch'] },
];

/** Packages a compiler or bundler injects into the output without an import in the source (Babel polyfills, TS helpers). */
export const NODE_COMPILER_INJECTED: ReadonlyMap<string, string> = new Map([
  ['core-js', 'Babel preset-env / Nuxt / Vue CLI inject core-js polyfills'],
  ['regenerator-runtime', 'Babel injects regenerator-runtime for async/generator code'],
  ['@babel/runtime', 'Babel transform-runtime injects @babel/runtime helpers'],
  ['@babel/runtime-corejs2', 'Babel transform-runtime injects its helpers'],
  ['@babel/runtime-corejs3', 'Babel transform-runtime injects its helpers'],
  ['tslib', 'TypeScript importHelpers injects tslib'],
  ['@swc/helpers', 'SWC externalHelpers injects @swc/helpers'],
  ['vue-template-compiler', 'vue-loader / Nuxt 2 compile templates with it'],
  ['@vue/compiler-sfc', 'Vite / vue-loader compile .vue files with it'],
]);

/** Style preprocessors a bundler loads by file extension. */
export const NODE_STYLE_LOADERS: readonly { package: string; ext: RegExp; lang: string }[] = [
  { package: 'sass', ext: /\.s[ac]ss$/, lang: 'scss' },
  { package: 'sass-embedded', ext: /\.s[ac]ss$/, lang: 'scss' },
  { package: 'node-sass', ext: /\.s[ac]ss$/, lang: 'scss' },
  { package: 'less', ext: /\.less$/, lang: 'less' },
  { package: 'stylus', ext: /\.styl(?:us)?$/, lang: 'stylus' },
];
