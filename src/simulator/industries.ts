/**
 * The simulator's small picture of the web: which industry a domain belongs to, who its competitors
 * are and what people ask AI assistants about it. Prefill suggestions, reports and generated text
 * all draw on this, so a workspace reads as one consistent company.
 */
import { hashString } from './random.js';

export interface Industry {
  readonly id: string;
  /** Singular noun phrase used in copy: "a product analytics tool". */
  readonly category: string;
  /** Matched against the domain's first label to pick the industry. */
  readonly pattern: RegExp;
  readonly competitors: readonly string[];
  readonly audience: string;
  readonly benefit: string;
  /** Prompt templates; `{brand}`, `{c1}` and `{c2}` are filled with brand names. */
  readonly prompts: readonly string[];
}

const INDUSTRIES: readonly Industry[] = [
  {
    id: 'analytics',
    category: 'product analytics tool',
    pattern: /analytic|metric|insight|data|track|telemetry/,
    competitors: ['mixpanel.com', 'amplitude.com', 'heap.io', 'posthog.com', 'pendo.io'],
    audience: 'B2B SaaS product teams',
    benefit: 'see which features drive retention without waiting on a data team',
    prompts: [
      'What is the best product analytics tool for a B2B SaaS startup?',
      'Best {c1} alternatives for small teams',
      '{brand} vs {c1}: which is better for product analytics?',
      'Which product analytics tools have a generous free tier?',
      'How do I track user retention in a SaaS app?',
      'Which analytics platform integrates with Segment and Snowflake?',
      'Is {brand} GDPR compliant?',
      'What tools do product managers use for funnel analysis?',
      'Self-serve analytics dashboards for non-technical teams',
      'Open-source alternatives to {c2}',
      'How much does product analytics software cost?',
      'Which event analytics tool is easiest to set up?',
    ],
  },
  {
    id: 'outdoor-retail',
    category: 'outdoor gear retailer',
    pattern: /shop|store|outfit|retail|gear|wear|goods|trail/,
    competitors: ['rei.com', 'backcountry.com', 'patagonia.com', 'moosejaw.com', 'evo.com'],
    audience: 'hikers, campers and weekend adventurers',
    benefit: 'find gear that has been tested in the field, with free returns',
    prompts: [
      'Where is the best place to buy hiking gear online?',
      'Best {c1} alternatives for camping equipment',
      '{brand} vs {c1}: which has better prices on tents?',
      'Which outdoor stores offer free returns on used gear?',
      'What should I pack for a first overnight hike?',
      'Best lightweight backpacking tent under $300',
      'Is {brand} a reliable online store?',
      'Which retailers sell sustainable outdoor clothing?',
      'Where can I rent ski gear instead of buying it?',
      'Stores like {c2} with a member rewards program',
      'How do I choose a sleeping bag temperature rating?',
      'Best online shop for trail running shoes',
    ],
  },
  {
    id: 'crm',
    category: 'CRM for small sales teams',
    pattern: /crm|sales|lead|pipeline|deal/,
    competitors: ['hubspot.com', 'pipedrive.com', 'salesforce.com', 'close.com', 'attio.com'],
    audience: 'founder-led and small sales teams',
    benefit: 'keep every deal moving without a full-time admin',
    prompts: [
      'What is the best CRM for a small sales team?',
      'Best {c1} alternatives for startups',
      '{brand} vs {c1}: which CRM is easier to use?',
      'Which CRM has the best email integration?',
      'How do I set up a sales pipeline for a B2B startup?',
      'Affordable CRM with built-in calling',
      'Is {brand} worth it for a team of five?',
      'Which CRMs automate follow-up emails?',
      'CRM recommendations for founder-led sales',
      'Simpler alternatives to {c2}',
      'How much does a CRM cost per user?',
      'Which CRM syncs with Gmail and Google Calendar?',
    ],
  },
  {
    id: 'seo',
    category: 'SEO and content platform',
    pattern: /seo|rank|serp|search|content|keyword/,
    competitors: ['semrush.com', 'ahrefs.com', 'moz.com', 'surferseo.com', 'clearscope.io'],
    audience: 'content marketers and SEO agencies',
    benefit: 'plan, write and track content that ranks in search and AI answers',
    prompts: [
      'What is the best SEO tool for a small marketing team?',
      'Best {c1} alternatives for content marketers',
      '{brand} vs {c1}: which is better for keyword research?',
      'Which SEO tools track visibility in AI answers?',
      'How do I optimise blog posts for ChatGPT and Perplexity?',
      'Affordable rank tracking software for agencies',
      'Is {brand} good for content optimisation?',
      'Which content tools give NLP keyword suggestions?',
      'Best tools for generative engine optimisation (GEO)',
      'Cheaper alternatives to {c2}',
      'How much does an SEO platform cost per month?',
      'What is the easiest SEO tool for beginners?',
    ],
  },
  {
    id: 'billing',
    category: 'invoicing and billing software',
    pattern: /pay|bank|fin|ledger|invoice|billing|tax|account/,
    competitors: ['freshbooks.com', 'xero.com', 'waveapps.com', 'zoho.com', 'chargebee.com'],
    audience: 'freelancers and small agencies',
    benefit: 'send invoices in minutes and get paid faster',
    prompts: [
      'What is the best invoicing software for freelancers?',
      'Best {c1} alternatives for small businesses',
      '{brand} vs {c1}: which is better for recurring billing?',
      'Which invoicing apps accept card and bank payments?',
      'How do I automate late payment reminders?',
      'Free invoicing software with multi-currency support',
      'Is {brand} secure for storing client payment details?',
      'Which billing tools integrate with Stripe?',
      'Accounting software for a two-person agency',
      'Simpler alternatives to {c2}',
      'How much does invoicing software cost?',
      'Which invoicing app has the best mobile app?',
    ],
  },
  {
    id: 'project-management',
    category: 'project management tool',
    pattern: /project|task|plan|work|team/,
    competitors: ['asana.com', 'monday.com', 'clickup.com', 'notion.so', 'linear.app'],
    audience: 'remote teams and agencies',
    benefit: 'keep projects, owners and deadlines in one place',
    prompts: [
      'What is the best project management tool for a remote team?',
      'Best {c1} alternatives for agencies',
      '{brand} vs {c1}: which is easier for non-technical teams?',
      'Which project management tools have Gantt charts?',
      'How do I run sprint planning for a small team?',
      'Affordable project management software with time tracking',
      'Is {brand} good for client projects?',
      'Which task managers integrate with Slack?',
      'Project management tools for marketing teams',
      'Lightweight alternatives to {c2}',
      'How much does project management software cost?',
      'What is the simplest tool for tracking team tasks?',
    ],
  },
];

