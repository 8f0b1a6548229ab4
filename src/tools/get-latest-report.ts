import { curatedReportSchema, curateReport, reportText } from '../format/report.js';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool } from './define-tool.js';
import { renderOnce } from './render-once.js';

export const getLatestReport = defineTool({
  name: 'get_latest_report',
  title: 'Get latest visibility report',
  description:
    "Read the workspace's latest AI-visibility report without running one: score, per-model results, " +
    'competitors, prompts competitors win, recommendations. Use after a run timed out or to discuss results. Free.',
  toolset: 'visibility',
  endpoint: endpoints.getLatestReport,
  notFoundHint:
    'The workspace has no report yet: run one with run_visibility_report (suggest_report_inputs helps choose competitors and prompts).',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: {},
  output: curatedReportSchema.shape,
  async handler(_args, { client, signal }) {
    const report = await client.getLatestReport({ signal });
    return renderOnce(report, 'latest', () => {
      const curated = curateReport(report);
      return { text: reportText(curated), structured: curated };
    });
  },
});
