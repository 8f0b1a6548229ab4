// The reference point for start-up and per-call cost: the smallest useful server built the usual way
// with @modelcontextprotocol/sdk (McpServer + one zod-typed tool over stdio), loaded from node_modules.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';

const server = new McpServer({ name: 'minimal', version: '1.0.0' });

server.registerTool(
  'echo',
  {
    title: 'Echo',
    description: 'Returns the text it was given.',
    inputSchema: { text: z.string().describe('Text to echo') },
  },
  async ({ text }) => ({ content: [{ type: 'text', text }] }),
);

await server.connect(new StdioServerTransport());
