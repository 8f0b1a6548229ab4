/**
 * The README sections that are generated from the code: the tool table, the assumed-routes table and
 * the simulator's seeded keys. `npm run docs` rewrites them; test/docs/readme.test.ts fails when the
 * README and the code disagree.
 */
import { endpoints } from '../src/krastie/endpoints.js';
import { SEEDED_ACCOUNTS } from '../src/simulator/accounts.js';
import { tools } from '../src/tools/index.js';

export const README = new URL('../README.md', import.meta.url);

const COST: Record<string, string> = { 'ai-credit': '1 AI credit', 'report-refresh': '1 report run' };

/** First sentence of a description, for a one-line table cell. */
function summary(description: string): string {
  const first = description.split(/(?<=\.)\s+(?=[A-Z])/)[0] ?? description;
  return first.replace(/\|/g, '\\|');
}

export function toolsTable(): string {
  const rows = tools.map((tool) => {
    const cost = tool.endpoint.cost
      ? COST[tool.endpoint.cost]
      : tool.name === 'create_brand_voice'
        ? 'may use credits'
        : 'free';
    const kind = tool.annotations.destructiveHint
      ? 'changes data (destructive)'
      : tool.annotations.readOnlyHint
        ? 'read-only'
        : tool.endpoint.effect === 'spend'
          ? 'spends'
          : 'changes data';
    return `| \`${tool.name}\` | ${tool.toolset} | ${summary(tool.description)} | ${cost} | ${kind} |`;
  });
  return ['| Tool | Toolset | What it does | Cost | Kind |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function assumedRoutesTable(): string {
  const rows = Object.entries(endpoints)
    .filter(([, endpoint]) => endpoint.source === 'assumed')
    .map(([name, endpoint]) => `| \`${endpoint.method} ${endpoint.path}\` | \`${name}\` |`);
  return ['| Route | Client method |', '|---|---|', ...rows].join('\n');
}

export function seededKeysTable(): string {
  const rows = SEEDED_ACCOUNTS.map((account) => `| \`${account.key}\` | ${account.demonstrates} |`);
  return ['| Key | What it demonstrates |', '|---|---|', ...rows].join('\n');
}

export const SECTIONS: Record<string, () => string> = {
  tools: toolsTable,
  'assumed-routes': assumedRoutesTable,
  'seeded-keys': seededKeysTable,
};

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` for every section. */
export function renderReadme(readme: string): string {
  let result = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(result))
      throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> section`);
    result = result.replace(pattern, (_, start: string, end: string) => `${start}\n${render()}\n${end}`);
  }
  return result;
}
