// The floor of the start-up row: a node process that loads `yaml`, reads one compose file and parses it
// (document + toJS, as a plan does), and nothing else. Usage: node bench/yaml-floor.js FILE
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

parseDocument(readFileSync(process.argv[2], 'utf8'), { merge: true }).toJS({ maxAliasCount: -1 });
