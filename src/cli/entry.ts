// The bundle's entry (scripts/bundle.js → dist/cli.js): what bin/composeshift.js needs, nothing else.
export { run } from './main.js';
export { processIO } from './io.js';
