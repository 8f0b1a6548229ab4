/**
 * Brand voices: the two every workspace starts with, and the voices "learned" from a website, a text
 * sample or an uploaded file. Derivation is rule-based and deterministic: it reads a few surface
 * signals (sentence length, exclamation marks, "you") so different inputs give visibly different voices.
 */
import { brandName, industryFor } from './industries.js';
import { shortHash } from './random.js';

export interface BrandVoice {
  id: string;
  name: string;
  description: string;
  tone: string;
  createdAt: string;
}

const SEEDED = [
  {
    name: 'Confident expert',
    description:
      'Clear, data-backed and direct. Short sentences, concrete numbers, no hype or exclamation marks.',
    tone: 'confident, precise, helpful',
    ageDays: 12,
  },
  {
    name: 'Friendly guide',
    description:
      'Warm and approachable. Explains ideas simply, speaks to the reader as "you" and avoids jargon.',
    tone: 'friendly, encouraging, plain-spoken',
    ageDays: 5,
  },
];

/** The two voices each seeded workspace has; ids are stable per account, dates relative to `today`. */
export function seededVoices(accountName: string, today: number): BrandVoice[] {
  return SEEDED.map((v, i) => ({
    id: `bv_${shortHash(`${accountName}|seed|${i}`)}`,
    name: v.name,
    description: v.description,
    tone: v.tone,
    createdAt: new Date(today - v.ageDays * 86_400_000 + 10 * 3_600_000).toISOString(),
  }));
}

export type VoiceDraft = Pick<BrandVoice, 'name' | 'description' | 'tone'>;

export function voiceFromWebsite(domain: string, name?: string): VoiceDraft {
  const industry = industryFor(domain);
  return {
    name: name ?? `${brandName(domain)} website voice`,
    description: `Learned from ${domain}: speaks to ${industry.audience}, leads with the outcome (${industry.benefit}) and backs claims with specifics.`,
    tone: industry.id === 'outdoor-retail' ? 'adventurous, warm, practical' : 'clear, credible, benefit-led',
  };
}

export function voiceFromText(text: string, name?: string): VoiceDraft {
  const sentences = text.split(/[.!?]+/).filter((s) => s.trim() !== '');
  const words = text.split(/\s+/).filter((w) => w !== '');
  const average = words.length / Math.max(sentences.length, 1);
  const exclaims = (text.match(/!/g) ?? []).length;
  const secondPerson = (text.match(/\byou(r|rs)?\b/gi) ?? []).length;
  const tone = [
    exclaims >= 2 ? 'energetic' : 'measured',
    average > 20 ? 'detailed' : 'concise',
    secondPerson > 0 ? 'conversational' : 'formal',
  ];
  return {
    name: name ?? `Voice from sample (${words.length} words)`,
    description: `Learned from a ${words.length}-word sample: sentences average ${Math.round(average)} words, ${secondPerson > 0 ? 'addresses the reader directly' : 'keeps an impersonal register'}${exclaims >= 2 ? ' and uses exclamation marks for emphasis' : ''}.`,
    tone: tone.join(', '),
  };
}

export function voiceFromFile(filename: string, content: string, name?: string): VoiceDraft {
  const fromText = voiceFromText(content.length > 0 ? content : filename, name);
  return {
    ...fromText,
    name: name ?? `Voice from ${filename}`,
    description: `Learned from the file ${filename}. ${fromText.description}`,
  };
}

/** A new voice id; the counter keeps ids unique and the hash keeps them looking like real ids. */
export function newVoiceId(accountName: string, sequence: number): string {
  return `bv_${shortHash(`${accountName}|created|${sequence}`)}`;
}
