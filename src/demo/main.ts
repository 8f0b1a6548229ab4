/**
 * `krastie-mcp demo`: a scripted session that shows what the server does, with nothing to set up. It
 * starts the Krastie simulator in this process, spawns the real built server over stdio (exactly as
 * Claude Desktop does) and drives it with the MCP SDK client, printing each request and its answer.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type Simulator, startSimulator } from '../simulator/index.js';
import { VERSION } from '../version.js';
import { Printer } from './printer.js';
import { shorten } from './terminal.js';

/** Long enough for two of the server's progress notifications (one at once, then every 5 s). */
const REPORT_DELAY_MS = 5_500;
const STEPS = 6;
const SAMPLE_TEXT =
  'Acme Analytics helps teams understand their data. We have dashboards and reports that show what ' +
  'users do in your product. Try it today.';
const QUESTION = 'Which pages should I update first to be cited more often by AI models?';

/** A tool answered with isError, or a request failed: the demo stops and says which step. */
class StepFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

export async function demoCommand(): Promise<number> {
  const started = Date.now();
  const print = new Printer(process.stdout, process.env);
  const cli = locateCli();
  if (!cli) {
    process.stderr.write(
      'krastie-mcp demo: cannot find the built server (dist/cli.js). Run "npm run build" first.\n',
    );
    return 1;
  }
  let simulator: Simulator | undefined;
  let client: Client | undefined;
  const serverStderr: string[] = [];
  // Ctrl+C: stop the script, then close the server and the simulator as on any other exit.
  let onInterrupt: () => void = () => {};
  const interrupted = new Promise<number>((resolve) => {
    onInterrupt = () => resolve(130);
    process.once('SIGINT', onInterrupt);
  });
  const run = async (): Promise<number> => {
    simulator = await startSimulator({ reportDelayMs: REPORT_DELAY_MS });
    intro(print, simulator.url, cli);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli],
      env: {
        KRASTIE_API_KEY: simulator.keys.business,
        KRASTIE_BASE_URL: simulator.url,
        KRASTIE_LOG_LEVEL: 'warning',
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk) => serverStderr.push(String(chunk)));
    client = new Client({ name: 'krastie-mcp-demo', version: VERSION });
    await script(print, client, transport);
    outro(print, Date.now() - started);
    return 0;
  };
  try {
    const code = await Promise.race([run(), interrupted]);
    if (code === 130) {
      print.stopTicker();
      print.line('\nInterrupted: closing the server and the simulator.');
    }
    return code;
  } catch (error) {
    print.stopTicker();
    const step = error instanceof StepFailure ? ` at ${error.step}` : '';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\n${print.style.red('✗')} The demo failed${step}:\n${indent(message)}\n`);
    const logged = serverStderr.join('').trim();
    if (logged) process.stderr.write(`\nThe server wrote on stderr:\n${indent(logged.slice(-2000))}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    print.stopTicker();
    await (client as Client | undefined)?.close().catch(() => {});
    await (simulator as Simulator | undefined)?.close();
  }
}

async function script(print: Printer, client: Client, transport: StdioClientTransport): Promise<void> {
  print.step(1, STEPS, 'Connect, as an MCP client does');
  print.call('initialize');
  let t0 = Date.now();
  await client.connect(transport);
  const server = client.getServerVersion();
  const offers = Object.keys(client.getServerCapabilities() ?? {}).join(', ');
  print.done(`${server?.name ?? 'server'} ${server?.version ?? ''}, offering ${offers}`, Date.now() - t0);
  print.call('tools/list');
  t0 = Date.now();
  const { tools } = await client.listTools();
  print.done(`${tools.length} tools`, Date.now() - t0);
  print.note(tools.map((tool) => tool.name).join(', '));

  print.step(2, STEPS, 'Suggest competitors and prompts to track');
  const site = 'acme-analytics.com';
  t0 = Date.now();
  const suggested = await callTool(print, client, 'suggest_report_inputs', { websiteUrl: site });
  const suggestion = suggested.structuredContent as {
    websiteUrl: string;
    competitors: string[];
    prompts: string[];
  };
  print.done(
    `${suggestion.competitors.length} competitors, ${suggestion.prompts.length} prompts`,
    Date.now() - t0,
    'free',
  );
  print.block(`Competitors: ${suggestion.competitors.join(', ')}\nPrompts:`);
  print.block(suggestion.prompts.map((prompt) => `- ${prompt}`).join('\n'));

  print.step(3, STEPS, 'Run a visibility report with them');
  print.note(
    'A real report asks several AI models every prompt and takes minutes; the simulator answers in ' +
      `${REPORT_DELAY_MS / 1000}\u00a0s. Watch the server's progress notifications:`,
    '  ',
  );
  t0 = Date.now();
  const report = await callTool(
    print,
    client,
    'run_visibility_report',
    { websiteUrl: suggestion.websiteUrl, competitors: suggestion.competitors, prompts: suggestion.prompts },
    { progress: true },
  );
  print.done('report ready', Date.now() - t0, 'on a real account: 1 of the monthly report runs');
  print.block(textOf(report), /Visibility score \d+\/100/);

  print.step(4, STEPS, 'Read the trend');
  t0 = Date.now();
  const history = await callTool(print, client, 'get_history', {});
  print.done('history', Date.now() - t0, 'free');
  print.block(textOf(history));

  print.step(5, STEPS, 'Improve a paragraph so AI models cite it');
  print.note(`Before: ${SAMPLE_TEXT}`, '  ');
  t0 = Date.now();
  const improved = await callTool(print, client, 'improve_content', {
    content: SAMPLE_TEXT,
    kind: 'visibility',
  });
  const { improved: text, model } = improved.structuredContent as { improved: string; model: string };
  print.done(`improved with ${model}`, Date.now() - t0, 'on a real account: 1 AI credit');
  const short = shorten(text, 8, 700);
  print.block(short.text);
  if (short.omitted > 0) print.note(`… ${short.omitted} more characters (shortened for this demo)`);

  print.step(6, STEPS, 'Ask the workspace chat');
  t0 = Date.now();
  const chat = await callTool(print, client, 'chat_with_workspace', { message: QUESTION });
  const { reply, sessionId } = chat.structuredContent as { reply: string; sessionId?: string };
  print.done('reply', Date.now() - t0, 'on a real account: 1 AI credit');
  print.block(reply);
  print.note(`sessionId: ${sessionId ?? '(none)'} (pass it back as sessionId to continue the conversation)`);
}

