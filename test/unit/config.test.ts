/** loadConfig: one clear line per bad variable, https enforcement, timeouts, defaults and overrides. */
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_BASE_URL, loadConfig } from '../../src/config.js';

const KEY = 'krastie_abcDEF123_-xyz';

function configError(env: NodeJS.ProcessEnv, overrides = {}): ConfigError {
  try {
    loadConfig(env, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('defaults', () => {
  it('needs only the key', () => {
    expect(loadConfig({ KRASTIE_API_KEY: KEY })).toEqual({
      apiKey: KEY,
      baseUrl: DEFAULT_BASE_URL,
      defaultModel: 'gpt-4o',
      timeoutMs: 30_000,
      reportTimeoutMs: 300_000,
      logLevel: 'info',
      toolsets: new Set(['visibility', 'content', 'chat', 'brand-voice']),
      readOnly: false,
      maxCredits: undefined,
      maxReportRuns: undefined,
      cacheTtlMs: 30_000,
    });
    expect(DEFAULT_BASE_URL).toBe('https://api.krastie.ai');
  });

  it('ignores unrelated variables', () => {
    expect(loadConfig({ KRASTIE_API_KEY: KEY, PATH: '/usr/bin', KRASTIE_OTHER: 'x' }).apiKey).toBe(KEY);
  });
});

describe('KRASTIE_API_KEY', () => {
  it.each([{}, { KRASTIE_API_KEY: '' }, { KRASTIE_API_KEY: '   ' }])(
    'missing (%j) names the variable',
    (env) => {
      const error = configError(env);
      expect(error.message).toMatch(/^KRASTIE_API_KEY /);
      expect(error.message).toMatch(/not set/);
    },
  );

  it('trims whitespace around the key', () => {
    expect(loadConfig({ KRASTIE_API_KEY: `  ${KEY}\n` }).apiKey).toBe(KEY);
  });

  it.each(['sk-abcdef123456', 'Bearer krastie_abcdef', 'KRASTIE_abcdef1234'])(
    'a key with the wrong prefix (%s) is refused without echoing it',
    (key) => {
      const error = configError({ KRASTIE_API_KEY: key });
      expect(error.message).toMatch(/^KRASTIE_API_KEY /);
      expect(error.message).toContain('krastie_');
      expect(error.message).not.toContain(key);
    },
  );

  it.each(['krastie_abc', 'krastie_abc def ghi', 'krastie_secret$value!', 'krastie_ünïcode-key'])(
    'a malformed key (%j) is refused without echoing it',
    (key) => {
      const error = configError({ KRASTIE_API_KEY: key });
      expect(error.message).toMatch(/^KRASTIE_API_KEY /);
      expect(error.message).not.toContain(key);
      expect(error.message).not.toContain(key.slice('krastie_'.length));
    },
  );
});

describe('KRASTIE_BASE_URL', () => {
  it.each(['http://api.krastie.ai', 'http://example.com:8080', 'http://10.0.0.5', 'http://127.0.0.1.nip.io'])(
    'refuses plain http on a non-loopback host (%s)',
    (url) => {
      const error = configError({ KRASTIE_API_KEY: KEY, KRASTIE_BASE_URL: url });
      expect(error.message).toMatch(/^KRASTIE_BASE_URL /);
      expect(error.message).toContain('https');
    },
  );

  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.1.2.3:80/', 'http://127.1.2.3'],
    ['http://localhost:4010/', 'http://localhost:4010'],
    ['http://LOCALHOST:4010', 'http://localhost:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
    ['https://proxy.example.com/krastie/', 'https://proxy.example.com/krastie'],
    ['https://api.krastie.ai/', 'https://api.krastie.ai'],
    ['https://api.krastie.ai///', 'https://api.krastie.ai'],
    ['  https://api.krastie.ai  ', 'https://api.krastie.ai'],
  ])('accepts %s as %s', (url, expected) => {
    expect(loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_BASE_URL: url }).baseUrl).toBe(expected);
  });

  it.each([
    'not a url',
    'api.krastie.ai',
    'ftp://api.krastie.ai',
    'https://user:pass@api.krastie.ai',
    'https://api.krastie.ai/?x=1',
    'https://api.krastie.ai/#frag',
  ])('refuses %j', (url) => {
    const error = configError({ KRASTIE_API_KEY: KEY, KRASTIE_BASE_URL: url });
    expect(error.message).toMatch(/^KRASTIE_BASE_URL /);
  });

  it('does not echo credentials embedded in a refused URL', () => {
    const error = configError({
      KRASTIE_API_KEY: KEY,
      KRASTIE_BASE_URL: 'https://admin:hunter2@api.krastie.ai',
    });
    expect(error.message).not.toContain('hunter2');
  });

  it('an empty string means the default', () => {
    expect(loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_BASE_URL: '' }).baseUrl).toBe(DEFAULT_BASE_URL);
    expect(loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_BASE_URL: '  ' }).baseUrl).toBe(DEFAULT_BASE_URL);
  });
});

