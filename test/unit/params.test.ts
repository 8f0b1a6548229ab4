/** Shared tool input fields: tolerant of what real MCP clients send, strict about what reaches Krastie. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ToolInputError } from '../../src/tools/define-tool.js';
import {
  flag,
  list,
  normalizeWebsiteUrl,
  optional,
  resolveModel,
  websiteUrl,
  wholeNumber,
} from '../../src/tools/params.js';

describe('optional()', () => {
  const schema = z.object({ name: optional(z.string().min(2)) });

  it('treats null as omitted', () => {
    const parsed = schema.safeParse({ name: null });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ name: undefined });
    expect(parsed.data?.name).toBeUndefined();
  });

  it('treats an empty string as omitted', () => {
    expect(schema.safeParse({ name: '' }).data).toEqual({ name: undefined });
  });

  it('accepts an omitted field and a valid value', () => {
    expect(schema.safeParse({}).data).toEqual({});
    expect(schema.safeParse({ name: 'Ada' }).data).toEqual({ name: 'Ada' });
  });

  it('still validates a given value', () => {
    expect(schema.safeParse({ name: 'A' }).success).toBe(false);
    expect(schema.safeParse({ name: 42 }).success).toBe(false);
  });
});

describe('list()', () => {
  const schema = z.object({ competitors: list(z.string().min(1), 3) });

  it('accepts an array', () => {
    expect(schema.safeParse({ competitors: ['a.com', 'b.com'] }).data).toEqual({
      competitors: ['a.com', 'b.com'],
    });
  });

  it('accepts the same array as JSON text (with surrounding spaces)', () => {
    expect(schema.safeParse({ competitors: ' ["a.com","b.com"] ' }).data).toEqual({
      competitors: ['a.com', 'b.com'],
    });
  });

  it('enforces max for arrays and JSON text alike', () => {
    expect(schema.safeParse({ competitors: ['a', 'b', 'c'] }).success).toBe(true);
    expect(schema.safeParse({ competitors: ['a', 'b', 'c', 'd'] }).success).toBe(false);
    expect(schema.safeParse({ competitors: '["a","b","c","d"]' }).success).toBe(false);
  });

  it('validates items inside JSON text', () => {
    expect(schema.safeParse({ competitors: '["a", 2]' }).success).toBe(false);
    expect(schema.safeParse({ competitors: '[""]' }).success).toBe(false);
  });

  it('refuses broken JSON, a JSON object and a plain string', () => {
    expect(schema.safeParse({ competitors: '["a.com",' }).success).toBe(false);
    expect(schema.safeParse({ competitors: '{"a":1}' }).success).toBe(false);
    expect(schema.safeParse({ competitors: 'a.com' }).success).toBe(false);
  });
});

describe('flag', () => {
  const schema = z.object({ refresh: flag });

  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['false', false],
    [' TRUE ', true],
    ['False', false],
  ])('%j → %j', (input, expected) => {
    expect(schema.safeParse({ refresh: input }).data).toEqual({ refresh: expected });
  });

  it.each(['yes', '1', 1, 0, '', null])('refuses %j', (input) => {
    expect(schema.safeParse({ refresh: input }).success).toBe(false);
  });
});

describe('wholeNumber', () => {
  const schema = z.object({ limit: wholeNumber(1, 100) });

  it.each([
    [12, 12],
    ['12', 12],
    [' 7 ', 7],
    [1, 1],
    ['100', 100],
  ])('%j → %j', (input, expected) => {
    expect(schema.safeParse({ limit: input }).data).toEqual({ limit: expected });
  });

  it.each([0, 101, '101', 1.5, '1.5', '-3', 'ten', '', '1e2', null])('refuses %j', (input) => {
    expect(schema.safeParse({ limit: input }).success).toBe(false);
  });
});

describe('websiteUrl field', () => {
  it('bounds the length', () => {
    expect(websiteUrl.safeParse('').success).toBe(false);
    expect(websiteUrl.safeParse('a'.repeat(2049)).success).toBe(false);
    expect(websiteUrl.safeParse('acme.com').success).toBe(true);
  });
});

describe('normalizeWebsiteUrl', () => {
  it.each([
    ['acme.com', 'https://acme.com/'],
    ['  acme.com  ', 'https://acme.com/'],
    ['www.acme.com/pricing?x=1', 'https://www.acme.com/pricing?x=1'],
    ['https://acme.com', 'https://acme.com/'],
    ['http://acme.com/blog', 'http://acme.com/blog'],
    ['HTTPS://Acme.COM', 'https://acme.com/'],
    ['sub.acme.co.uk', 'https://sub.acme.co.uk/'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeWebsiteUrl(input)).toBe(expected);
  });

  it.each([
    'ftp://acme.com',
    'file:///etc/passwd',
    'javascript://acme.com/%0Aalert(1)',
    'javascript:alert(1)',
    'localhost',
    'http://localhost:3000',
    'https://user:pass@acme.com',
    '',
    '   ',
    'not a domain',
    'acme',
  ])('refuses %j with a ToolInputError', (input) => {
    expect(() => normalizeWebsiteUrl(input)).toThrow(ToolInputError);
  });

  it('names the scheme it refuses', () => {
    expect(() => normalizeWebsiteUrl('ftp://acme.com')).toThrow(/http\(s\).*ftp:/);
  });

  it('quotes at most 100 characters of a refused input', () => {
    const input = `${'a'.repeat(300)} b`;
    try {
      normalizeWebsiteUrl(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ToolInputError);
      expect((error as Error).message).not.toContain('a'.repeat(101));
    }
  });

  it('property: throws nothing but ToolInputError, and what it returns is an http(s) URL with a dotted host', () => {
    const input = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.webUrl(),
      fc.domain(),
      fc
        .tuple(
          fc.constantFrom('', 'http://', 'https://', 'ftp://', 'javascript:', '//', 'HTTP://'),
          fc.string(),
        )
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(input, (value) => {
        let result: string;
        try {
          result = normalizeWebsiteUrl(value);
        } catch (error) {
          return error instanceof ToolInputError;
        }
        const url = new URL(result);
        return (
          (url.protocol === 'https:' || url.protocol === 'http:') &&
          url.hostname.includes('.') &&
          url.username === '' &&
          url.password === ''
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('property: a bare domain always becomes https://<domain>/', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        if (!domain.includes('.')) return true;
        return normalizeWebsiteUrl(domain) === `https://${new URL(`https://${domain}`).hostname}/`;
      }),
      { numRuns: 500 },
    );
  });
});

describe('resolveModel', () => {
  it('uses the requested model, else the default', () => {
    expect(resolveModel('claude-3-5-haiku', 'gpt-4o').provider).toBe('anthropic');
    expect(resolveModel(undefined, 'gemini-2.5-pro').id).toBe('gemini-2.5-pro');
  });

  it('refuses an unsupported model or webSearch with a non-OpenAI model with a ToolInputError', () => {
    expect(() => resolveModel('llama-3', 'gpt-4o')).toThrow(ToolInputError);
    expect(() => resolveModel('gemini-2.5-pro', 'gpt-4o', { webSearch: true })).toThrow(ToolInputError);
    expect(() => resolveModel(undefined, 'gpt-4o', { webSearch: true })).not.toThrow();
  });
});
