/**
 * Mentions in internal notes (issue 17): how `@Name` in a note's text names an agent. One rule for the server
 * (which agents a note mentions, resolved from the text among the organization's agents) and both agent apps (which
 * words they highlight, and the `@` autocomplete that writes the name). No zod and no DOM
 * (`@oceras/protocol/mention-text`).
 *
 * A mention is `@` at the start of the text or after a character that is not a letter, digit or `_` (so an email
 * address mentions nobody), followed by an agent's full name, compared without case, and then the end of the
 * text or a character that is not a letter or digit. The longest name wins ("@Ann Lee" is Ann Lee, not Ann);
 * two agents with the same name are both mentioned.
 */
import type { TMention } from './mentions.js';
import { knownNotices } from './notices.js';

export interface MentionCandidate {
  id: string;
  name: string;
}

/** Where a mention is in the text (`start` is the `@`, `end` is past the name) and whom it names. */
export interface MentionRange {
  start: number;
  end: number;
  agentIds: string[];
}

export const MENTION_LIMITS = {
  /** A note mentions at most this many agents (the rest are plain text). */
  perNote: 20,
  /** The autocomplete lists at most this many agents. */
  suggestions: 8,
} as const;

const WORD = /[\p{L}\p{N}_]/u;
const isWordChar = (c: string | undefined) => c !== undefined && WORD.test(c);

/** Every mention in the text, in order. */
export function findMentions(text: string, candidates: readonly MentionCandidate[]): MentionRange[] {
  if (!text.includes('@') || candidates.length === 0) return [];
  const byLength = candidates
    .filter((c) => c.name.trim() !== '')
    .map((c) => ({ id: c.id, lower: c.name.toLowerCase() }))
    .sort((a, b) => b.lower.length - a.lower.length);
  const lower = text.toLowerCase();
  const found: MentionRange[] = [];
  for (let i = lower.indexOf('@'); i !== -1; i = lower.indexOf('@', i + 1)) {
    if (i > 0 && isWordChar(text[i - 1])) continue;
    let match: MentionRange | null = null;
    for (const c of byLength) {
      if (match && c.lower.length < match.end - match.start - 1) break;
      const end = i + 1 + c.lower.length;
      if (lower.startsWith(c.lower, i + 1) && !isWordChar(text[end])) {
        match ??= { start: i, end, agentIds: [] };
        match.agentIds.push(c.id);
      }
    }
    if (match) {
      found.push(match);
      i = match.end - 1;
    }
  }
  return found;
}

/** The agents a text mentions, each once, at most MENTION_LIMITS.perNote. */
export function mentionedAgentIds(text: string, candidates: readonly MentionCandidate[]): string[] {
  const ids = new Set<string>();
  for (const m of findMentions(text, candidates)) for (const id of m.agentIds) ids.add(id);
  return [...ids].slice(0, MENTION_LIMITS.perNote);
}

/**
 * The mention being typed at the caret: the `@` it starts at and what follows it up to the caret (a name may have
 * spaces, so at most three words), or null when the caret is not in one.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1 || (at > 0 && isWordChar(text[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length > 60 || /[\n@]/.test(query) || query.split(' ').length > 3) return null;
  return { start: at, query };
}

/**
 * The agents whose name starts with the query, or (a one-word query) one of whose words does; the best few. A
 * query past a whole name and a space ("@Ann Lee ") is a mention written: nothing more to suggest.
 */
export function suggestMentions<C extends MentionCandidate>(candidates: readonly C[], query: string): C[] {
  const q = query.toLowerCase();
  const rank = (c: C) => {
    const name = c.name.toLowerCase();
    if (name.startsWith(q)) return 0;
    return !/\s/.test(q) && name.split(/\s+/).some((w) => w.startsWith(q)) ? 1 : 2;
  };
  return candidates
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r < 2)
    .sort((a, b) => a.r - b.r || a.c.name.localeCompare(b.c.name))
    .slice(0, MENTION_LIMITS.suggestions)
    .map((x) => x.c);
}

/** What the autocomplete writes for a chosen agent: the text with the query replaced, and the caret after it. */
export function insertMention(text: string, start: number, caret: number, name: string) {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The text cut into plain parts and mentions, for rendering (both apps). */
export function mentionParts(text: string, candidates: readonly MentionCandidate[]) {
  const parts: { text: string; isMention: boolean }[] = [];
  let at = 0;
  for (const m of findMentions(text, candidates)) {
    if (m.start > at) parts.push({ text: text.slice(at, m.start), isMention: false });
    parts.push({ text: text.slice(m.start, m.end), isMention: true });
    at = m.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), isMention: false });
  return parts;
}

/**
 * The Mentions list of both apps: one row per conversation and kind (mentions, a low rating), its newest notice
 * (the list comes newest first), how many there are, and whether any is unread. Kinds the client does not know
 * (a newer server) are left out.
 */
export function mentionsByConversation(mentions: readonly TMention[]) {
  const rows = new Map<string, { latest: TMention; count: number; isUnread: boolean }>();
  for (const m of knownNotices(mentions)) {
    const key = `${m.kind ?? 'mention'}:${m.conversationId}`;
    const row = rows.get(key);
    if (row) {
      row.count++;
      row.isUnread ||= m.readAt === null;
    } else rows.set(key, { latest: m, count: 1, isUnread: m.readAt === null });
  }
  return [...rows.values()];
}
