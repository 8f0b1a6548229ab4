/**
 * Terminal output for the human commands (demo, doctor): colours only on a TTY without NO_COLOR, and
 * word wrapping that keeps indentation and bullets. Text is wrapped first and coloured after, so escape
 * codes never count towards a line's width.
 */

export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

interface Stream {
  isTTY?: boolean;
  columns?: number;
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; so does a non-TTY or TERM=dumb. */
export function colorEnabled(stream: Stream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function createStyle(enabled: boolean): Style {
  const paint = (open: number, close: number) => (text: string) =>
    enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    bold: paint(1, 22),
    dim: paint(2, 22),
    red: paint(31, 39),
    green: paint(32, 39),
    yellow: paint(33, 39),
    cyan: paint(36, 39),
  };
}

/** The width to wrap at: the terminal's, kept between 60 and 100 columns for readability; 80 when unknown. */
export function outputWidth(stream: Stream): number {
  const columns = stream.isTTY && stream.columns ? stream.columns : 80;
  return Math.max(60, Math.min(100, columns));
}

/**
 * Wraps each line of `text` to `width` columns, prefixing every line with `indent`. A line that starts
 * with a bullet ("- ", "• ", "1. ") continues under its text; lines that fit (tables) stay as they are.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      out.push('');
      continue;
    }
    const lead = /^\s*(?:(?:[-•*]|\d+\.)\s+)?/.exec(line)?.[0] ?? '';
    const hang = ' '.repeat(lead.length);
    const room = Math.max(20, width - indent.length);
    if (line.length <= room) {
      out.push(`${indent}${line}`);
      continue;
    }
    let current = lead;
    let started = false;
    // Spaces only: a no-break space (U+00A0) keeps "5.5 s" together.
    for (const word of line
      .slice(lead.length)
      .split(/[ \t]+/)
      .filter(Boolean)) {
      const candidate = started ? `${current} ${word}` : `${current}${word}`;
      if (started && candidate.length > room) {
        out.push(`${indent}${current}`);
        current = `${hang}${word}`;
      } else {
        current = candidate;
      }
      started = true;
    }
    out.push(`${indent}${current}`);
  }
  return out;
}

/** Cuts text to at most `maxLines` lines and `maxChars` characters, saying how much was left out. */
export function shorten(text: string, maxLines: number, maxChars: number): { text: string; omitted: number } {
  let kept = text.split('\n').slice(0, maxLines).join('\n');
  if (kept.length > maxChars) {
    const cut = kept.slice(0, maxChars);
    kept = cut.slice(0, Math.max(cut.lastIndexOf(' '), maxChars - 20)).trimEnd();
  }
  return { text: kept, omitted: text.length - kept.length };
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
