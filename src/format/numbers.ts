/** Small, consistent renderings of the numbers Krastie returns (scores 0–100, rates 0–1). */

export function percent(rate: number | undefined): string {
  return rate === undefined ? 'n/a' : `${Math.round(rate * 100)}%`;
}

export function score(value: number | undefined): string {
  return value === undefined ? 'n/a' : String(Math.round(value));
}

/** A signed change, e.g. "+7" or "−3"; rates are shown as percentage points. */
export function delta(from: number | undefined, to: number | undefined, unit: 'score' | 'rate'): string {
  if (from === undefined || to === undefined) return 'n/a';
  const change = unit === 'rate' ? Math.round((to - from) * 100) : Math.round(to - from);
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `${sign}${Math.abs(change)}${unit === 'rate' ? ' pts' : ''}`;
}

export function truncate(text: string, max: number): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}
