/**
 * The shape every tool file exports. Annotations are required by the type (a test also checks they
 * agree with the endpoint the tool calls); handlers return data and throw on failure — the one wrapper
 * in server.ts turns results and errors into MCP results.
 */
import type * as z from 'zod';
import type { Config } from '../config.js';
import type { KrastieClient } from '../krastie/client.js';
import type { Endpoint } from '../krastie/endpoints.js';

export const TOOLSETS = ['visibility', 'content', 'chat', 'brand-voice'] as const;
export type Toolset = (typeof TOOLSETS)[number];

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolContext {
  client: KrastieClient;
  config: Config;
  /** Aborted when the MCP client cancels the call or the server shuts down. */
  signal: AbortSignal;
  /** Sends `notifications/progress` when the client asked for progress; otherwise does nothing. */
  progress(update: { progress: number; total?: number; message?: string }): Promise<void>;
  /** True when the client sent a progress token (so waiting with progress updates is worth it). */
  wantsProgress: boolean;
  /**
   * Asks the user a yes/no question through the client (MCP elicitation). 'unsupported' when the client
   * cannot ask; then the tool must fall back to an explicit argument such as `confirm: true`.
   */
  confirm(question: string): Promise<'confirmed' | 'declined' | 'unsupported'>;
}

export interface ToolResult<Structured> {
  /** The compact text a model reads. */
  text: string;
  /** The same facts for programs, matching the output schema. */
  structured: Structured;
}

export interface ToolDefinition<
  In extends z.ZodRawShape = z.ZodRawShape,
  Out extends z.ZodRawShape = z.ZodRawShape,
> {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  /** The Krastie endpoint the tool calls; its effect decides retries, wording of failures and the credit budget. */
  endpoint: Endpoint;
  /** What to tell the model when Krastie answers 404, e.g. where to find valid IDs. */
  notFoundHint?: string;
  annotations: ToolAnnotations;
  input: In;
  output: Out;
  handler(
    args: z.output<z.ZodObject<In>>,
    context: ToolContext,
  ): Promise<ToolResult<z.output<z.ZodObject<Out>>>>;
}

export function defineTool<In extends z.ZodRawShape, Out extends z.ZodRawShape>(
  definition: ToolDefinition<In, Out>,
): ToolDefinition<In, Out> {
  return definition;
}

/** A problem with the arguments that we found ourselves: nothing was sent to Krastie. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}
