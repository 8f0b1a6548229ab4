/** Placeholder until the demo lands: says so instead of pretending. */
export async function demoCommand(): Promise<number> {
  process.stderr.write('krastie-mcp demo: not available in this build yet.\n');
  return 1;
}
