import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoCommand, locateCli } from '../../src/demo/main.js';
import { describeValue } from '../../src/demo/printer.js';
import { colorEnabled, shorten, wrap } from '../../src/demo/terminal.js';
import { CLI } from '../support/server.js';
import { baseEnv, run } from './helpers.js';

// Only demoCommand's in-process run below sees this: the simulator it starts answers chat with a 500.
vi.mock('../../src/simulator/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/simulator/index.js')>();
  return {
    ...original,
    startSimulator: async (options: Parameters<typeof original.startSimulator>[0]) => {
      const simulator = await original.startSimulator({ ...options, reportDelayMs: 50 });
      simulator.inject({ kind: 'status', status: 500 }, { route: 'POST /v1/ai/generate/chat' });
      return simulator;
    },
  };
});

describe('krastie-mcp demo', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('walks through the scripted session against the simulator, exit 0, within the time bound', async () => {
    const result = await run(process.execPath, [CLI, 'demo'], { timeoutMs: 20_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(15_000);
    const out = result.stdout;
    // Honest about what it is.
    expect(out).toContain('built-in Krastie simulator');
    expect(out.replace(/\s+/g, ' ')).toMatch(/no account, no API key, no credits/);
    // 1. initialize and tools/list.
    expect(out).toMatch(/→ initialize\n\s+✓ krastie-mcp \d+\.\d+\.\d+/);
    expect(out).toMatch(/✓ \d+ tools/);
    // 2–6: each tool with its arguments, then what came back.
    expect(out).toMatch(/→ suggest_report_inputs\n\s+websiteUrl\s+"acme-analytics\.com"/);
    expect(out).toContain('Competitors: mixpanel.com');
    expect(out).toMatch(/→ run_visibility_report\n\s+websiteUrl\s+"https:\/\/acme-analytics\.com\/"/);
    expect(out).toMatch(/progress: Krastie is asking the AI models… 0 s elapsed/);
    expect(out).toMatch(/Visibility score \d+\/100/);
    expect(out).toMatch(/→ get_history/);
    expect(out).toMatch(/Score \d+ → \d+ \([+−±]\d+\)/);
    expect(out).toMatch(/→ improve_content\n\s+content\s+"Acme Analytics helps.*\n\s+kind\s+"visibility"/);
    expect(out).toMatch(/✓ improved with [\w.-]+/);
    expect(out).toMatch(/→ chat_with_workspace\n\s+message\s+"Which pages/);
    expect(out.replace(/\s+/g, ' ')).toMatch(/visibility score of \d+\/100/);
    expect(out).toMatch(/sessionId: sess_\w+/);
    expect(out).toMatch(/Done in \d+\.\d s: 6 steps/);
    // Piped output: no colour codes, and no line wider than the 80-column default.
    expect(out.includes('\u001b[')).toBe(false);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('stops at the failing tool, says which, and returns non-zero', async () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    const code = await demoCommand();
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(stdout.join('')).toContain('→ improve_content');
    expect(stderr.join('')).toMatch(
      /The demo failed at chat_with_workspace:[\s\S]*Krastie is having trouble/,
    );
  });

  it('finds the built CLI from the sources too', () => {
    expect(locateCli()).toBe(CLI);
  });
});

describe('terminal output helpers', () => {
  it('uses colour only on a TTY without NO_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, baseEnv())).toBe(true);
    expect(colorEnabled({ isTTY: true }, baseEnv({ NO_COLOR: '1' }))).toBe(false);
    expect(colorEnabled({ isTTY: true }, baseEnv({ TERM: 'dumb' }))).toBe(false);
    expect(colorEnabled({ isTTY: false }, baseEnv())).toBe(false);
    expect(colorEnabled({}, baseEnv())).toBe(false);
  });

  it('wraps long lines under their bullet and keeps short ones (tables) as they are', () => {
    const lines = wrap(`- ${'word '.repeat(30).trim()}\ndate   score\n2026-01-01   36`, 40, '  ');
    expect(lines[0]).toMatch(/^ {2}- word/);
    expect(lines[1]).toMatch(/^ {4}word/);
    expect(lines.every((line) => line.length <= 40)).toBe(true);
    expect(lines.slice(-2)).toEqual(['  date   score', '  2026-01-01   36']);
  });

  it('shortens long values and says what was left out', () => {
    expect(describeValue('short', 40)).toBe('"short"');
    expect(describeValue('x'.repeat(200), 40)).toMatch(/…" \(200 characters\)$/);
    expect(describeValue(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], 30)).toMatch(
      /^\["a", .*… 10 in all\]$/,
    );
    expect(describeValue(['a long first prompt that does not fit', 'b'], 30)).toMatch(
      /^\["a long.*… 2 in all\]$/,
    );
    const cut = shorten('one two three four five six seven', 5, 14);
    expect(cut.text).toBe('one two three');
    expect(cut.omitted).toBe(20);
  });
});
