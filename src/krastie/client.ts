/** KrastieClient: one short typed method per Krastie endpoint. Paths live in endpoints.ts. */
import type * as z from 'zod';
import type { Logger } from '../log.js';
import { type Endpoint, endpoints } from './endpoints.js';
import { KrastieError } from './errors.js';
import { type CallOptions, type HttpOptions, KrastieHttp } from './http.js';
import { ReadCache } from './read-cache.js';
import {
  type BrandVoice,
  BrandVoiceListSchema,
  BrandVoiceSchema,
  type HistoryPoint,
  HistorySchema,
  type Job,
  JobSchema,
  messageOf,
  type Prefill,
  PrefillSchema,
  type Report,
  ReportSchema,
  unwrapData,
  type WorkspaceContext,
  WorkspaceContextSchema,
} from './schemas.js';

export interface KrastieClientOptions {
  baseUrl: string;
  apiKey: string;
  version: string;
  timeoutMs: number;
  /** Free reads are reused for this long (0 = never); see read-cache.ts. */
  cacheTtlMs?: number;
  logger?: Logger;
  /** Test hooks: undici MockAgent, retry timings, body cap. */
  http?: Partial<Pick<HttpOptions, 'dispatcher' | 'retry' | 'random' | 'maxBodyBytes'>>;
}

export interface ReportInput {
  websiteurl?: string;
  competitors?: string[];
  prompts?: string[];
  refresh?: boolean;
}

export interface TextInput {
  text: string;
  model: string;
  systemPrompt?: string;
  brandVoiceId?: string;
  brandVoice?: boolean;
  file?: string;
  useWorker?: boolean;
  jobType?: string;
  options?: Record<string, unknown>;
}

export interface ImproveInput {
  text: string;
  model: string;
  keyword?: string;
  brandVoiceId?: string;
  useWorker?: boolean;
}

export interface ChatInput {
  text: string;
  model: string;
  sessionId?: string;
  systemPrompt?: string;
  useWorkspaceContext?: boolean;
  brandVoiceId?: string;
  webpageContext?: string;
  webSearch?: boolean;
}

/** A generation either answers now or, with `useWorker`, is queued as a job. */
export type Generation =
  | { status: 'done'; text: string; message?: string }
  | { status: 'queued'; jobId: string; message?: string };

export interface ChatReply {
  reply: string;
  sessionId: string | undefined;
}

export type BrandVoicePatch = Record<string, unknown> & {
  name?: string;
  description?: string;
  tone?: string;
};

export class KrastieClient {
  readonly #http: KrastieHttp;
  readonly #cache: ReadCache;

