/**
 * Input fields shared by several tools, each described once. Inputs arrive from many kinds of clients:
 * some send `null` for an omitted field, arrays as JSON strings, or booleans and numbers as strings.
 * These fields accept all of that while the published JSON Schema stays plain (no anyOf, no format).
 */
import * as z from 'zod';
import { isPathSegmentValue } from '../krastie/endpoints.js';
import { checkModel, PREMIUM_MODELS } from '../krastie/models.js';
import { ToolInputError } from './define-tool.js';

/** `null` and `""` count as "not given", like an omitted optional field (models often send either). */
export function optional<T extends z.ZodType>(schema: T) {
  return z
    .preprocess((value) => (value === null || value === '' ? undefined : value), schema.optional())
    .optional();
}

/** An array (at most `max` items) that may also arrive as its JSON text, e.g. `"[\"a\",\"b\"]"`. */
export function list<T extends z.ZodType>(item: T, max: number) {
  return z.preprocess((value) => {
    if (typeof value !== 'string' || !value.trim().startsWith('[')) return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, z.array(item).max(max));
}

export const flag = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}, z.boolean());

export function wholeNumber(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z.number().int().min(min).max(max),
  );
}

export const websiteUrl = z.string().min(1).max(2048).describe('Website URL or domain, e.g. "acme.com".');

export const model = z
  .string()
  .min(1)
  .max(100)
  .describe(
    `Model ID (omit for the default). OpenAI gpt-*/o*, claude-* or gemini-*; premium: ${PREMIUM_MODELS.join(', ')}.`,
  );

/** An ID that becomes one URL path segment at Krastie; refused here, before any request, if it cannot be. */
export function resourceId(description: string) {
  return z
    .string()
    .min(1)
    .max(200)
    .refine(isPathSegmentValue, 'Not a valid ID (blank, "." and ".." never are)')
    .describe(description);
}

export const brandVoiceId = resourceId('Brand voice ID (list_brand_voices).');

export const systemPrompt = z.string().max(20_000).describe('System prompt: extra instructions.');

/**
 * Normalises a website the user named to an https URL. A bare domain gets https://; anything that is
 * not an http(s) address with a dotted host name is refused before any request.
 */
export function normalizeWebsiteUrl(value: string): string {
  const trimmed = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ToolInputError(
      `websiteUrl "${trimmed.slice(0, 100)}" is not a URL or domain; use e.g. "acme.com".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ToolInputError(`websiteUrl must be an http(s) address, not ${url.protocol}//…`);
  }
  if (!url.hostname.includes('.') || url.username || url.password) {
    throw new ToolInputError(
      `websiteUrl "${trimmed.slice(0, 100)}" does not look like a public website; use e.g. "acme.com".`,
    );
  }
  return url.href;
}

/** The model to use: the one asked for or the configured default, checked before any request. */
export function resolveModel(
  requested: string | undefined,
  defaultModel: string,
  options: { webSearch?: boolean } = {},
) {
  const checked = checkModel(requested ?? defaultModel, options);
  if (!checked.ok) throw new ToolInputError(checked.message);
  return checked.model;
}
