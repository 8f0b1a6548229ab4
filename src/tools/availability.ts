/** Which tools a server's configuration allows: shared by the server (listing, refusing) and doctor. */
import type { Config } from '../config.js';
import type { ToolDefinition } from './define-tool.js';

// biome-ignore lint/suspicious/noExplicitAny: tools of many shapes
type AnyTool = ToolDefinition<any, any>;

/** Why the configuration keeps a tool from being used, or undefined when it may be. */
export function unavailableReason(
  tool: AnyTool,
  config: Pick<Config, 'toolsets' | 'readOnly'>,
): string | undefined {
  if (!config.toolsets.has(tool.toolset)) {
    return `${tool.name} belongs to the "${tool.toolset}" toolset, which this server does not enable (KRASTIE_TOOLSETS / --toolsets).`;
  }
  if (config.readOnly && !tool.annotations.readOnlyHint) {
    return `${tool.name} changes data or spends credits, and this server runs in read-only mode (KRASTIE_READ_ONLY / --read-only).`;
  }
  return undefined;
}
