/**
 * Lenient readers for Krastie's answers. Most shapes are our assumption (the docs stop short), so every
 * field is optional, a wrong type becomes "missing" instead of an error, and unknown fields are kept.
 */
import * as z from 'zod';

const num = z.number().finite().optional().catch(undefined);
const str = z.string().optional().catch(undefined);
const bool = z.boolean().optional().catch(undefined);
const id = z.union([z.string(), z.number()]).transform(String).optional().catch(undefined);
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((entry): z.output<T>[] => {
        const parsed = item.safeParse(entry);
        return parsed.success ? [parsed.data] : [];
      }),
    );
const strings = list(z.string());

export const ModelResultSchema = z.looseObject({
  model: str,
  provider: str,
  visibilityScore: num,
  mentionRate: num,
  citationRate: num,
});

export const PromptResultSchema = z.looseObject({
  model: str,
  mentioned: bool,
  cited: bool,
  position: z.number().nullable().optional().catch(undefined),
  competitorsMentioned: strings,
});

export const ReportSchema = z.looseObject({
  id,
  websiteurl: str,
  createdAt: str,
  visibilityScore: num,
  mentionRate: num,
  citationRate: num,
  models: list(ModelResultSchema),
  prompts: list(z.looseObject({ prompt: str, results: list(PromptResultSchema) })),
  competitors: list(
    z.looseObject({ domain: str, visibilityScore: num, mentionRate: num, citationRate: num }),
  ),
  recommendations: list(
    z.looseObject({
      title: str,
      detail: str,
      difficulty: str,
      priority: num,
      prompt: str,
    }),
  ),
});
export type Report = z.output<typeof ReportSchema>;

export const HistoryPointSchema = z.looseObject({
  date: str,
  visibilityScore: num,
  mentionRate: num,
  citationRate: num,
  competitors: list(z.looseObject({ domain: str, visibilityScore: num })),
});
export type HistoryPoint = z.output<typeof HistoryPointSchema>;
export const HistorySchema = list(HistoryPointSchema);

export const PrefillSchema = z.looseObject({ competitors: strings, prompts: strings });
export type Prefill = z.output<typeof PrefillSchema>;

export const BrandVoiceSchema = z.looseObject({ id, name: str, description: str, tone: str, createdAt: str });
export type BrandVoice = z.output<typeof BrandVoiceSchema>;
export const BrandVoiceListSchema = list(BrandVoiceSchema);

export const JobSchema = z.looseObject({
  jobId: id,
  status: str,
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type Job = z.output<typeof JobSchema>;

/** The workspace summary is undocumented beyond "metrics, traffic, documents": kept as the JSON it is. */
export const WorkspaceContextSchema = z.record(z.string(), z.unknown()).catch({});
export type WorkspaceContext = z.output<typeof WorkspaceContextSchema>;

/** Krastie wraps most answers as `{message, data}`; a bare body is accepted too. */
export function unwrapData(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'data' in body) {
    return (body as { data: unknown }).data;
  }
  return body;
}

export function messageOf(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
