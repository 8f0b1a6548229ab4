/**
 * AI generation routes: /text, /chat, improve-content-{kind} and the job poll. Each successful call
 * costs one credit, charged only once the request has passed every check; `useWorker` charges at
 * enqueue and answers 202 with a job id.
 */
import { type Account, requireCredit } from '../accounts.js';
import type { BrandVoice } from '../brand-voices.js';
import type { Handler, HandlerContext } from '../context.js';
import { requireModel } from '../models.js';
import { shortHash } from '../random.js';
import { ApiError, json, notFound, type SimResponse } from '../responses.js';
import { BodyReader } from '../validate.js';
import { brandOf, chatFacts } from '../workspace.js';
import {
  chatReply,
  IMPROVE_KINDS,
  improveText,
  isImproveKind,
  generateText as writeText,
} from '../writing.js';

/** The voice to write in: the one named, else the workspace default when `brandVoice: true`. */
function voiceFor(account: Account, id: string | undefined, useDefault: boolean): BrandVoice | undefined {
  if (id !== undefined) {
    const voice = account.voices.get(id);
    if (!voice) throw notFound(`Brand voice "${id}" not found.`);
    return voice;
  }
  return useDefault ? account.voices.values().next().value : undefined;
}

/** Charges the credit and answers inline or, with `useWorker`, as a queued job. */
function deliverText(ctx: HandlerContext, text: string, useWorker: boolean | undefined): SimResponse {
  ctx.account.creditsUsed += 1;
  if (useWorker) {
    const jobId = ctx.state.jobs.create(ctx.account.seed.key, text);
    return json(202, { message: 'Content generation queued', jobId });
  }
  return json(200, { message: 'Generated AI successfully.', data: text });
}

export const generateText: Handler = (ctx) => {
  const reader = new BodyReader(ctx.body);
  const text = reader.requiredString('text');
  const model = reader.requiredString('model');
  const systemPrompt = reader.optionalString('systemPrompt');
  const brandVoiceId = reader.optionalString('brandVoiceId');
  const brandVoice = reader.optionalBoolean('brandVoice');
  const useWorker = reader.optionalBoolean('useWorker');
  reader.optionalString('jobType');
  reader.optionalObject('options');
  reader.done();
  requireModel(ctx.account, model);
  const voice = voiceFor(ctx.account, brandVoiceId, brandVoice === true);
  requireCredit(ctx.account);
  const output = writeText(text, { brand: brandOf(ctx.account), model, voice, systemPrompt });
  return deliverText(ctx, output, useWorker);
};

export const improveContent: Handler = (ctx) => {
  const kind = ctx.params.kind ?? '';
  if (!/^[a-z0-9-]+$/.test(kind) || !isImproveKind(kind)) {
    throw notFound(`Unknown content improvement "${kind}". Known kinds: ${IMPROVE_KINDS.join(', ')}.`);
  }
  const reader = new BodyReader(ctx.body);
  const text = reader.requiredString('text');
  const model = reader.requiredString('model');
  const keyword = reader.optionalString('keyword');
  const brandVoiceId = reader.optionalString('brandVoiceId');
  const useWorker = reader.optionalBoolean('useWorker');
  reader.done();
  requireModel(ctx.account, model);
  const voice = voiceFor(ctx.account, brandVoiceId, false);
  requireCredit(ctx.account);
  const output = improveText(kind, text, { brand: brandOf(ctx.account), model, voice, keyword });
  return deliverText(ctx, output, useWorker);
};

export const chat: Handler = (ctx) => {
  const { account } = ctx;
  const reader = new BodyReader(ctx.body);
  const text = reader.requiredString('text');
  const model = reader.requiredString('model');
  const sessionId = reader.optionalString('sessionId');
  const systemPrompt = reader.optionalString('systemPrompt');
  const useWorkspaceContext = reader.optionalBoolean('useWorkspaceContext');
  const brandVoiceId = reader.optionalString('brandVoiceId');
  const webpageContext = reader.optionalString('webpageContext');
  const webSearch = reader.optionalBoolean('webSearch');
  reader.done();
  const provider = requireModel(account, model);
  if (webSearch === true && provider !== 'openai') {
    const message = `"webSearch" works with OpenAI models only; "${model}" is a ${provider} model.`;
    throw new ApiError(422, message, [{ field: 'webSearch', message }]);
  }
  const voice = voiceFor(account, brandVoiceId, false);
  requireCredit(account);

  const id =
    sessionId !== undefined && sessionId.trim() !== ''
      ? sessionId
      : `sess_${shortHash(`${account.seed.key}|${ctx.state.nextSequence()}`)}`;
  const session = account.sessions.get(id) ?? { turns: 0 };
  session.turns += 1;
  account.sessions.set(id, session);
  const reply = chatReply({
    brand: brandOf(account),
    model,
    voice,
    systemPrompt,
    message: text,
    turn: session.turns,
    facts: useWorkspaceContext === false ? undefined : chatFacts(account, ctx.now()),
    webpageContext,
    webSearch: webSearch === true,
  });
  account.creditsUsed += 1;
  return json(200, { message: 'Chat reply generated successfully.', data: reply, sessionId: id });
};

export const getJob: Handler = (ctx) => {
  const jobId = ctx.params.jobId ?? '';
  const view = ctx.state.jobs.view(ctx.account.seed.key, jobId);
  if (!view) throw notFound(`Job "${jobId}" not found.`);
  return json(200, view);
};
