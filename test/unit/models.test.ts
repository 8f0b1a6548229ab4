/** Model IDs: provider detection, premium models, webSearch rule and the refusal text for unsupported IDs. */
import { describe, expect, it } from 'vitest';
import { checkModel, isPremium, providerOf } from '../../src/krastie/models.js';

describe('providerOf', () => {
  it.each([
    ['gpt-4o', 'openai'],
    ['gpt-4o-mini', 'openai'],
    ['gpt-4.1', 'openai'],
    ['GPT-4o', 'openai'],
    ['chatgpt-4o-latest', 'openai'],
    ['o1', 'openai'],
    ['o3-mini', 'openai'],
    ['o4-mini-2025-04-16', 'openai'],
    ['claude-sonnet-4-5', 'anthropic'],
    ['claude-3-5-haiku', 'anthropic'],
    ['anthropic/claude-opus-4', 'anthropic'],
    ['gemini-2.5-pro', 'google'],
    ['gemini-2.5-flash', 'google'],
    ['models/gemini-1.5-pro', 'google'],
  ] as const)('%s → %s', (id, provider) => {
    expect(providerOf(id)).toBe(provider);
  });

  it.each([
    'llama-3',
    'mistral-large',
    'gpt',
    'gpt-',
    'o',
    'omni',
    '',
    'gpt 4o',
    ' gpt-4o',
    'a'.repeat(200),
    `gpt-${'4'.repeat(100)}`,
  ])('%j → no provider', (id) => {
    expect(providerOf(id)).toBeUndefined();
  });
});

describe('premium models', () => {
  it.each([
    'o1',
    'o3-mini',
    'gpt-5',
    'gpt-4.5',
    'O1',
    'o1-2024-12-17',
    'o3-mini-2025-01-31',
    'gpt-5-2025-08-07',
    'gpt-4.5-preview',
    ' o1 ',
  ])('%s is premium', (id) => {
    expect(isPremium(id.trim())).toBe(true);
    const checked = checkModel(id);
    expect(checked.ok && checked.model.premium).toBe(true);
  });

  it.each([
    'gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1',
    'o1x',
    'gpt-50',
    'gpt-4.55',
    'o3',
    'claude-sonnet-4-5',
    'gemini-2.5-pro',
  ])('%s is not premium', (id) => {
    expect(isPremium(id)).toBe(false);
  });
});

describe('checkModel', () => {
  it('accepts a supported ID and describes it', () => {
    expect(checkModel('gpt-4o')).toEqual({
      ok: true,
      model: { id: 'gpt-4o', provider: 'openai', premium: false, webSearch: true },
    });
    expect(checkModel('claude-3-5-haiku')).toEqual({
      ok: true,
      model: { id: 'claude-3-5-haiku', provider: 'anthropic', premium: false, webSearch: false },
    });
  });

  it('trims surrounding whitespace', () => {
    const checked = checkModel('  gemini-2.5-flash \n');
    expect(checked).toEqual({
      ok: true,
      model: { id: 'gemini-2.5-flash', provider: 'google', premium: false, webSearch: false },
    });
  });

  it('webSearch works only with OpenAI models', () => {
    expect(checkModel('gpt-4o', { webSearch: true }).ok).toBe(true);
    expect(checkModel('o3-mini', { webSearch: true }).ok).toBe(true);
    for (const id of ['claude-sonnet-4-5', 'gemini-2.5-pro']) {
      const checked = checkModel(id, { webSearch: true });
      expect(checked.ok).toBe(false);
      if (!checked.ok) {
        expect(checked.message).toContain('webSearch');
        expect(checked.message).toContain('OpenAI');
        expect(checked.message).toContain(id);
      }
      // Without webSearch the same model is fine.
      expect(checkModel(id, { webSearch: false }).ok).toBe(true);
    }
  });

  it.each(['llama-3', 'mistral-large', '', 'x'.repeat(200), 'gpt 4o'])(
    'refuses %j and lists the three families with examples',
    (id) => {
      const checked = checkModel(id);
      expect(checked.ok).toBe(false);
      if (checked.ok) return;
      expect(checked.message).toMatch(/not a model Krastie supports/);
      for (const expected of [
        'openai',
        'anthropic',
        'google',
        'gpt-4o',
        'o3-mini',
        'claude',
        'gemini-2.5-pro',
      ]) {
        expect(checked.message).toContain(expected);
      }
    },
  );

  it('quotes at most 60 characters of a long refused ID', () => {
    const checked = checkModel('z'.repeat(200));
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.message).toContain(`"${'z'.repeat(60)}"`);
      expect(checked.message).not.toContain('z'.repeat(61));
    }
  });
});
