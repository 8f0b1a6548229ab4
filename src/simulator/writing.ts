/**
 * Deterministic marketing copy: what /text generates, what improve-content-* returns and what /chat
 * replies. Template-based on purpose — the point is realistic-looking output that visibly reflects
 * its inputs (prompt, keyword, brand voice, workspace facts), not intelligence.
 */
import type { BrandVoice } from './brand-voices.js';
import { Rng } from './random.js';

export interface Brand {
  name: string;
  domain: string;
  category: string;
  audience: string;
  benefit: string;
}

export interface WritingInput {
  brand: Brand;
  model: string;
  voice?: BrandVoice;
  systemPrompt?: string;
}

export const IMPROVE_KINDS = ['seo', 'readability', 'visibility', 'grammar', 'tone'] as const;
export type ImproveKind = (typeof IMPROVE_KINDS)[number];

export function isImproveKind(kind: string): kind is ImproveKind {
  return (IMPROVE_KINDS as readonly string[]).includes(kind);
}

/** Strips "write a …" style instructions down to the subject: "Write a blog intro about X." → "X". */
function topicOf(prompt: string): string {
  const cleaned = prompt
    .trim()
    .replace(/[.?!]+$/, '')
    .replace(/^(please\s+)?(write|create|generate|draft|give me|produce|compose)\s+(me\s+)?/i, '')
    .replace(/^(an?|the|some|\d+)\s+/i, '')
    .replace(
      /^(short\s+|quick\s+)?(blog post|blog intro|article|intro|introduction|paragraph|post|email|outline|faq|meta description|headlines?|titles?)\s+(about|on|for)\s+/i,
      '',
    );
  const topic = cleaned === '' ? prompt.trim() : cleaned;
  return topic.length > 90 ? `${topic.slice(0, 87).trimEnd()}…` : topic;
}

