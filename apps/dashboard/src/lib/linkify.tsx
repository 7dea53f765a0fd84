import { Fragment, type ReactNode } from 'react';

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/gi;

/**
 * Text with http(s) links made clickable. Everything is a React text node: no HTML from a message ever runs, and a
 * "javascript:" or "data:" URL stays plain text because only http and https are matched (and re-checked).
 */
export function Linkified({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index ?? 0;
    if (start > last) parts.push(<Fragment key={`t${last}`}>{text.slice(last, start)}</Fragment>);
    const href = m[0];
    let isSafe = false;
    try {
      const u = new URL(href);
      isSafe = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      isSafe = false;
    }
    parts.push(
      isSafe ? (
        <a key={start} href={href} target="_blank" rel="noopener noreferrer">
          {href}
        </a>
      ) : (
        <Fragment key={start}>{href}</Fragment>
      ),
    );
    last = start + href.length;
  }
  if (last < text.length) parts.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return <>{parts}</>;
}
