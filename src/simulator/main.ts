/**
 * `krastie-mcp simulate`: runs the simulator in the foreground for manual testing and demos. Writes
 * only to stderr (stdout is reserved for MCP traffic in this project), stays up until SIGINT/SIGTERM.
 */
import { SEEDED_ACCOUNTS } from './accounts.js';
import { startSimulator } from './index.js';

/** A fixed default port, so the URL printed once stays valid across restarts. */
export const DEFAULT_SIMULATOR_PORT = 4010;

export function describeSimulator(url: string): string {
  const width = Math.max(...SEEDED_ACCOUNTS.map((a) => a.key.length));
  const rows = SEEDED_ACCOUNTS.map((a) => `  ${a.key.padEnd(width)}  ${a.demonstrates}`);
  return [
    `Krastie simulator listening on ${url}`,
    '',
    'Seeded API keys (send as the "api-key" header):',
    ...rows,
    '',
    'Control (no key needed):',
    `  POST   ${url}/__simulator/faults   {"fault":{"kind":"status","status":503,"retryAfter":"2"},"route":"POST /v1/ai/generate/text","times":1}`,
    `  DELETE ${url}/__simulator/faults`,
    `  GET    ${url}/__simulator/stats`,
    `  POST   ${url}/__simulator/reset`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

export async function simulateCommand(options: { port?: number; host?: string }): Promise<void> {
  const simulator = await startSimulator({
    port: options.port ?? DEFAULT_SIMULATOR_PORT,
    host: options.host ?? '127.0.0.1',
  });
  process.stderr.write(describeSimulator(simulator.url));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await simulator.close();
  process.stderr.write('Krastie simulator stopped.\n');
}
