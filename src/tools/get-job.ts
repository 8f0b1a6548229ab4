import * as z from 'zod';
import { endpoints } from '../krastie/endpoints.js';
import { sanitizeText } from '../krastie/errors.js';
import type { Job } from '../krastie/schemas.js';
import { defineTool } from './define-tool.js';
import { resourceId } from './params.js';

export const jobOutput = {
  jobId: z.string(),
  status: z.string(),
  result: z.string().optional(),
  error: z.string().optional(),
};

/** A job as the tools report it: its data as text (a string as is, anything else as compact JSON). */
export function readJob(job: Job, jobId: string) {
  const status = job.status ?? 'unknown';
  const result =
    job.data === undefined || job.data === null
      ? undefined
      : typeof job.data === 'string'
        ? job.data
        : JSON.stringify(job.data);
  const error =
    job.error === undefined || job.error === null
      ? undefined
      : sanitizeText(typeof job.error === 'string' ? job.error : JSON.stringify(job.error));
  return { jobId: job.jobId ?? jobId, status, result, error };
}

export function failedJobText(jobId: string, error: string | undefined): string {
  return (
    `Generation job ${jobId} failed at Krastie${error ? `: ${error}` : ''}. ` +
    'Its AI credit may already have been spent (it is charged when the job is queued). ' +
    'Start again with generate_content only if the user accepts another credit.'
  );
}

export const getJob = defineTool({
  name: 'get_job',
  title: 'Get generation job',
  description:
    'Check an async generation job (from generate_content with async:true): its status, and the generated ' +
    'text once completed or the error if it failed. Poll every few seconds. Free.',
  toolset: 'content',
  endpoint: endpoints.getJob,
  notFoundHint:
    'No such job: the ID is wrong or the job has expired. Start the generation again with generate_content.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: { jobId: resourceId('Job ID from generate_content.') },
  output: jobOutput,
  async handler(args, { client, signal }) {
    const job = readJob(await client.getJob(args.jobId, { signal }), args.jobId);
    const text =
      job.status === 'completed'
        ? `Job ${job.jobId} completed:\n\n${job.result ?? '(no content)'}`
        : job.status === 'failed'
          ? failedJobText(job.jobId, job.error)
          : `Job ${job.jobId} is ${job.status}; call get_job again in a few seconds.`;
    return { text, structured: job };
  },
});
