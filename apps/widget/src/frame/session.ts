import type { RouteResponse } from '@oceras/protocol';
import { isRetryable, retryDelay } from '@oceras/protocol/realtime';
import { call } from './api.js';
import type { KeyValueStore } from './outbox.js';

export type WidgetSession = RouteResponse<'createWidgetSession'>;

export interface VisitorSession {
  /** The token in use here: null before the session starts and after a reset. */
  readonly token: string | null;
  /** The token another tab (or an earlier page) stored. */
  stored(): string | undefined;
  /**
   * Resumes the stored session or creates one, retrying while the server is out of reach (SPEC R13). `onWait` says
   * how it goes (`error` after a few failures, or for good when refused). Null when `isStale` (a reset came) or
   * refused.
   */
  start(
    isStale: () => boolean,
    onWait: (phase: 'loading' | 'error' | 'signin') => void,
    identity?: { userId: string; userHash: string } | null,
  ): Promise<WidgetSession | null>;
  /** Forgets the visitor here; `clearStorage` for the tab that resets (the others share that storage). */
  forget(clearStorage: boolean): void;
}

/**
 * The visitor's session on this browser: its token is kept in storage (the frame's, or the host page's through the
 * loader), so a reload, another tab or the next day resumes the same visitor.
 */
/**
 * What the server is told with the session: the widget's language and the page it is on (follow-up emails), and the
 * browser's time zone (the contact's location: nothing is looked up from the address).
 */
export interface VisitorContext {
  locale?: 'en' | 'fr' | 'de' | 'es';
  pageUrl?: string;
  timeZone?: string;
}

/** The browser's IANA time zone when it gives one the server takes (ZTimeZone), else nothing. */
export function browserTimeZone(): string | undefined {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone) ? zone : undefined;
  } catch {
    return undefined;
  }
}

export function visitorSession(
  widgetKey: string,
  storage: KeyValueStore,
  context: VisitorContext = {},
): VisitorSession {
  const key = `oceras.${widgetKey}.session`;
  let token: string | null = null;
  const stored = () => {
    try {
      return (JSON.parse(storage.getItem(key) ?? 'null') as { sessionToken?: string } | null)?.sessionToken;
    } catch {
      return undefined;
    }
  };
  return {
    get token() {
      return token;
    },
    stored,
    async start(isStale, onWait, identity) {
      let saved = stored();
      for (let attempt = 0; ; attempt++) {
        try {
          const session = await call('createWidgetSession', {
            body: { widgetKey, ...context, ...(saved ? { sessionToken: saved } : {}), ...identity },
          });
          if (isStale()) return null;
          // Another tab stored a session meanwhile (its own boot, or a new visitor after its reset): writing this one
          // would undo that, or bring a reset visitor back. Resume the stored one instead.
          if (stored() !== saved) {
            saved = stored();
            attempt = -1;
            continue;
          }
          token = session.sessionToken;
          storage.setItem(key, JSON.stringify({ visitorId: session.visitorId, sessionToken: session.sessionToken }));
          return session;
        } catch (e) {
          if (isStale()) return null;
          if (!isRetryable(e)) {
            onWait(/^IDENTITY_/.test((e as { code?: string }).code ?? '') ? 'signin' : 'error');
            return null;
          }
          onWait(attempt > 1 ? 'error' : 'loading');
          await new Promise((r) => setTimeout(r, retryDelay(e, attempt, { baseMs: 1_000, capMs: 15_000 })));
          if (isStale()) return null;
        }
      }
    },
    forget(clearStorage) {
      token = null;
      if (clearStorage) storage.removeItem(key);
    },
  };
}
