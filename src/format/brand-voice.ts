/** Brand voices, curated to the documented fields, as structured data and as compact text. */
import * as z from 'zod';
import type { BrandVoice } from '../krastie/schemas.js';
import { truncate } from './numbers.js';

export const brandVoiceSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  tone: z.string().optional(),
  createdAt: z.string().optional(),
});
export type CuratedBrandVoice = z.output<typeof brandVoiceSchema>;

export function curateBrandVoice(voice: BrandVoice): CuratedBrandVoice {
  return {
    id: voice.id,
    name: voice.name,
    description: voice.description,
    tone: voice.tone,
    createdAt: voice.createdAt,
  };
}

/** One line per voice for lists: id first, since that is what the model passes on. */
export function brandVoiceLine(voice: CuratedBrandVoice): string {
  const tone = voice.tone ? ` (tone: ${truncate(voice.tone, 80)})` : '';
  return `- ${voice.id ?? '(no id)'}: ${voice.name ?? 'unnamed'}${tone}`;
}

export function brandVoiceText(voice: CuratedBrandVoice): string {
  const lines = [`Brand voice "${voice.name ?? 'unnamed'}" (id ${voice.id ?? 'unknown'})`];
  if (voice.tone) lines.push(`Tone: ${voice.tone}`);
  if (voice.description) lines.push(`Description: ${truncate(voice.description, 1_000)}`);
  if (voice.createdAt) lines.push(`Created: ${voice.createdAt.slice(0, 10)}`);
  if (voice.id) {
    lines.push(
      `Use it as brandVoiceId "${voice.id}" in generate_content, improve_content or chat_with_workspace.`,
    );
  }
  return lines.join('\n');
}
