/**
 * Which model IDs Krastie accepts, checked before any request so a typo never costs a credit.
 * Krastie's docs name three providers: OpenAI (gpt-4o, gpt-4o-mini, gpt-4.1, o1, o3-mini and related
 * GPT-family IDs), Anthropic (IDs containing "claude") and Google (IDs containing "gemini").
 * Web search in chat works with OpenAI models only; some models need a paid plan.
 */
export type Provider = 'openai' | 'anthropic' | 'google';

export interface ModelFamily {
  provider: Provider;
  rule: string;
  examples: readonly string[];
}

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    provider: 'openai',
    rule: 'GPT-family IDs: gpt-*, chatgpt-*, or o<digit>* reasoning models',
    examples: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o1', 'o3-mini'],
  },
  {
    provider: 'anthropic',
    rule: 'IDs containing "claude"',
    examples: ['claude-sonnet-4-5', 'claude-3-5-haiku'],
  },
  { provider: 'google', rule: 'IDs containing "gemini"', examples: ['gemini-2.5-pro', 'gemini-2.5-flash'] },
];

/** Need a paid plan (Startup or above) in addition to API access. Dated variants count too (gpt-5-2025-08-07). */
export const PREMIUM_MODELS: readonly string[] = ['o1', 'o3-mini', 'gpt-5', 'gpt-4.5'];

const MODEL_ID = /^[a-z0-9][a-z0-9._:/-]{0,99}$/i;
const OPENAI_ID = /^(gpt-[a-z0-9]|chatgpt-[a-z0-9]|o\d)/i;

export interface ModelInfo {
  id: string;
  provider: Provider;
  premium: boolean;
  webSearch: boolean;
}

export type ModelCheck = { ok: true; model: ModelInfo } | { ok: false; message: string };

export function providerOf(id: string): Provider | undefined {
  if (!MODEL_ID.test(id)) return undefined;
  const lower = id.toLowerCase();
  if (lower.includes('claude')) return 'anthropic';
  if (lower.includes('gemini')) return 'google';
  if (OPENAI_ID.test(lower)) return 'openai';
  return undefined;
}

export function isPremium(id: string): boolean {
  const lower = id.toLowerCase();
  return PREMIUM_MODELS.some((premium) => lower === premium || lower.startsWith(`${premium}-`));
}

export function supportedModelsSummary(): string {
  return MODEL_FAMILIES.map((f) => `${f.provider}: ${f.rule} (e.g. ${f.examples.join(', ')})`).join('; ');
}

export function checkModel(id: string, options: { webSearch?: boolean } = {}): ModelCheck {
  const trimmed = id.trim();
  const provider = providerOf(trimmed);
  if (!provider) {
    return {
      ok: false,
      message: `"${id.slice(0, 60)}" is not a model Krastie supports. Supported: ${supportedModelsSummary()}.`,
    };
  }
  if (options.webSearch && provider !== 'openai') {
    return {
      ok: false,
      message: `webSearch works only with OpenAI models, and "${trimmed}" is a ${provider} model. Use an OpenAI model (e.g. gpt-4o) or turn webSearch off.`,
    };
  }
  return {
    ok: true,
    model: { id: trimmed, provider, premium: isPremium(trimmed), webSearch: provider === 'openai' },
  };
}
