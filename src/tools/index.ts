/** Every tool, in the order clients list them. Nothing else lives here. */
import { chatWithWorkspace } from './chat-with-workspace.js';
import type { ToolDefinition } from './define-tool.js';
import { getHistory } from './get-history.js';
import { improveContent } from './improve-content.js';
import { runVisibilityReport } from './run-visibility-report.js';

// biome-ignore lint/suspicious/noExplicitAny: each tool has its own input and output shapes
export const tools: readonly ToolDefinition<any, any>[] = [
  runVisibilityReport,
  getHistory,
  improveContent,
  chatWithWorkspace,
];
