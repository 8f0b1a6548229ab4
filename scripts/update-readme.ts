// `npm run docs`: regenerates the README sections that come from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { README, renderReadme } from './readme.js';

writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
