import { createHash } from 'node:crypto';
import { escapeHtml, fill, safeColor } from '../email/email-layout.js';
import { RATING_STRINGS } from '../email/rating-templates.js';
import type { RatingPage } from './rate-by-email.js';

const STATUS = { invalid: 404, expired: 410, unavailable: 409 } as const;

/** The page's only style: a `<style>` element allowed by its hash, so the policy needs no `'unsafe-inline'`. */
const style = (color: string) =>
  `body{font-family:system-ui,sans-serif;color:#1b1f24;max-width:32rem;margin:2rem auto;padding:0 1rem}` +
  `header{background:${color};color:#fff;padding:12px 16px;font-weight:600;border-radius:6px}` +
  `fieldset{border:0;padding:0;margin:1rem 0;display:flex;flex-wrap:wrap;gap:8px}` +
  `label.choice{display:block;cursor:pointer}label.choice input{position:absolute;opacity:0}` +
  `label.choice span{display:block;padding:8px 12px;border:1px solid #d0d7de;border-radius:6px;text-align:center}` +
  `label.choice small{display:block;color:#57606a}` +
  `label.choice input:checked+span{border-color:${color};box-shadow:0 0 0 2px ${color}}` +
  `label.choice input:focus-visible+span{outline:2px solid #1b1f24}` +
  `textarea{width:100%;box-sizing:border-box;font:inherit;margin:.5rem 0 1rem}` +
  `button{font:inherit;background:${color};color:#fff;border:0;border-radius:6px;padding:8px 16px;cursor:pointer}` +
  `.error{color:#cf222e}.muted{color:#57606a}`;

/**
 * The rating page as HTML with its status and Content-Security-Policy: nothing may load (no script, image, font or
 * frame, from anywhere), the one style element by its hash, and the form may post only back here.
 */
export function renderRatingPage(page: RatingPage) {
  const t = RATING_STRINGS[page.locale];
  const color = page.kind === 'form' ? safeColor(page.color) : '#1f6feb';
  const css = style(color);
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  const shell = (title: string, body: string) =>
    `<!doctype html><html lang="${page.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${css}</style></head><body>${body}</body></html>`;
  if (page.kind !== 'form') {
    const text = t[page.kind];
    return { status: STATUS[page.kind], csp, html: shell(text, `<main><p>${escapeHtml(text)}</p></main>`) };
  }
  const title = fill(t.subject, { org: page.organizationName });
  const chosen = page.chosen ?? page.rating?.score;
  const choices = page.choices
    .map(
      (c) =>
        `<label class="choice"><input type="radio" name="score" value="${c.score}"${c.score === chosen ? ' checked' : ''}>` +
        `<span>${c.symbol}<small>${escapeHtml(c.label)}</small></span></label>`,
    )
    .join('');
  const body =
    `<header>${escapeHtml(page.organizationName)}</header><main>` +
    (page.isRated ? `<p role="status"><strong>${escapeHtml(t.thanks)}</strong> ${escapeHtml(t.change)}</p>` : '') +
    `<p>${escapeHtml(fill(t.intro, { org: page.organizationName, number: String(page.conversationNumber) }))}</p>` +
    `<form method="post"><fieldset aria-label="${escapeHtml(title)}">${choices}</fieldset>` +
    (page.hasError ? `<p class="error" role="alert">${escapeHtml(t.pick)}</p>` : '') +
    `<label for="comment" class="muted">${escapeHtml(t.comment)}</label>` +
    `<textarea id="comment" name="comment" rows="3" maxlength="1000">${escapeHtml(page.rating?.comment ?? '')}</textarea>` +
    `<button type="submit">${escapeHtml(t.send)}</button></form></main>`;
  return { status: page.hasError ? 400 : 200, csp, html: shell(title, body) };
}
