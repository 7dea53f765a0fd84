/** Splits text into plain runs and web links. Only http and https become links; everything stays text. */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let raw = match[0];
    const trail = raw.match(TRAILING)?.[0] ?? '';
    // Keep a closing parenthesis that belongs to the URL, as in https://en.wikipedia.org/wiki/X_(Y).
    if (trail.startsWith(')') && raw.slice(0, -trail.length).includes('(')) raw = raw.slice(0, -(trail.length - 1));
    else if (trail) raw = raw.slice(0, -trail.length);
    const href = safeHref(raw);
    const start = match.index ?? 0;
    if (!href) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
