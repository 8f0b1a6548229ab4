/**
 * Logging to stderr (stdout carries JSON-RPC only), optionally mirrored to MCP logging notifications.
 * Every line is redacted: the API key and anything shaped like a Krastie key never leave the process.
 */
export const LOG_LEVELS = ['debug', 'info', 'warning', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  secrets?: readonly string[];
  /** Where a finished line goes; stderr unless told otherwise (tests capture it). */
  write?: (line: string) => void;
  /** A second sink, e.g. MCP `notifications/message`; receives the redacted text. */
  forward?: (level: LogLevel, message: string) => void;
}

/** The part of a Krastie key after its public `krastie_` prefix: leaking it alone leaks the key. */
export function secretOf(key: string): string {
  return key.startsWith('krastie_') ? key.slice('krastie_'.length) : key;
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let clean = text;
  for (const secret of secrets) {
    if (!secret) continue;
    clean = clean.split(secret).join('[redacted]');
    // The secret part on its own too (e.g. "krastie_" and the rest split by markup), when long
    // enough not to match ordinary words.
    const part = secretOf(secret);
    if (part.length >= 8 && part !== secret) clean = clean.split(part).join('[redacted]');
  }
  return clean.replace(/krastie_[A-Za-z0-9_-]+/g, 'krastie_[redacted]');
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const minimum = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: LogLevel, message: string) => {
    if (LOG_LEVELS.indexOf(level) < minimum) return;
    const clean = redact(message, options.secrets);
    write(`[krastie-mcp] ${level}: ${clean}`);
    options.forward?.(level, clean);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warning', m),
    error: (m) => emit('error', m),
  };
}

/** For library code that must not print anything unless asked (tests, the simulator). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