describe('timeouts', () => {
  it('parses whole milliseconds', () => {
    const config = loadConfig({
      KRASTIE_API_KEY: KEY,
      KRASTIE_TIMEOUT_MS: '4500',
      KRASTIE_REPORT_TIMEOUT_MS: '600000',
    });
    expect(config.timeoutMs).toBe(4_500);
    expect(config.reportTimeoutMs).toBe(600_000);
  });

  it('accepts the bounds 100 and 3,600,000', () => {
    expect(loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_TIMEOUT_MS: '100' }).timeoutMs).toBe(100);
    expect(loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_TIMEOUT_MS: '3600000' }).timeoutMs).toBe(3_600_000);
  });

  it.each([
    ['KRASTIE_TIMEOUT_MS', '99', /at least 100/],
    ['KRASTIE_TIMEOUT_MS', '3600001', /at most/],
    ['KRASTIE_TIMEOUT_MS', '0', /at least 100/],
    ['KRASTIE_TIMEOUT_MS', '-5', /whole number/],
    ['KRASTIE_TIMEOUT_MS', '1.5', /whole number/],
    ['KRASTIE_TIMEOUT_MS', '30s', /whole number/],
    ['KRASTIE_REPORT_TIMEOUT_MS', 'abc', /whole number/],
    ['KRASTIE_REPORT_TIMEOUT_MS', '99999999999', /at most/],
  ])('%s=%j is refused', (name, value, message) => {
    const error = configError({ KRASTIE_API_KEY: KEY, [name]: value });
    expect(error.message.startsWith(`${name} `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('empty strings mean the defaults', () => {
    const config = loadConfig({
      KRASTIE_API_KEY: KEY,
      KRASTIE_TIMEOUT_MS: '',
      KRASTIE_REPORT_TIMEOUT_MS: ' ',
    });
    expect(config.timeoutMs).toBe(30_000);
    expect(config.reportTimeoutMs).toBe(300_000);
  });
});

describe('KRASTIE_DEFAULT_MODEL and KRASTIE_LOG_LEVEL', () => {
  it('accepts a supported model', () => {
    expect(
      loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_DEFAULT_MODEL: 'claude-sonnet-4-5' }).defaultModel,
    ).toBe('claude-sonnet-4-5');
  });

  it.each(['llama-3', 'gpt 4o', 'mistral-large'])(
    'refuses the model %j with the supported families',
    (id) => {
      const error = configError({ KRASTIE_API_KEY: KEY, KRASTIE_DEFAULT_MODEL: id });
      expect(error.message).toMatch(/^KRASTIE_DEFAULT_MODEL /);
      expect(error.message).toContain('gemini');
    },
  );

  it('an empty model means gpt-4o', () => {
    expect(loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_DEFAULT_MODEL: '' }).defaultModel).toBe('gpt-4o');
  });

  it('reads the log level and refuses an unknown one', () => {
    expect(loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(loadConfig({ KRASTIE_API_KEY: KEY, KRASTIE_LOG_LEVEL: '' }).logLevel).toBe('info');
    expect(configError({ KRASTIE_API_KEY: KEY, KRASTIE_LOG_LEVEL: 'verbose' }).message).toMatch(
      /^KRASTIE_LOG_LEVEL /,
    );
  });
});

describe('overrides', () => {
  it('beat the environment', () => {
    const env = {
      KRASTIE_API_KEY: 'krastie_fromEnvironment',
      KRASTIE_BASE_URL: 'https://env.example.com',
      KRASTIE_TIMEOUT_MS: '1000',
      KRASTIE_DEFAULT_MODEL: 'gpt-4o',
    };
    const config = loadConfig(env, {
      KRASTIE_API_KEY: KEY,
      KRASTIE_BASE_URL: 'http://localhost:4010',
      KRASTIE_TIMEOUT_MS: '2000',
      KRASTIE_DEFAULT_MODEL: 'gemini-2.5-pro',
    });
    expect(config.apiKey).toBe(KEY);
    expect(config.baseUrl).toBe('http://localhost:4010');
    expect(config.timeoutMs).toBe(2_000);
    expect(config.defaultModel).toBe('gemini-2.5-pro');
  });

  it('an invalid override fails even when the environment is valid', () => {
    const error = configError({ KRASTIE_API_KEY: KEY }, { KRASTIE_BASE_URL: 'http://evil.example.com' });
    expect(error.message).toMatch(/^KRASTIE_BASE_URL /);
  });

  it('variables without an override still come from the environment', () => {
    const config = loadConfig(
      { KRASTIE_API_KEY: KEY, KRASTIE_TIMEOUT_MS: '1234' },
      { KRASTIE_LOG_LEVEL: 'error' },
    );
    expect(config.timeoutMs).toBe(1_234);
    expect(config.logLevel).toBe('error');
  });
});

describe('a key pasted into the wrong variable', () => {
  it.each(['KRASTIE_BASE_URL', 'KRASTIE_DEFAULT_MODEL'])(
    'is not echoed in the error about %s',
    (variable) => {
      expect(() => loadConfig({ KRASTIE_API_KEY: KEY, [variable]: KEY })).toThrow(variable);
      try {
        loadConfig({ KRASTIE_API_KEY: KEY, [variable]: KEY });
      } catch (error) {
        expect(String(error)).not.toContain(KEY);
      }
    },
  );
});

describe('toolsets, read-only and caps', () => {
  it('parses them', () => {
    const config = loadConfig({
      KRASTIE_API_KEY: KEY,
      KRASTIE_TOOLSETS: 'visibility, chat',
      KRASTIE_READ_ONLY: '1',
      KRASTIE_MAX_CREDITS: '5',
      KRASTIE_MAX_REPORT_RUNS: '0',
    });
    expect([...config.toolsets]).toEqual(['visibility', 'chat']);
    expect(config.readOnly).toBe(true);
    expect(config.maxCredits).toBe(5);
    expect(config.maxReportRuns).toBe(0);
  });

  it.each([
    [{ KRASTIE_TOOLSETS: 'visibility,images' }, /KRASTIE_TOOLSETS has unknown toolset "images"/],
    [{ KRASTIE_READ_ONLY: 'maybe' }, /KRASTIE_READ_ONLY must be true or false/],
    [{ KRASTIE_MAX_CREDITS: '-1' }, /KRASTIE_MAX_CREDITS must be a whole number/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig({ KRASTIE_API_KEY: KEY, ...env })).toThrow(message);
  });
});
