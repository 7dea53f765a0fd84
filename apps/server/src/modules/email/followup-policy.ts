import type { Env } from '../../env.js';
import { isProcessable } from '../privacy/privacy.policy.js';
import { isOriginAllowed } from '../widget/allowed-origin.js';

/** Follow-ups leave when the server can send email and the organization has not turned them off. */
export function hasEmailFollowUp(env: Pick<Env, 'SMTP_URL'>, org: { emailFollowup: boolean }): boolean {
  return Boolean(env.SMTP_URL) && org.emailFollowup;
}

/**
 * Whether any email (follow-up, transcript) may go to a conversation's visitor: the server can send, the visitor
 * gave an address, is not erased, has not restricted processing (privacy policy §7), and did not unsubscribe from
 * this conversation's emails.
 */
export function canEmailVisitor(
  env: Pick<Env, 'SMTP_URL'>,
  v: { email: string | null; erasedAt: Date | null; restrictedAt: Date | null; unsubscribedAt: Date | null },
): boolean {
  return (
    Boolean(env.SMTP_URL) &&
    v.email !== null &&
    v.erasedAt === null &&
    isProcessable({ restrictedAt: v.restrictedAt }) &&
    v.unsubscribedAt === null
  );
}

/**
 * The page URL a widget reported, if an email may link to it: only on a site the organization named in
 * allowedDomains. With no list (any site may embed the widget), anyone could name any page, and the organization's
 * email would carry their link (a phishing aid): such an email links to Oceras' own chat page instead.
 */
export function linkablePageUrl(pageUrl: string, allowedDomains: readonly string[]): string | null {
  if (allowedDomains.length === 0) return null;
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  return isOriginAllowed(url.origin, allowedDomains) ? url.toString() : null;
}
