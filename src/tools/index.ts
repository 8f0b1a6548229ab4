/** Every tool, in the order clients list them. Nothing else lives here. */
import { chatWithWorkspace } from './chat-with-workspace.js';
import { createBrandVoice } from './create-brand-voice.js';
import type { ToolDefinition } from './define-tool.js';
import { deleteBrandVoice } from './delete-brand-voice.js';
import { generateContent } from './generate-content.js';
import { getBrandVoice } from './get-brand-voice.js';
import { getHistory } from './get-history.js';
import { getJob } from './get-job.js';
import { getLatestReport } from './get-latest-report.js';
import { getWorkspaceContext } from './get-workspace-context.js';
import { improveContent } from './improve-content.js';
import { listBrandVoices } from './list-brand-voices.js';
import { runVisibilityReport } from './run-visibility-report.js';
import { suggestReportInputs } from './suggest-report-inputs.js';
import { updateBrandVoice } from './update-brand-voice.js';

// biome-ignore lint/suspicious/noExplicitAny: each tool has its own input and output shapes
export const tools: readonly ToolDefinition<any, any>[] = [
  suggestReportInputs,
  runVisibilityReport,
  getLatestReport,
  getHistory,
  generateContent,
  improveContent,
  getJob,
  chatWithWorkspace,
  getWorkspaceContext,
  listBrandVoices,
  getBrandVoice,
  createBrandVoice,
  updateBrandVoice,
  deleteBrandVoice,
];
