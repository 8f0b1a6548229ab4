/** How the demo looks: step headings, the tool call with its arguments, indented wrapped results. */
import { colorEnabled, createStyle, outputWidth, type Style, seconds, wrap } from './terminal.js';

const INDENT = '    ';

export class Printer {
  readonly style: Style;
  readonly width: number;
  readonly #out: NodeJS.WriteStream;
  readonly #live: boolean;
  #ticker: { timer: NodeJS.Timeout; label: string; started: number } | undefined;

  constructor(out: NodeJS.WriteStream, env: NodeJS.ProcessEnv) {
    this.#out = out;
    this.#live = out.isTTY === true;
    this.style = createStyle(colorEnabled(out, env));
    this.width = outputWidth(out);
  }

  line(text = ''): void {
    this.#clearTicker();
    this.#out.write(`${text}\n`);
    this.#drawTicker();
  }

  /** Plain paragraph, wrapped at the terminal width. */
  paragraph(text: string, indent = ''): void {
    for (const line of wrap(text, this.width, indent)) this.line(line);
  }

  title(text: string): void {
    this.line(this.style.bold(text));
    this.line(this.style.dim('─'.repeat(Math.min(text.length, this.width))));
  }

  step(index: number, total: number, title: string): void {
    this.line();
    this.line(this.style.bold(`${this.style.cyan(`${index}/${total}`)}  ${title}`));
  }

  /** The MCP request as sent: method or tool name, then each argument on its own line. */
  call(name: string, args?: Record<string, unknown>): void {
    this.line(`  ${this.style.cyan('→')} ${this.style.bold(name)}`);
    if (!args) return;
    const keyWidth = Math.max(...Object.keys(args).map((key) => key.length));
    for (const [key, value] of Object.entries(args)) {
      const room = this.width - INDENT.length - keyWidth - 2;
      this.line(`${INDENT}${this.style.dim(key.padEnd(keyWidth))}  ${describeValue(value, room)}`);
    }
  }

  /** A result line: a tick, what came back, and how long it took. */
  done(summary: string, elapsedMs: number, cost?: string): void {
    const tail = this.style.dim(` (${seconds(elapsedMs)}${cost ? ` · ${cost}` : ''})`);
    this.line(`  ${this.style.green('✓')} ${summary}${tail}`);
  }

  /** A block of tool output, indented; lines that look like headings are bold. */
  block(text: string, highlight?: RegExp): void {
    for (const line of wrap(text, this.width, INDENT)) {
      const isHeading = /^\s*[A-Z][^:]{0,60}:$/.test(line) || highlight?.test(line);
      this.line(isHeading ? this.style.bold(line) : line);
    }
  }

  note(text: string, indent = INDENT): void {
    for (const line of wrap(text, this.width, indent)) this.line(this.style.dim(line));
  }

  progress(message: string): void {
    this.line(`${INDENT}${this.style.yellow('⋯')} ${this.style.dim('progress:')} ${message}`);
  }

  /** On a terminal, a live "waiting… 2.4 s" line while a call runs; nothing when output is piped. */
  startTicker(label: string): void {
    if (!this.#live) return;
    this.stopTicker();
    const timer = setInterval(() => {
      this.#clearTicker();
      this.#drawTicker();
    }, 100);
    this.#ticker = { timer, label, started: Date.now() };
    this.#drawTicker();
  }

  stopTicker(): void {
    if (!this.#ticker) return;
    clearInterval(this.#ticker.timer);
    this.#clearTicker();
    this.#ticker = undefined;
  }

  #drawTicker(): void {
    if (!this.#ticker) return;
    const elapsed = seconds(Date.now() - this.#ticker.started);
    this.#out.write(this.style.dim(`${INDENT}… ${this.#ticker.label} ${elapsed}`));
  }

  #clearTicker(): void {
    if (this.#ticker) this.#out.write('\r\u001b[2K');
  }
}

/** One argument value as compact JSON that fits in `room` columns, saying what was left out. */
export function describeValue(value: unknown, room: number): string {
  const json = Array.isArray(value)
    ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]`
    : (JSON.stringify(value) ?? 'undefined');
  if (json.length <= room) return json;
  if (Array.isArray(value)) {
    const suffix = `, … ${value.length} in all]`;
    let shown = '';
    for (const item of value) {
      const next = JSON.stringify(item) ?? '';
      if (1 + shown.length + next.length + 2 + suffix.length > room) break;
      shown += shown ? `, ${next}` : next;
    }
    if (shown) return `[${shown}${suffix}`;
    // Not even one item fits whole: show the start of the first.
    const first = describeValue(value[0], Math.max(12, room - 2 - suffix.length));
    return `[${first.replace(/ \(\d+ characters\)$/, '')}${suffix}`;
  }
  if (typeof value === 'string') {
    const note = ` (${value.length} characters)`;
    const keep = Math.max(10, room - note.length - 3);
    return `${JSON.stringify(`${value.slice(0, keep).trimEnd()}…`)}${note}`;
  }
  return `${json.slice(0, Math.max(10, room - 1))}…`;
}