  constructor(options: KrastieClientOptions) {
    this.#cache = new ReadCache(options.cacheTtlMs ?? 0);
    this.#http = new KrastieHttp({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      userAgent: `krastie-mcp/${options.version}`,
      timeoutMs: options.timeoutMs,
      ...(options.logger ? { logger: options.logger } : {}),
      ...options.http,
    });
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  async runReport(input: ReportInput, call?: CallOptions): Promise<Report> {
    return read(ReportSchema, await this.#data(endpoints.runReport, { body: input }, call), 'report');
  }

  async prefillReport(input: { websiteurl: string }, call?: CallOptions): Promise<Prefill> {
    return read(
      PrefillSchema,
      await this.#data(endpoints.prefillReport, { body: input }, call),
      'suggestions',
    );
  }

  getLatestReport(call?: CallOptions): Promise<Report> {
    return this.#cache.get('report', async () =>
      read(ReportSchema, await this.#data(endpoints.getLatestReport, {}, call), 'report'),
    );
  }

  getReportHistory(call?: CallOptions): Promise<HistoryPoint[]> {
    return this.#cache.get('history', async () =>
      read(HistorySchema, await this.#data(endpoints.getReportHistory, {}, call), 'history'),
    );
  }

  getAssistantContext(call?: CallOptions): Promise<WorkspaceContext> {
    return this.#cache.get('context', async () =>
      read(
        WorkspaceContextSchema,
        await this.#data(endpoints.getAssistantContext, {}, call),
        'workspace context',
      ),
    );
  }

  async generateText(input: TextInput, call?: CallOptions): Promise<Generation> {
    return generation(await this.#body(endpoints.generateText, { body: input }, call));
  }

  async improveContent(kind: string, input: ImproveInput, call?: CallOptions): Promise<Generation> {
    return generation(await this.#body(endpoints.improveContent, { params: { kind }, body: input }, call));
  }

  async chat(input: ChatInput, call?: CallOptions): Promise<ChatReply> {
    const body = await this.#body(endpoints.chat, { body: input }, call);
    const data = unwrapData(body);
    const nested = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const reply = typeof data === 'string' ? data : (nested.reply ?? nested.text ?? nested.message);
    if (typeof reply !== 'string') throw unexpected('chat', 'no reply text');
    const sessionId = (body as { sessionId?: unknown }).sessionId ?? nested.sessionId;
    return {
      reply,
      sessionId: sessionId === undefined || sessionId === null ? undefined : String(sessionId),
    };
  }

  async getJob(jobId: string, call?: CallOptions): Promise<Job> {
    const body = await this.#body(endpoints.getJob, { params: { jobId } }, call);
    // A job answers bare ({jobId, status, data?}): its `data` is the result, not an envelope to unwrap.
    const bare = typeof body === 'object' && body !== null && 'status' in body;
    return read(JobSchema, bare ? body : unwrapData(body), 'job');
  }

  async createBrandVoiceFromWebsite(input: { websiteurl: string; name?: string }, call?: CallOptions) {
    return this.#brandVoice(endpoints.createBrandVoiceFromWebsite, { body: input }, call);
  }

  async createBrandVoiceFromText(input: { text: string; name?: string }, call?: CallOptions) {
    return this.#brandVoice(endpoints.createBrandVoiceFromText, { body: input }, call);
  }

  async createBrandVoiceFromFile(
    input: { file: Blob; filename: string; name?: string },
    call?: CallOptions,
  ): Promise<BrandVoice> {
    const form = new FormData();
    form.append('file', input.file, input.filename);
    if (input.name) form.append('name', input.name);
    return this.#brandVoice(endpoints.createBrandVoiceFromFile, { form }, call);
  }

  listBrandVoices(call?: CallOptions): Promise<BrandVoice[]> {
    return this.#cache.get('brand-voices', async () =>
      read(BrandVoiceListSchema, await this.#data(endpoints.listBrandVoices, {}, call), 'brand voice list'),
    );
  }

  getBrandVoice(id: string, call?: CallOptions): Promise<BrandVoice> {
    return this.#cache.get(`brand-voice:${id}`, () =>
      this.#brandVoice(endpoints.getBrandVoice, { params: { id } }, call),
    );
  }

  async updateBrandVoice(id: string, patch: BrandVoicePatch, call?: CallOptions): Promise<BrandVoice> {
    return this.#brandVoice(endpoints.updateBrandVoice, { params: { id }, body: patch }, call);
  }

  async deleteBrandVoice(id: string, call?: CallOptions): Promise<{ message: string | undefined }> {
    return { message: messageOf(await this.#body(endpoints.deleteBrandVoice, { params: { id } }, call)) };
  }

  async #brandVoice(endpoint: Endpoint, spec: Parameters<KrastieHttp['request']>[1], call?: CallOptions) {
    return read(BrandVoiceSchema, await this.#data(endpoint, spec, call), 'brand voice');
  }

  async #body(endpoint: Endpoint, spec: Parameters<KrastieHttp['request']>[1], call?: CallOptions) {
    try {
      return (await this.#http.request(endpoint, spec, call)).body;
    } finally {
      // Anything that spent or changed something — or may have, when it failed on the way — may have
      // changed what the cached reads show.
      if (endpoint.effect !== 'read') this.#cache.clear();
    }
  }

  async #data(endpoint: Endpoint, spec: Parameters<KrastieHttp['request']>[1], call?: CallOptions) {
    return unwrapData(await this.#body(endpoint, spec, call));
  }
}

/** Reads an answer leniently; only an answer of the wrong kind altogether (e.g. text for an object) fails. */
function read<T extends z.ZodType>(schema: T, data: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw unexpected(what, `expected ${Array.isArray(data) ? 'an object' : 'JSON of another kind'}`);
  return parsed.data;
}

function generation(body: unknown): Generation {
  const message = messageOf(body);
  const jobId = (body as { jobId?: unknown } | undefined)?.jobId;
  if (typeof jobId === 'string' || typeof jobId === 'number') {
    return { status: 'queued', jobId: String(jobId), ...(message ? { message } : {}) };
  }
  const data = unwrapData(body);
  const text = typeof data === 'string' ? data : (data as { text?: unknown } | undefined)?.text;
  if (typeof text !== 'string') throw unexpected('generation', 'no generated text');
  return { status: 'done', text, ...(message ? { message } : {}) };
}

function unexpected(what: string, detail: string): KrastieError {
  return new KrastieError({
    kind: 'upstream',
    message: `Krastie's ${what} answer had an unexpected shape (${detail})`,
    mayHaveReachedKrastie: true,
  });
}
