/**
 * `krastie-mcp doctor`: checks what a working setup needs and prints a pass/fail table with the fix
 * for each failure, on stdout (a human command). Exit 0 when everything passes, 1 otherwise. The key
 * is never printed: only its first characters, and any echo of it is masked before output.
 */
import type { ConfigOverrides } from '../config.js';
import { colorEnabled, createStyle, outputWidth, type Style, wrap } from '../demo/terminal.js';
import { VERSION } from '../version.js';
import { type Check, runChecks, type Status } from './checks.js';

export async function doctorCommand(env: NodeJS.ProcessEnv, overrides: ConfigOverrides): Promise<number> {
  const style = createStyle(colorEnabled(process.stdout, env));
  const width = outputWidth(process.stdout);
  const checks = await runChecks(env, overrides);
  const key = (overrides.KRASTIE_API_KEY ?? env.KRASTIE_API_KEY ?? '').trim();
  const text = renderReport(checks, style, width);
  // Belt and braces: whatever a check echoed (a Krastie message, a config error), the key never leaves.
  process.stdout.write(key.length >= 12 ? text.split(key).join('[redacted]') : text);
  return checks.some((check) => check.status === 'fail') ? 1 : 0;
}

const LABEL: Record<Status, { text: string; paint: (style: Style, text: string) => string }> = {
  pass: { text: '✓ pass', paint: (s, t) => s.green(t) },
  fail: { text: '✗ FAIL', paint: (s, t) => s.bold(s.red(t)) },
  skip: { text: '○ skip', paint: (s, t) => s.dim(t) },
};

export function renderReport(checks: readonly Check[], style: Style, width: number): string {
  const nameWidth = Math.max(...checks.map((check) => check.name.length));
  const column = 2 + 6 + 2 + nameWidth + 2;
  const pad = ' '.repeat(column);
  const lines = [
    style.bold(`krastie-mcp doctor ${VERSION}`) + style.dim(` · ${process.platform}-${process.arch}`),
    '',
  ];
  for (const check of checks) {
    const label = LABEL[check.status];
    const [first = '', ...rest] = wrap(check.detail, width - column);
    const detail = check.status === 'skip' ? style.dim(first) : first;
    lines.push(`  ${label.paint(style, label.text)}  ${check.name.padEnd(nameWidth)}  ${detail}`);
    for (const line of rest) lines.push(`${pad}${check.status === 'skip' ? style.dim(line) : line}`);
    if (check.fix) {
      const [head = '', ...tail] = wrap(`Fix: ${check.fix}`, width - column);
      lines.push(`${pad}${style.yellow(head)}`);
      for (const line of tail) lines.push(`${pad}${style.yellow(line)}`);
    }
  }
  const failed = checks.filter((check) => check.status === 'fail').length;
  const verdict =
    failed === 0
      ? `All ${checks.length} checks passed: krastie-mcp is ready. Add it to your MCP client (see mcp.json.example).`
      : `${failed} of ${checks.length} checks failed. Apply the fixes above, then run krastie-mcp doctor again.`;
  const paint = failed === 0 ? style.green : style.red;
  lines.push('', ...wrap(verdict, width).map((line) => paint(line)));
  return `${lines.join('\n')}\n`;
}