async function callTool(
  print: Printer,
  client: Client,
  name: string,
  args: Record<string, unknown>,
  options: { progress?: boolean } = {},
): Promise<CallToolResult> {
  print.call(name, args);
  print.startTicker('waiting for the answer');
  let result: CallToolResult;
  try {
    result = (await client.callTool({ name, arguments: args }, undefined, {
      timeout: 60_000,
      ...(options.progress
        ? {
            resetTimeoutOnProgress: true,
            onprogress: (update) => print.progress(update.message ?? `${update.progress}/${update.total}`),
          }
        : {}),
    })) as CallToolResult;
  } catch (error) {
    throw new StepFailure(name, error instanceof Error ? error.message : String(error));
  } finally {
    print.stopTicker();
  }
  if (result.isError) throw new StepFailure(name, `the tool answered with an error: ${textOf(result)}`);
  return result;
}

function intro(print: Printer, simulatorUrl: string, cli: string): void {
  print.title(`krastie-mcp ${VERSION} · demo`);
  print.paragraph(
    'A scripted session with the real krastie-mcp server, driven over stdio by the MCP SDK client, exactly ' +
      'as Claude Desktop or Cursor would. It runs against the built-in Krastie simulator on this machine: ' +
      'no account, no API key, no credits spent, no network. All the numbers below are simulated.',
  );
  print.line();
  print.line(`${print.style.dim('Simulator')}  ${simulatorUrl} (seeded Business workspace "Acme Analytics")`);
  const relative = path.relative(process.cwd(), cli);
  print.line(`${print.style.dim('Server   ')}  node ${relative.startsWith('..') ? cli : relative}`);
  print.line(`${print.style.dim('Key      ')}  krastie_sim_business (a simulator test key, not a real one)`);
}

function outro(print: Printer, elapsedMs: number): void {
  print.line();
  print.line(
    print.style.bold(
      `Done in ${(elapsedMs / 1000).toFixed(1)} s: ${STEPS} steps, every call against the simulator, nothing charged.`,
    ),
  );
  print.line();
  print.line('Next:');
  print.paragraph('- Check your own setup: KRASTIE_API_KEY=krastie_… npx -y krastie-mcp doctor', '  ');
  print.paragraph(
    '- Add it to Claude Desktop, Claude Code or Cursor: command "npx", args ["-y", "krastie-mcp"], ' +
      'env KRASTIE_API_KEY (see mcp.json.example and the README).',
    '  ',
  );
  print.paragraph(
    '- Point your own MCP client at the simulator: npx -y krastie-mcp simulate, then set ' +
      'KRASTIE_BASE_URL to the URL it prints.',
    '  ',
  );
}

/**
 * The built CLI to spawn: normally the script this process started with (argv[1], possibly through the
 * npm bin symlink); else dist/cli.js beside this bundle (dist/demo.js), or, from the sources (tsx,
 * tests), the repository's dist/cli.js.
 */
export function locateCli(): string | undefined {
  const candidates: string[] = [];
  const started = process.argv[1];
  if (started) {
    try {
      const real = realpathSync(started);
      if (path.basename(real) === 'cli.js') candidates.push(real);
    } catch {}
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  candidates.push(path.resolve(here, 'cli.js'), path.resolve(here, '../../dist/cli.js'));
  return candidates.find((file) => existsSync(file));
}

function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
