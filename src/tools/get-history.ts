import * as z from 'zod';
import {
  historyText,
  selectPoints,
  seriesSchema,
  summarizeTrend,
  toSeries,
  trendSchema,
} from '../format/history.js';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool } from './define-tool.js';
import { optional, wholeNumber } from './params.js';
import { renderOnce } from './render-once.js';

export const getHistory = defineTool({
  name: 'get_history',
  title: 'Get visibility history',
  description:
    'How AI visibility changed over time: score, mention/citation rates and competitor scores per day, for ' +
    'trends and client reports. Returns the trend and sampled points as text, all points as data. Free.',
  toolset: 'visibility',
  endpoint: endpoints.getReportHistory,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: {
    limit: optional(wholeNumber(1, 1000).describe('Only the latest N points.')),
    since: optional(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
        .describe('Only points since this date (YYYY-MM-DD).'),
    ),
  },
  output: { series: seriesSchema, trend: trendSchema },
  async handler(args, { client, signal }) {
    const history = await client.getReportHistory({ signal });
    return renderOnce(history, `${args.limit}|${args.since}`, () => {
      const points = selectPoints(history, args);
      const trend = summarizeTrend(points);
      return { text: historyText(points, trend), structured: { series: toSeries(points), trend } };
    });
  },
});