/** Brand names whose capitalisation a title-case split of the domain would get wrong. */
const BRAND_NAMES: Readonly<Record<string, string>> = {
  'hubspot.com': 'HubSpot',
  'posthog.com': 'PostHog',
  'rei.com': 'REI',
  'surferseo.com': 'Surfer SEO',
  'waveapps.com': 'Wave',
  'clickup.com': 'ClickUp',
  'freshbooks.com': 'FreshBooks',
};

const DOMAIN_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/;

/**
 * Turns "https://www.Example.com/pricing?x=1" into "example.com"; undefined when the input does not
 * look like a URL or a domain (the API answers those with 422).
 */
export function normalizeDomain(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  if (text === '' || /\s/.test(text)) return undefined;
  text = text.replace(/^https?:\/\//, '');
  if (text.includes('://')) return undefined;
  text = (text.split(/[/?#]/)[0] ?? '').replace(/:\d+$/, '').replace(/^www\./, '');
  return DOMAIN_PATTERN.test(text) ? text : undefined;
}

/** "acme-analytics.com" → "Acme Analytics". */
export function brandName(domain: string): string {
  const known = BRAND_NAMES[domain];
  if (known) return known;
  const label = domain.split('.')[0] ?? domain;
  return label
    .split('-')
    .filter((word) => word !== '')
    .map((word) => (word.length <= 3 && /^(crm|seo|io|ai)$/.test(word) ? word.toUpperCase() : cap(word)))
    .join(' ');
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function industryFor(domain: string): Industry {
  const label = domain.split('.')[0] ?? domain;
  const matched = INDUSTRIES.find((industry) => industry.pattern.test(label));
  if (matched) return matched;
  const fallback = INDUSTRIES[hashString(domain) % INDUSTRIES.length];
  if (!fallback) throw new Error('industry catalogue is empty');
  return fallback;
}

/** Competitors a prefill would suggest: the industry's leaders, never the domain itself. */
export function suggestCompetitors(domain: string): string[] {
  return industryFor(domain).competitors.filter((competitor) => competitor !== domain);
}

/** Prompts a prefill would suggest, with brand names filled in. */
export function suggestPrompts(domain: string, competitors: readonly string[] = []): string[] {
  const industry = industryFor(domain);
  const rivals = [...competitors, ...suggestCompetitors(domain)];
  const names: Record<string, string> = {
    brand: brandName(domain),
    c1: brandName(rivals[0] ?? 'the-market-leader.com'),
    c2: brandName(rivals[1] ?? rivals[0] ?? 'the-market-leader.com'),
  };
  return industry.prompts.map((template) =>
    template.replace(/\{(\w+)\}/g, (_, key: string) => names[key] ?? ''),
  );
}