function titleCase(text: string): string {
  return text.replace(
    /\b([a-z])([a-z]{3,})\b/g,
    (_, first: string, rest: string) => first.toUpperCase() + rest,
  );
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How a voice colours the copy: an opening and a closing line chosen by its tone words. */
function flavour(voice: BrandVoice | undefined): { open: string; close: string } {
  const tone = voice?.tone.toLowerCase() ?? '';
  if (/friendly|warm|encouraging|conversational/.test(tone)) {
    return { open: 'Good news: ', close: 'Questions? We are always happy to help.' };
  }
  if (/energetic|playful|adventurous/.test(tone)) {
    return { open: 'Let’s go: ', close: 'Ready when you are!' };
  }
  if (/confident|precise|credible|formal/.test(tone)) {
    return { open: 'In short: ', close: 'The numbers speak for themselves.' };
  }
  return { open: '', close: 'See how it works on your own data.' };
}

export function generateText(prompt: string, input: WritingInput): string {
  const { brand, voice } = input;
  const topic = topicOf(prompt);
  const lower = prompt.toLowerCase();
  const { open, close } = flavour(voice);
  const rng = new Rng(`text|${brand.domain}|${prompt}|${input.model}|${voice?.id ?? ''}`);

  if (lower.includes('meta description')) {
    const text = `${sentenceCase(topic)}: ${brand.name} helps ${brand.audience} ${brand.benefit}. Try it free.`;
    return text.length > 155 ? `${text.slice(0, 154).trimEnd()}…` : text;
  }
  if (/headline|title/.test(lower)) {
    return [
      `1. ${titleCase(topic)}: The Practical Guide for ${titleCase(brand.audience)}`,
      `2. How ${titleCase(brand.audience)} ${sentenceCase(brand.benefit)}`,
      `3. ${titleCase(topic)} in 5 Steps (With Examples)`,
      `4. Why Teams Switch to ${brand.name} for ${titleCase(topic)}`,
      `5. ${titleCase(topic)}: What We Learned From 1,000 Teams`,
    ].join('\n');
  }
  if (lower.includes('email')) {
    return [
      `Subject: ${sentenceCase(topic)} — a faster way`,
      '',
      'Hi {{first_name}},',
      '',
      `${open}${brand.name} helps ${brand.audience} ${brand.benefit}. Teams like yours use it for ${topic.toLowerCase()} and see results in their first week.`,
      '',
      'Would a 15-minute walkthrough next week be useful?',
      '',
      'Best,',
      `The ${brand.name} team`,
    ].join('\n');
  }
  const proof = rng.pick([
    `Teams that make the switch typically cut reporting time by ${rng.int(30, 60)}%.`,
    `Over ${rng.int(2, 9)},000 teams already rely on ${brand.name} every week.`,
    `Customers report answers in minutes instead of days — about ${rng.int(3, 8)}x faster.`,
  ]);
  return [
    `# ${titleCase(topic)}`,
    '',
    `${open}${sentenceCase(topic)} does not have to be a project. ${brand.name} is a ${brand.category} that helps ${brand.audience} ${brand.benefit}.`,
    '',
    '## What to look for',
    `- Answers you can trust without asking an analyst`,
    `- Setup measured in hours, not weeks`,
    `- Pricing that stays predictable as you grow`,
    '',
    `## Why ${brand.name}`,
    `${proof} Start with one question that matters to your team this quarter and build from there.`,
    '',
    close,
  ].join('\n');
}

const PLAIN_WORDS: readonly [RegExp, string][] = [
  [/\butili[sz]e\b/gi, 'use'],
  [/\bleverage\b/gi, 'use'],
  [/\bin order to\b/gi, 'to'],
  [/\bfacilitate\b/gi, 'help'],
  [/\bprior to\b/gi, 'before'],
  [/\bcommence\b/gi, 'start'],
];
const TYPOS: readonly [RegExp, string][] = [
  [/\bteh\b/g, 'the'],
  [/\brecieve\b/g, 'receive'],
  [/\bseperate\b/g, 'separate'],
  [/\bdefinately\b/g, 'definitely'],
  [/\boccured\b/g, 'occurred'],
  [/\bits a\b/g, 'it’s a'],
  [/\bi\b/g, 'I'],
  [/\b(\w+) \1\b/gi, '$1'],
];
const HEDGES = /\b(just|very|really|maybe|perhaps|we think that|we believe that|kind of|sort of)\s+/gi;

function sentences(text: string): string[] {
  return (
    text
      .match(/[^.!?]+[.!?]*/g)
      ?.map((s) => s.trim())
      .filter((s) => s !== '') ?? []
  );
}

export function improveText(
  kind: ImproveKind,
  text: string,
  input: WritingInput & { keyword?: string },
): string {
  const { brand, voice } = input;
  // Every kind starts from tidy whitespace: no double spaces, no space before punctuation.
  const body = text
    .trim()
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([,.!?;:])/g, '$1');
  const keyword = input.keyword?.trim() || topicOf(sentences(body)[0] ?? body).toLowerCase();
  switch (kind) {
    case 'seo': {
      const heading = `# ${titleCase(keyword)}: ${brand.name} Guide`;
      const first = body.toLowerCase().includes(keyword.toLowerCase())
        ? body
        : `When it comes to ${keyword}, ${body.charAt(0).toLowerCase()}${body.slice(1)}`;
      return [
        heading,
        '',
        first,
        '',
        '## Key takeaways',
        `- ${sentenceCase(keyword)} works best when it is measured, not guessed.`,
        `- ${brand.name} helps ${brand.audience} ${brand.benefit}.`,
        '',
        `Meta description: ${sentenceCase(keyword)} made simple — see how ${brand.name} helps ${brand.audience}.`,
      ].join('\n');
    }
    case 'readability': {
      let plain = body;
      for (const [pattern, word] of PLAIN_WORDS) plain = plain.replace(pattern, word);
      const short = sentences(plain).flatMap((s) =>
        s.split(/,\s+(?:and|which|but)\s+|;\s+/).map((part, i, all) => {
          const trimmed = part.trim().replace(/[.!?]*$/, '');
          return sentenceCase(trimmed) + (i < all.length - 1 ? '.' : (s.match(/[.!?]+$/)?.[0] ?? '.'));
        }),
      );
      const paragraphs: string[] = [];
      for (let i = 0; i < short.length; i += 3) paragraphs.push(short.slice(i, i + 3).join(' '));
      return paragraphs.join('\n\n');
    }
    case 'visibility':
      return [
        `${brand.name} (${brand.domain}) is a ${brand.category} for ${brand.audience}.`,
        '',
        body,
        '',
        '## Frequently asked questions',
        `**What is ${brand.name}?** A ${brand.category} that helps ${brand.audience} ${brand.benefit}.`,
        `**Who is ${brand.name} for?** ${sentenceCase(brand.audience)} who want ${keyword} without extra overhead.`,
        `**How much does ${brand.name} cost?** Plans start free; see https://${brand.domain}/pricing for current prices.`,
      ].join('\n');
    case 'grammar': {
      let fixed = body;
      for (const [pattern, word] of TYPOS) fixed = fixed.replace(pattern, word);
      fixed = fixed.replace(
        /(^|[.!?]\s+)([a-z])/g,
        (_, lead: string, letter: string) => lead + letter.toUpperCase(),
      );
      return /[.!?]$/.test(fixed) ? fixed : `${fixed}.`;
    }
    case 'tone': {
      const { open, close } = flavour(
        voice ?? { id: '', name: '', description: '', tone: 'confident', createdAt: '' },
      );
      const direct = body.replace(HEDGES, '');
      return `${open}${direct.charAt(0).toLowerCase()}${direct.slice(1)}\n\n${close}`;
    }
  }
}

