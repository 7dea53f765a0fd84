/**
 * Canned responses in the composer (issue 17): the rules both agent apps follow, with no zod and no DOM, so the
 * dashboard's first screen and the mobile app import them as they are (`@oceras/protocol/canned-text`).
 */

export const CANNED_LIMITS = {
  shortcodeMax: 32,
  titleMax: 120,
  bodyMax: 10_000,
  /** GET /canned-responses answers at most this many (personal and shared together), by shortcode. */
  listMax: 200,
  queryMax: 64,
} as const;

/** Shortcodes: lowercase letters, digits, "-" and "_" (the server lowercases what it is given). */
export const CANNED_SHORTCODE_PATTERN = /^[a-z0-9_-]+$/;

/** What a body's variables are filled from: the conversation's visitor, the agent writing, their organization. */
export interface CannedContext {
  visitor?: { name?: string | null; email?: string | null } | null;
  agent?: { name?: string | null } | null;
  organization?: { name?: string | null } | null;
}

/**
 * The variables a body may use. A closed table of functions, never a property path walked on the context:
 * `{{__proto__}}` or `{{visitor.constructor}}` are unknown names, left as typed.
 */
const VARIABLES: ReadonlyMap<string, (c: CannedContext) => string | null | undefined> = new Map([
  ['visitor.name', (c: CannedContext) => c.visitor?.name],
  ['visitor.email', (c: CannedContext) => c.visitor?.email],
  ['agent.name', (c: CannedContext) => c.agent?.name],
  ['organization.name', (c: CannedContext) => c.organization?.name],
]);
export const CANNED_VARIABLES: readonly string[] = [...VARIABLES.keys()];

/** `{{ name }}` or `{{ name | fallback }}`; the fallback holds no braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|([^{}]*))?\}\}/g;

/**
 * A canned response's body with its variables filled in, as plain text (nothing in it is HTML; the composer shows
 * it as typed). A known variable without a value takes its fallback (`{{visitor.name | there}}`), else nothing;
 * an unknown one stays as typed. One pass: a value that itself looks like `{{agent.name}}` is not expanded again.
 */
export function expandCannedResponse(body: string, context: CannedContext): string {
  return body.replace(PLACEHOLDER, (typed, name: string, fallback: string | undefined) => {
    const read = VARIABLES.get(name);
    if (!read) return typed;
    const value = read(context)?.trim();
    return value ? value : (fallback?.trim() ?? '');
  });
}

/** The `/word` being typed at the caret: `/` at the start of the text or after a space or a line break. */
export interface SlashCommand {
  /** Where the `/` is: the inserted body replaces from here to the caret. */
  start: number;
  /** What follows the `/`, lowercased: the filter. */
  query: string;
}

export function findSlashCommand(text: string, caret: number): SlashCommand | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)\/([A-Za-z0-9_-]{0,32})$/.exec(before);
  if (!match) return null;
  const query = match[1]!;
  return { start: caret - query.length - 1, query: query.toLowerCase() };
}

/**
 * What choosing a response in the picker writes: the text with the `/word` replaced by the expanded body, and the
 * caret after it (the same shape as mention-text's `insertMention`).
 */
export function insertCannedResponse(
  text: string,
  slash: SlashCommand,
  caret: number,
  body: string,
  context: CannedContext,
) {
  const expanded = expandCannedResponse(body, context);
  return { text: text.slice(0, slash.start) + expanded + text.slice(caret), caret: slash.start + expanded.length };
}

interface Pickable {
  shortcode: string;
  title: string;
  scope: 'personal' | 'shared';
}

/**
 * The picker's list for a filter: shortcodes starting with it first, then titles with a word starting with it;
 * the agent's own before the organization's (a personal response may shadow a shared one's shortcode), then by
 * shortcode.
 */
export function filterCannedResponses<T extends Pickable>(list: readonly T[], query: string, max = 8): T[] {
  const q = query.toLowerCase();
  const rank = (r: T) => {
    if (r.shortcode.startsWith(q)) return 0;
    if (
      r.title
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.startsWith(q))
    )
      return 1;
    return -1;
  };
  return list
    .map((r) => ({ r, rank: rank(r) }))
    .filter((x) => x.rank >= 0)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        Number(a.r.scope === 'shared') - Number(b.r.scope === 'shared') ||
        a.r.shortcode.localeCompare(b.r.shortcode),
    )
    .slice(0, max)
    .map((x) => x.r);
}
