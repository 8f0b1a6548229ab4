import * as z from 'zod';
import { sleep } from '../abort.js';
import { endpoints } from '../krastie/endpoints.js';
import { KrastieError } from '../krastie/errors.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { failedJobText, readJob } from './get-job.js';
import { brandVoiceId, flag, model, optional, resolveModel, systemPrompt } from './params.js';

/** How often to ask Krastie about a queued job while the client waits with progress updates. */
const POLL_MS = 1_000;

const output = {
  status: z.enum(['completed', 'queued', 'failed']),
  text: z.string().optional(),
  jobId: z.string().optional(),
  error: z.string().optional(),
  model: z.string(),
};
type Output = z.output<z.ZodObject<typeof output>>;

export const generateContent = defineTool({
  name: 'generate_content',
  title: 'Generate content',
  description:
    'Write new content (article, post, product copy…) from a prompt, optionally with a system prompt and a ' +
    'saved brand voice. Returns the text; with async:true, a jobId to read with get_job. Cost: 1 AI credit.',
  toolset: 'content',
  endpoint: endpoints.generateText,
  notFoundHint: 'The brand voice was not found: list_brand_voices shows the IDs.',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: {
    prompt: z.string().min(1).max(100_000).describe('What to write: topic, format, length, audience.'),
    model: optional(model),
    systemPrompt: optional(systemPrompt),
    brandVoiceId: optional(brandVoiceId),
    async: optional(flag.describe('Queue it as a job and return a jobId (for long texts).')),
  },
  output,
  async handler(args, context) {
    const { client, config, signal } = context;
    const chosen = resolveModel(args.model, config.defaultModel);
    const generated = await client.generateText(
      {
        text: args.prompt,
        model: chosen.id,
        systemPrompt: args.systemPrompt,
        brandVoiceId: args.brandVoiceId,
        ...(args.async === true ? { useWorker: true } : {}),
      },
      { signal },
    );
    if (generated.status === 'done') return completed(generated.text, chosen.id);
    if (!context.wantsProgress) return queued(generated.jobId, chosen.id);
    return waitForJob(generated.jobId, chosen.id, context);
  },
});

function completed(text: string, modelId: string, jobId?: string) {
  return {
    text: `Generated with ${modelId} (1 AI credit):\n\n${text}`,
    structured: { status: 'completed', text, model: modelId, ...(jobId ? { jobId } : {}) } satisfies Output,
  };
}

function queued(jobId: string, modelId: string, note = '') {
  return {
    text:
      `Queued as job ${jobId} with ${modelId} (1 AI credit).${note} ` +
      `Read the result with get_job {"jobId": "${jobId}"} in a few seconds; do not call generate_content again.`,
    structured: { status: 'queued', jobId, model: modelId } satisfies Output,
  };
}

/** The client asked for progress, so it can wait: poll the job, bounded by the per-call timeout. */
async function waitForJob(jobId: string, modelId: string, context: ToolContext) {
  const { client, config, signal, progress } = context;
  const started = Date.now();
  const deadline = started + config.timeoutMs;
  const total = Math.max(1, Math.floor(config.timeoutMs / POLL_MS));
  await progress({ progress: 0, total, message: `Queued as job ${jobId}; waiting for it…` });
  for (let poll = 1; Date.now() + POLL_MS < deadline; poll++) {
    // Cancelled: the credit is spent all the same, so this still answers (and counts) as queued.
    if (!(await sleep(POLL_MS, signal))) return queued(jobId, modelId);
    let job: ReturnType<typeof readJob>;
    try {
      job = readJob(
        await client.getJob(jobId, { signal, budgetMs: Math.max(deadline - Date.now(), POLL_MS) }),
        jobId,
      );
    } catch (error) {
      // The credit is spent and the job may still finish: keep its ID rather than lose it in an error.
      if (!(error instanceof KrastieError)) throw error;
      return queued(jobId, modelId, ` Checking on it failed (${error.message}).`);
    }
    if (job.status === 'completed') return completed(job.result ?? '', modelId, jobId);
    if (job.status === 'failed') {
      return {
        text: failedJobText(jobId, job.error),
        structured: { status: 'failed', jobId, model: modelId, error: job.error } satisfies Output,
      };
    }
    const elapsed = Math.round((Date.now() - started) / 1000);
    await progress({
      progress: Math.min(poll, total),
      total,
      message: `Job ${jobId} is ${job.status} (${elapsed} s)`,
    });
  }
  const waited = Math.round((Date.now() - started) / 1000);
  return queued(jobId, modelId, ` It was still running after ${waited} s.`);
}
