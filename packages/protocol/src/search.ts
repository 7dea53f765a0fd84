// Full-text search for agents (issue 17): the query's grammar, the request and answer schemas, and how a client
// renders a highlighted snippet. The server reads the same parse (parseSearchQuery) to build its SQL, so the rules
// of what a query means live here once.
import { z } from 'zod';
import { LIMITS, ZConversationStatus, ZCursor, ZId, ZText, ZTimestamp } from './common.js';
import { ZConversation, ZTag } from './conversations.js';
import { type TFieldFilters, withFieldFilters } from './custom-fields.js';

export const SEARCH_LIMITS = {
  /** Words and quoted phrases read from one query; the rest is ignored. */
  termsMax: 8,
  /** A field (subject, visitor name or email) matches anywhere inside from this many characters; below, as a prefix. */
  infixMin: 3,
  /** The last word, still being typed, also matches as a prefix from this many characters. */
  prefixMin: 2,
} as const;

/** A query as the server reads it. */
export interface ParsedSearch {
  /** `#123` or `123`: also the conversation with that number. */
  number: number | null;
  /** Words and "quoted phrases", each matched in message bodies (stemmed, or exactly); all of them must match. */
  terms: string[];
  /** The last word when the query does not end with a space or a quote: it may be a word being typed. */
  prefix: string | null;
  /** The whole query, lowercased: found inside a subject, a visitor's name or email, or equal to a tag. */
  needle: string;
}

const WORD = /[\p{L}\p{N}]/u;

/** What a query means, or null when it holds no letter or digit to look for (only punctuation, marks or symbols). */
export function parseSearchQuery(raw: string): ParsedSearch | null {
  const q = raw.normalize('NFC').trim();
  if (!WORD.test(q)) return null;
  const number = /^#?\d{1,9}$/.test(q) ? Number(q.replace('#', '')) : null;
  const terms: string[] = [];
  let lastIsOpenWord = false;
  // "a phrase" (its closing quote may not be typed yet) or a run of characters without spaces or quotes.
  for (const m of q.matchAll(/"([^"]*)"?|([^\s"]+)/g)) {
    const term = (m[1] ?? m[2] ?? '').trim();
    if (!WORD.test(term) || terms.length === SEARCH_LIMITS.termsMax) continue;
    terms.push(term);
    lastIsOpenWord = m[2] !== undefined && m.index + m[0].length === q.length && !/\s$/.test(raw);
  }
  // The word being typed, when it is letters and digits only (what a prefix query may hold).
  const typed = lastIsOpenWord && /^[\p{L}\p{N}]+$/u.test(terms.at(-1)!) ? terms.at(-1)!.toLowerCase() : '';
  return {
    number,
    terms,
    prefix: typed.length >= SEARCH_LIMITS.prefixMin ? typed : null,
    needle: q.toLowerCase(),
  };
}

const ZSearchQueryBase = z.strictObject({
  /** Words, "quoted phrases", part of a name or an email, a tag, or `#123`. */
  q: ZText(LIMITS.searchMax)
    .trim()
    .min(1)
    .refine((q) => parseSearchQuery(q) !== null, { message: 'must contain a letter or a digit' }),
  status: z.union([ZConversationStatus, z.literal('unresolved')]).optional(),
  assigneeId: ZId.optional(),
  tag: ZTag.optional(),
  /** Conversations with activity at or after this time. */
  from: ZTimestamp.optional(),
  /** Conversations with activity before this time. */
  to: ZTimestamp.optional(),
  cursor: ZCursor.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
});
/** Search's query, with the inbox list's custom field filters (`field.<key>=<value>`). */
export const ZSearchQuery = withFieldFilters(ZSearchQueryBase);
export type TSearchQuery = z.input<typeof ZSearchQueryBase> & TFieldFilters;

/** A matched part of a snippet: UTF-16 offsets into `text`, as JavaScript's String.slice counts. */
export const ZHighlight = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });
export const ZSnippet = z.object({
  /** Plain text, never HTML: a client renders it as text. */
  text: z.string(),
  highlights: z.array(ZHighlight),
});
export type TSnippet = z.infer<typeof ZSnippet>;

/** Where a conversation matched, best first: a message or note body, or a field of the conversation. */
export const ZSearchMatchKind = z.enum(['number', 'message', 'note', 'subject', 'visitor', 'tag']);
export type TSearchMatchKind = z.infer<typeof ZSearchMatchKind>;

export const ZSearchHit = z.object({
  conversation: ZConversation,
  match: ZSearchMatchKind,
  /** The matching message, when the match is in a body (open the conversation there). */
  messageSeq: z.number().int().nullable(),
  snippet: ZSnippet,
});
export type TSearchHit = z.infer<typeof ZSearchHit>;

export const ZSearchPage = z.object({
  hits: z.array(ZSearchHit),
  /**
   * `relevance`: best matches first. `recent`: newest activity first, when the query matches too much to rank
   * every match (a very common word); narrowing it (more words, a filter) brings ranking back.
   */
  order: z.enum(['relevance', 'recent']),
  nextCursor: ZCursor.nullable(),
});
export type TSearchPage = z.infer<typeof ZSearchPage>;

/** A snippet cut into runs of plain and highlighted text, in order: what a client renders (text and <mark>). */
export function snippetParts(snippet: TSnippet): { text: string; isMatch: boolean }[] {
  const parts: { text: string; isMatch: boolean }[] = [];
  let at = 0;
  const ranges = [...snippet.highlights].sort((a, b) => a.start - b.start);
  for (const { start, end } of ranges) {
    const s = Math.max(start, at);
    const e = Math.min(end, snippet.text.length);
    if (e <= s) continue;
    if (s > at) parts.push({ text: snippet.text.slice(at, s), isMatch: false });
    parts.push({ text: snippet.text.slice(s, e), isMatch: true });
    at = e;
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), isMatch: false });
  return parts;
}

/** Waits this long after the last keystroke before asking the server (the dashboard and the app). */
export const SEARCH_DEBOUNCE_MS = 200;
