/**
 * The only place user-facing failure text is written: what happened, whether anything could have been
 * charged, and what to do next. Never a stack trace, never raw HTML, never the key.
 */
import type { EndpointEffect } from './krastie/endpoints.js';
import { KrastieError, sanitizeText } from './krastie/errors.js';
import { PREMIUM_MODELS } from './krastie/models.js';
import { redact } from './log.js';
import { ToolInputError } from './tools/define-tool.js';

export interface FailureContext {
  /** What the failed call does: decides what we can say about charges and retries. */
  effect: EndpointEffect;
  cost?: 'ai-credit' | 'report-refresh';
  /** Tool-specific advice for a 404, e.g. "list them with list_brand_voices". */
  notFoundHint?: string;
}

export function failureText(error: unknown, context: FailureContext): string {
  // Input is echoed in some messages: a key pasted into the wrong field must not come back out.
  return redact(describeFailure(error, context));
}

function describeFailure(error: unknown, context: FailureContext): string {
  if (error instanceof ToolInputError) return `Invalid input: ${error.message} Nothing was sent to Krastie.`;
  if (error instanceof KrastieError) return krastieFailure(error, context);
  const detail = error instanceof Error ? sanitizeText(error.message) : 'unknown error';
  return `krastie-mcp failed unexpectedly (${detail}). This is a bug in krastie-mcp; please report it. ${chargeNote(context, true)}`;
}

function krastieFailure(error: KrastieError, context: FailureContext): string {
  const said = error.status ? `Krastie answered ${error.status}: ${error.message}` : error.message;
  switch (error.kind) {
    case 'auth':
      return (
        `Krastie did not accept the API key (${said}). The key is missing, wrong, revoked or expired: ` +
        'Krastie keys expire 30 days after they are generated. Generate a new key in Krastie (account settings → API), ' +
        'set it as KRASTIE_API_KEY in your MCP client configuration and restart the server. Nothing was charged.'
      );
    case 'plan':
      return (
        `Krastie refused this for the current plan (${said}). The Krastie API needs a Business or Enterprise plan, ` +
        `and premium models (${PREMIUM_MODELS.join(', ')}) need a paid plan. Upgrade in Krastie billing settings, ` +
        'use a key from a Business/Enterprise workspace, or pick a non-premium model. Nothing was charged.'
      );
    case 'credits':
      return (
        `The plan's monthly limit is used up (${said}). AI credits and report refreshes reset at the start of each month; ` +
        'wait for the reset or upgrade the plan in Krastie billing settings. Nothing was charged.'
      );
    case 'not_found':
      return `Krastie found nothing there (${said}). ${context.notFoundHint ?? 'Check the ID and try again.'}`;
    case 'validation': {
      const details = error.details.length > 0 ? ` Details: ${error.details.join('; ')}.` : '';
      return `Krastie rejected the input (${said}).${details} Correct the input and call again. Nothing was charged.`;
    }
    case 'rate_limited':
      return (
        `Krastie's rate limit or the plan's report-refresh limit was reached (${said}). ` +
        `${error.retryAfter !== undefined ? `Retry after ${describeWait(error.retryAfter)}.` : 'Wait a minute before retrying.'} Nothing was charged.`
      );
    case 'upstream':
      return `Krastie is having trouble (${said}). ${chargeNote(context, error.mayHaveReachedKrastie)} ${retryAdvice(context, error)}`;
    case 'network':
      return (
        `Krastie could not be reached (${said}). Check the network and KRASTIE_BASE_URL. ` +
        `${chargeNote(context, error.mayHaveReachedKrastie)} ${retryAdvice(context, error)}`
      );
    case 'timeout':
      return `Krastie did not answer in time (${said}). ${chargeNote(context, error.mayHaveReachedKrastie)} ${retryAdvice(context, error)}`;
    case 'cancelled':
      return `The call was cancelled. ${chargeNote(context, error.mayHaveReachedKrastie)}`;
  }
}

/** Whether this failure could have cost something, so the model never blindly repeats a paid call. */
function chargeNote(context: FailureContext, mayHaveReached: boolean): string {
  if (context.effect === 'read') return 'Reads are free; nothing was charged.';
  if (!mayHaveReached) return 'The request never reached Krastie, so nothing was charged or changed.';
  const what =
    context.cost === 'report-refresh'
      ? 'started the report (one report refresh)'
      : context.cost === 'ai-credit'
        ? 'done the work and charged 1 AI credit'
        : 'made the change';
  return `Krastie may still have ${what}, so krastie-mcp did not retry it automatically.`;
}

function retryAdvice(context: FailureContext, error: KrastieError): string {
  const when = error.retryAfter !== undefined ? `after ${describeWait(error.retryAfter)}` : 'in a minute';
  if (context.effect === 'read') {
    return `${error.attempts > 1 ? `It was tried ${error.attempts} times; t` : 'T'}ry again ${when}.`;
  }
  const check =
    context.cost === 'report-refresh'
      ? 'Check get_latest_report before running another report'
      : context.effect === 'write'
        ? 'Check the current state (e.g. list_brand_voices) before repeating it'
        : 'Repeat the call only if you accept that it may cost another credit';
  return `${check}; try again ${when}.`;
}

export function describeWait(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
