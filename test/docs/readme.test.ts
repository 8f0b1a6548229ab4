import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, renderReadme } from '../../scripts/readme.js';
import { CONFIG_VARIABLES } from '../../src/config.js';

const readme = readFileSync(README, 'utf8');
/** What `krastie-mcp --help` prints, from the built CLI (the global setup builds it). */
const help = execFileSync(
  process.execPath,
  [new URL('../../dist/cli.js', import.meta.url).pathname, '--help'],
  {
    encoding: 'utf8',
  },
);

describe('README', () => {
  it('has the generated tables as the code has them (run `npm run docs` after changing tools or routes)', () => {
    expect(renderReadme(readme)).toBe(readme);
  });

  it('documents every environment variable the server reads, in the table and in --help', () => {
    for (const variable of CONFIG_VARIABLES) {
      expect(readme, variable).toMatch(new RegExp(`\\| \`${variable}\` \\|`));
      expect(help, variable).toContain(variable);
    }
  });

  it('documents every variable of the HTTP server, in the table and in --help', () => {
    const settings = readFileSync(new URL('../../src/http/settings.ts', import.meta.url), 'utf8');
    const names = [...new Set(settings.match(/KRASTIE_MCP_[A-Z_]+/g))];
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const variable of names) {
      expect(readme, variable).toMatch(new RegExp(`\\| \`${variable}\` \\|`));
      expect(help, variable).toContain(variable);
    }
  });

  it('gives exactly the two quick-start commands that CI and users run', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toMatch(/^npm test\b/m);
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toMatch(/npm ci\nnpm test\n/);
  });
});
