/**
 * Krastie's model rules as the server enforces them: supported families, premium models that need a
 * paid plan, and which provider a model belongs to (web search is OpenAI-only). The simulator keeps
 * its own copy rather than importing the client's, so a client bug cannot hide behind a shared rule.
 */
import { type Account, PLANS } from './accounts.js';
import { ApiError } from './responses.js';

/** Premium models need a paid plan (Startup or above), on top of API access. */
export const PREMIUM_MODELS: readonly string[] = ['o1', 'o3-mini', 'gpt-5', 'gpt-4.5'];

export type ModelProvider = 'openai' | 'anthropic' | 'google';

/** Krastie's supported model families; undefined = not a supported model. */
export function modelProvider(model: string): ModelProvider | undefined {
  const id = model.trim().toLowerCase();
  if (/^(gpt-|chatgpt-|o\d)/.test(id)) return 'openai';
  if (id.includes('claude')) return 'anthropic';
  if (id.includes('gemini')) return 'google';
  return undefined;
}

export function requireModel(account: Account, model: string): ModelProvider {
  const provider = modelProvider(model);
  if (!provider) {
    const message = `Unsupported model "${model}". Use an OpenAI (gpt-*, o-series), Anthropic (claude) or Google (gemini) model.`;
    throw new ApiError(422, message, [{ field: 'model', message }]);
  }
  if (PREMIUM_MODELS.includes(model.trim().toLowerCase()) && account.plan.rank < PLANS.startup.rank) {
    throw new ApiError(403, `The model "${model}" requires a paid plan (Startup or above).`);
  }
  return provider;
}
