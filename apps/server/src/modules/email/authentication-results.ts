import { EMAIL_AUTH_METHODS, EMAIL_AUTH_RESULTS, type TEmailAuth, type TEmailAuthResult } from '@oceras/protocol';

/** One Authentication-Results header (RFC 8601): who wrote it, and each method's result in order. */
export interface AuthenticationResults {
  authservId: string;
  results: { method: string; result: string }[];
}

/**
 * The header's value without its comments (RFC 5322 CFWS: parenthesised, nestable, with `\` escapes), quoted
 * strings kept whole, split at the semicolons outside quotes.
 */
function clauses(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  let isQuoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && (depth > 0 || isQuoted)) {
      if (isQuoted) current += ch + (value[i + 1] ?? '');
      i++;
    } else if (depth > 0) {
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
    } else if (isQuoted) {
      current += ch;
      if (ch === '"') isQuoted = false;
    } else if (ch === '(') {
      depth = 1;
      current += ' ';
    } else if (ch === '"') {
      isQuoted = true;
      current += ch;
    } else if (ch === ';') {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/**
 * Parses an Authentication-Results header value (RFC 8601 §2.2): `authserv-id [version] ; method[/version]=result
 * [reason=…] [ptype.property=value…] ; …`, or `authserv-id ; none`. Null when it has no authserv-id. Results are
 * lowercased; what follows each result (reasons, properties) is not kept.
 */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const [head, ...rest] = clauses(value.replace(/\r?\n[ \t]+/g, ' '));
  const authservId = head?.split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return null;
  const results = rest.flatMap((clause) => {
    const m = /^([A-Za-z0-9_-]+)(?:\s*\/\s*\d+)?\s*=\s*([A-Za-z0-9_-]+)/.exec(clause);
    return m ? [{ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase() }] : [];
  });
  return { authservId, results };
}

const isKnownResult = (r: string): r is TEmailAuthResult => (EMAIL_AUTH_RESULTS as readonly string[]).includes(r);

/**
 * What to record of an email's Authentication-Results headers (their values, topmost first): the topmost one
 * written by a relay the operator trusts (INBOUND_TRUSTED_AUTHSERV_IDS). Anyone can write such a header into the
 * mail they send, so others are ignored, and the topmost trusted one is the one the relay prepended on arrival
 * (a relay that follows RFC 8601 §5 also removes forged ones bearing its own id). Per method, the first result;
 * for DKIM, a pass if any signature passed (an email may carry several signatures, a mailing list's among them).
 * Null when no trusted header is there.
 */
export function emailAuthOf(headerValues: string[], trustedIds: readonly string[]): TEmailAuth | null {
  const trusted = new Set(trustedIds.map((id) => id.toLowerCase()));
  for (const value of headerValues) {
    const parsed = parseAuthenticationResults(value);
    if (!parsed || !trusted.has(parsed.authservId)) continue;
    const auth: TEmailAuth = { authservId: parsed.authservId };
    for (const method of EMAIL_AUTH_METHODS) {
      const results = parsed.results.filter((r) => r.method === method).map((r) => r.result);
      const result = method === 'dkim' && results.includes('pass') ? 'pass' : results[0];
      if (result && isKnownResult(result)) auth[method] = result;
    }
    return auth;
  }
  return null;
}