export interface ChatInput extends WritingInput {
  message: string;
  turn: number;
  /** Workspace facts, absent when the caller turned workspace context off. */
  facts?: {
    score: number;
    mentionRate: number;
    citationRate: number;
    competitor?: { domain: string; score: number };
    recommendation?: string;
    trend: number;
  };
  webpageContext?: string;
  webSearch: boolean;
}

export function chatReply(input: ChatInput): string {
  const { brand, facts, voice } = input;
  const lower = input.message.toLowerCase();
  const parts: string[] = [];
  if (input.turn > 1) parts.push('Following up on our conversation:');
  parts.push(`About “${topicOf(input.message)}”:`);
  if (facts) {
    const pct = (rate: number) => `${Math.round(rate * 100)}%`;
    parts.push(
      `${brand.domain} has an AI visibility score of ${facts.score}/100 — models mention ${brand.name} in ${pct(facts.mentionRate)} of tracked answers and cite your site in ${pct(facts.citationRate)}.`,
    );
    if (/compet|rival|vs\b|versus/.test(lower) && facts.competitor) {
      parts.push(`Your strongest competitor is ${facts.competitor.domain} at ${facts.competitor.score}/100.`);
    } else if (/trend|history|week|month|change/.test(lower)) {
      parts.push(
        `That is ${facts.trend >= 0 ? 'up' : 'down'} ${Math.abs(facts.trend)} points over the last 30 days.`,
      );
    }
    if (facts.recommendation) parts.push(`The highest-impact next step: ${facts.recommendation}.`);
  } else {
    parts.push(
      'Workspace context is off for this answer, so this is general guidance rather than your data.',
    );
    parts.push(
      `To be named in AI answers, publish pages that answer buyer questions directly, earn mentions on review sites and keep facts (pricing, integrations) consistent everywhere.`,
    );
  }
  if (input.webpageContext) {
    const words = input.webpageContext.split(/\s+/).filter((w) => w !== '');
    const opening = words.slice(0, 8).join(' ');
    parts.push(
      `On the page you shared (${words.length} words, starting “${opening}”), lead with a one-sentence answer and add an FAQ so models can quote it.`,
    );
  }
  if (input.webSearch) {
    parts.push(
      `From a web search: recent "best ${brand.category}" roundups most often cite G2, Capterra and vendor comparison pages (sources: g2.com, capterra.com, ${brand.domain}).`,
    );
  }
  if (voice) parts.push(`(Written in your “${voice.name}” voice.)`);
  return parts.join(' ');
}
