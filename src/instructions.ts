/** Sent in `initialize`: what the server is for and how its tools fit together (kept short: ~1,100 chars). */
export const INSTRUCTIONS = `Krastie measures how often AI models (ChatGPT, Claude, Gemini, Perplexity…) mention and cite a brand's website for the prompts its buyers ask, compares it with competitors, and writes content to close the gaps.

Usual workflow:
1. Read first (free): get_latest_report, get_history (trend), get_workspace_context.
2. New report: suggest_report_inputs → confirm competitors and prompts with the user → run_visibility_report. A run takes minutes and uses one of the plan's monthly report refreshes; never re-run after a timeout, read get_latest_report later.
3. Close gaps: take the prompts where competitors are mentioned and the site is not, then generate_content / improve_content, in a brand voice (list_brand_voices) when the user has one.
4. chat_with_workspace answers questions with the workspace's own data; pass its sessionId back to continue.

Costs: generate_content, improve_content and chat_with_workspace cost 1 AI credit each (monthly allowance; Business 500). Everything else is free. Ask before spending many credits, and before deleting a brand voice.`;
