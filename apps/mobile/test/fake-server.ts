import type {
  TAgent,
  TAttachment,
  TCannedResponse,
  TConversation,
  TConversationCounts,
  TCustomField,
  TDevice,
  TMention,
  TMessage,
  TNotificationSettings,
  TOrganization,
  TSavedView,
  TTeam,
} from '@oceras/protocol';
import { DEFAULT_ATTACHMENT_SETTINGS, DEFAULT_AUTO_REPLIES, DEFAULT_LOW_RATING_ACTIONS } from '@oceras/protocol';
import { matches } from '@oceras/protocol/inbox';
import { fakeSocket as sharedFakeSocket } from '@oceras/protocol/realtime/testing';
import { type App, createApp } from '@/lib/app';
import { memoryStorage } from '@/lib/storage';

export const SERVER = 'https://chat.acme.test';
const iso = (minutesAgo = 0) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
let n = 0;
export const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** A JWT-shaped token whose exp - iat is 15 minutes (the session reads the lifetime from it). */
export function accessToken(tag: string) {
  const payload = Buffer.from(JSON.stringify({ iat: 1_000, exp: 1_000 + 900, tag })).toString('base64url');
  return `h.${payload}.s`;
}

export const me: TAgent = {
  id: uuid(),
  name: 'Ada Agent',
  email: 'ada@acme.test',
  role: 'agent',
  avatarUrl: null,
  availability: 'online',
  isConnected: true,
  isRestricted: false,
  capacity: null,
  createdAt: iso(1000),
};
export const organization: TOrganization = {
  id: uuid(),
  name: 'Acme',
  slug: 'acme',
  widgetKey: 'wk_test',
  widgetSettings: {} as TOrganization['widgetSettings'],
  autoAssignOnReply: true,
  emailFollowUp: true,
  emailFollowUpDelaySeconds: null,
  businessHours: null,
  autoReplies: DEFAULT_AUTO_REPLIES,
  attachmentSettings: DEFAULT_ATTACHMENT_SETTINGS,
  conversationRetentionDays: null,
  requireTwoFactor: false,
  hasIdentitySecret: false,
  requireVerifiedIdentity: false,
  timeZone: 'UTC',
  autoAssignment: false,
  reassignOfflineAfterMinutes: null,
  awayAfterInactiveMinutes: null,
  lowRatingActions: DEFAULT_LOW_RATING_ACTIONS,
  createdAt: iso(1000),
};

export function conversation(over: Partial<TConversation> & { name: string }): TConversation {
  const { name, ...rest } = over;
  return {
    id: uuid(),
    number: ++n,
    status: 'open',
    snoozedUntil: null,
    priority: 'none',
    assigneeId: null,
    teamId: null,
    channel: 'chat',
    tags: [],
    subject: null,
    visitor: { id: uuid(), name, email: null, isErased: false },
    lastMessagePreview: `Hello from ${name}`,
    lastMessageSeq: 1,
    lastActivityAt: iso(5),
    waitingSince: iso(5),
    firstReplyAt: null,
    rating: null,
    customFields: {},
    createdAt: iso(10),
    version: 1,
    unreadCount: 1,
    lastReadSeq: 0,
    ...rest,
  };
}

export function message(conversationId: string, seq: number, body: string, over: Partial<TMessage> = {}): TMessage {
  return {
    id: uuid(),
    conversationId,
    seq,
    clientId: null,
    type: 'message',
    author: { type: 'visitor', id: null, name: 'Vera', avatarUrl: null },
    body,
    system: null,
    createdAt: iso(1),
    ...over,
  };
}

type Call = { name: string; method: string; path: string; body: any };

/** An upload in flight to the fake file store: the test moves it along (progress, then an answer). */
export interface FakeUploadRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Blob;
  isAborted: boolean;
  progress(loaded: number): void;
  /** The store's answer: 200 stores the bytes; anything else refuses them with `text`. */
  answer(status: number, text?: string): void;
  /** The connection drops before an answer. */
  drop(): void;
}

/**
 * The file store's upload URLs as XMLHttpRequest sees them: each request is held in `requests` until the test
 * answers it, unless `autoAnswer` (then 200 at once, after one progress event at half the bytes).
 */
function fakeFileStore(onStored: (url: string) => void) {
  const store = { autoAnswer: true, requests: [] as FakeUploadRequest[] };
  class FakeXhr {
    upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
      onprogress: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    onabort: (() => void) | null = null;
    status = 0;
    responseText = '';
    private method = '';
    private url = '';
    private headers: Record<string, string> = {};
    private request: FakeUploadRequest | null = null;
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    abort() {
      if (!this.request || this.request.isAborted) return;
      this.request.isAborted = true;
      this.onabort?.();
    }
    send(body: Blob) {
      const xhr = this;
      let isDone = false;
      const request: FakeUploadRequest = {
        method: this.method,
        url: this.url,
        headers: this.headers,
        body,
        isAborted: false,
        progress(loaded) {
          xhr.upload.onprogress?.({ loaded, total: body.size, lengthComputable: true });
        },
        answer(status, text = '') {
          if (isDone || request.isAborted) return;
          isDone = true;
          xhr.status = status;
          xhr.responseText = text;
          if (status >= 200 && status < 300) onStored(xhr.url);
          xhr.onload?.();
        },
        drop() {
          if (isDone || request.isAborted) return;
          isDone = true;
          xhr.onerror?.();
        },
      };
      this.request = request;
      store.requests.push(request);
      if (store.autoAnswer)
        void Promise.resolve().then(() => {
          request.progress(Math.floor(body.size / 2));
          request.answer(200);
        });
    }
  }
  return { store, XMLHttpRequest: FakeXhr as unknown as typeof XMLHttpRequest };
}

/**
 * An in-memory Oceras server behind `fetch`, answering the routes the app calls, and a socket the test drives.
 * `isOnline = false` makes every request fail as a dropped connection does (TypeError); `isCorsRefused` makes a
 * browser's refusal of the agent API (same TypeError, but the widget API still answers).
 */
export function fakeServer() {
  const state = {
    isOnline: true,
    /** The organization's agents (listAgents). */
    agents: [me] as TAgent[],
    /** A browser refusing the agent API (origin not in CORS_ORIGINS): only the widget API, open to all, answers. */
    isCorsRefused: false,
    password: 'correct horse',
    conversations: [] as TConversation[],
    teams: [] as TTeam[],
    savedViews: [] as TSavedView[],
    mentions: [] as TMention[],
    /** A server older than low ratings in the Mentions list: it refuses `kinds` (400), as its strict query did. */
    isBeforeNoticeKinds: false,
    cannedResponses: [] as TCannedResponse[],
    /** bulkUpdateConversations refuses these ids (a colleague's conversation, say) with this message. */
    bulkRefusals: new Map<string, string>(),
    /** The organization's custom field definitions (listCustomFields). */
    customFields: [] as TCustomField[],
    messages: new Map<string, TMessage[]>(),
    settings: {
      enabled: true,
      assigned: true,
      unassigned: true,
      mentions: true,
      email: 'immediate',
    } as TNotificationSettings | null,
    devices: [] as TDevice[],
    refreshTokens: new Set<string>(),
    calls: [] as Call[],
    issued: 0,
    /** Uploads asked for (createUpload), by attachment id; `stored` once the file store has the bytes. */
    uploads: new Map<string, { fileName: string; contentType: string; size: number; stored: boolean }>(),
    /** The next createUpload is refused with this (the organization's limits, say). */
    refuseUpload: null as { status: number; code: string; message: string } | null,
    /** deleteMe is refused with this sentence (the last admin). */
    refuseDeletion: null as string | null,
    deleted: false,
    /** Two-factor of the signed-in agent: the code the fake authenticator shows, and the unused recovery codes. */
    twoFactor: { isEnabled: false, code: '246810', recoveryCodes: ['aaaa-bbbb-cccc-dddd', 'eeee-ffff-gggg-hhhh'] },
    /** The organization requires two-factor (getMe says so; other calls answer TWO_FACTOR_REQUIRED without it). */
    requireTwoFactor: false,
    /** The agent's language for the apps (GET/PATCH /me); null: their device's. */
    language: null as 'en' | 'fr' | 'de' | 'es' | null,
    /** The next saved view written (created, renamed, deleted) is refused with this (a shared one, say). */
    refuseSavedView: null as { status: number; code: string; message: string } | null,
    /** The files on the "device": what the pickers return, by uri. */
    files: new Map<string, Blob>(),
  };
  const fileStore = fakeFileStore((url) => {
    const id = url.match(/\/files\/([^/]+)\/upload/)?.[1];
    const upload = id ? state.uploads.get(id) : undefined;
    if (upload) upload.stored = true;
  });
  const attachment = (id: string): TAttachment => {
    const u = state.uploads.get(id);
    if (!u?.stored) throw new Error(`attachment ${id} was not uploaded`);
    return { id, fileName: u.fileName, contentType: u.contentType, size: u.size, url: `${SERVER}/files/${id}` };
  };
  const pair = () => {
    const refreshToken = `refresh-token-${++state.issued}-abcdefghijklmnop`;
    state.refreshTokens.add(refreshToken);
    return {
      accessToken: accessToken(`a${state.issued}`),
      accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
      refreshToken,
      sessionId: '00000000-0000-4000-8000-00000000aaaa',
    };
  };
  const json = (status: number, body: unknown) =>
    new Response(body === undefined ? '' : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const error = (status: number, code: string, message: string) => json(status, { error: { code, message } });
  const org = (): TOrganization => ({ ...organization, requireTwoFactor: state.requireTwoFactor });
  const counts = (): TConversationCounts => {
    const open = state.conversations.filter((c) => c.status !== 'resolved');
    return {
      mine: open.filter((c) => c.assigneeId === me.id).length,
      unassigned: open.filter((c) => c.assigneeId === null).length,
      all: open.length,
      byStatus: { open: open.length, pending: 0, snoozed: 0, resolved: 0 },
      unreadConversations: open.filter((c) => c.assigneeId === me.id && c.unreadCount > 0).length,
    };
  };

  const fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    if (!state.isOnline) throw new TypeError('Network request failed');
    const path = url.pathname;
    if (state.isCorsRefused && !path.startsWith('/api/v1/widget/')) throw new TypeError('Failed to fetch');
    if (method === 'GET' && path === '/api/v1/widget/config') return error(400, 'VALIDATION_FAILED', 'key: required');
    const route = (name: string) => void state.calls.push({ name, method, path, body });
    const answer = (name: string, status: number, payload: unknown) => {
      route(name);
      return json(status, payload);
    };
    const conv = (id: string) => state.conversations.find((c) => c.id === id);
    const messagesPath = path.match(/^\/api\/v1\/conversations\/([^/]+)\/messages$/);
    const conversationPath = path.match(/^\/api\/v1\/conversations\/([^/]+)$/);
    const devicePath = path.match(/^\/api\/v1\/me\/devices\/([^/]+)$/);
    if (method === 'POST' && path === '/api/v1/auth/login') {
      route('login');
      if (body.password !== state.password) return error(401, 'INVALID_CREDENTIALS', 'Wrong email or password');
      if (state.twoFactor.isEnabled) return json(200, { twoFactorRequired: true, challengeToken: 'tfc_challenge' });
      return json(200, { ...pair(), agent: me, organization: org(), twoFactorEnabled: false });
    }
    if (method === 'POST' && path === '/api/v1/auth/login/two-factor') {
      route('loginTwoFactor');
      if (body.challengeToken !== 'tfc_challenge')
        return error(401, 'TWO_FACTOR_CHALLENGE_INVALID', 'this sign-in has expired or was already completed');
      const left = state.twoFactor.recoveryCodes.filter((c) => c !== body.recoveryCode);
      const isRight = body.code === state.twoFactor.code || left.length < state.twoFactor.recoveryCodes.length;
      if (!isRight)
        return error(401, 'INVALID_TWO_FACTOR_CODE', 'this code is wrong, was already used, or has expired');
      state.twoFactor.recoveryCodes = left;
      return json(200, { ...pair(), agent: me, organization: org(), twoFactorEnabled: true });
    }
    if (method === 'POST' && path === '/api/v1/me/two-factor/setup')
      return answer('setUpTwoFactor', 200, {
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/Oceras%20(Acme):ada%40acme.test?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      });
    if (method === 'POST' && path === '/api/v1/me/two-factor/enable') {
      route('enableTwoFactor');
      if (body.code !== state.twoFactor.code)
        return error(401, 'INVALID_TWO_FACTOR_CODE', 'this code is wrong, was already used, or has expired');
      state.twoFactor.isEnabled = true;
      return json(200, { recoveryCodes: state.twoFactor.recoveryCodes });
    }
    if (method === 'DELETE' && path === '/api/v1/me/two-factor') {
      route('disableTwoFactor');
      if (body.currentPassword !== state.password)
        return error(401, 'INVALID_CREDENTIALS', 'the current password is wrong');
      if (body.code !== state.twoFactor.code)
        return error(401, 'INVALID_TWO_FACTOR_CODE', 'this code is wrong, was already used, or has expired');
      state.twoFactor.isEnabled = false;
      return json(200, { ok: true });
    }
    if (method === 'POST' && path === '/api/v1/auth/refresh') {
      route('refresh');
      if (!state.refreshTokens.delete(body.refreshToken)) return error(401, 'SESSION_REVOKED', 'Session ended');
      return json(200, pair());
    }
    if (method === 'POST' && path === '/api/v1/auth/logout') {
      route('logout');
      state.refreshTokens.clear();
      return json(200, { ok: true });
    }
    if (method === 'GET' && path === '/api/v1/me')
      return answer('getMe', 200, {
        agent: me,
        organization: org(),
        twoFactorEnabled: state.twoFactor.isEnabled,
        language: state.language,
      });
    if (state.requireTwoFactor && !state.twoFactor.isEnabled && path !== '/api/v1/auth/logout')
      return error(403, 'TWO_FACTOR_REQUIRED', 'your organization requires two-factor sign-in: set it up first');
    if (method === 'POST' && path === '/api/v1/uploads') {
      route('createUpload');
      if (state.refuseUpload) {
        const { status, code, message } = state.refuseUpload;
        state.refuseUpload = null;
        return error(status, code, message);
      }
      const id = uuid();
      state.uploads.set(id, { fileName: body.fileName, contentType: body.contentType, size: body.size, stored: false });
      return json(201, {
        attachmentId: id,
        uploadUrl: `${SERVER}/files/${id}/upload?signature=s`,
        uploadMethod: 'PUT',
        uploadHeaders: { 'content-type': body.contentType },
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      });
    }
    if (method === 'PATCH' && path === '/api/v1/me') {
      // A new photo: the server makes it the agent's avatar at a new URL of its own.
      const { avatarAttachmentId, language, ...rest } = body;
      if (language !== undefined) state.language = language;
      const avatar = avatarAttachmentId
        ? { avatarUrl: `${SERVER}/api/v1/avatars/${me.id}/v-${avatarAttachmentId}.webp` }
        : {};
      const agent = { ...me, ...rest, ...avatar };
      // GET /me's shape, and protocol 1's top-level agent fields (deprecated) as the real server sends them.
      return answer('updateMe', 200, {
        ...agent,
        agent,
        organization: org(),
        twoFactorEnabled: state.twoFactor.isEnabled,
        language: state.language,
      });
    }
    if (method === 'PATCH' && path === '/api/v1/me/email') {
      route('changeEmail');
      if (body.currentPassword !== state.password)
        return error(401, 'INVALID_CREDENTIALS', 'the current password is wrong');
      if (body.email === 'taken@acme.test') return error(409, 'EMAIL_TAKEN', 'an account with this email exists');
      return json(200, { ...me, email: body.email });
    }
    if (method === 'GET' && path === '/api/v1/me/export')
      return answer('exportMe', 200, {
        format: 'oceras.agent-export',
        version: 1,
        exportedAt: '2026-12-06T01:00:00.000Z',
        organization: { id: organization.id, name: organization.name, slug: organization.slug },
        agent: me,
        sessions: [],
        messages: [],
      });
    if (method === 'DELETE' && path === '/api/v1/me') {
      route('deleteMe');
      if (state.refuseDeletion) return error(409, 'CONFLICT', state.refuseDeletion);
      state.deleted = true;
      state.refreshTokens.clear();
      return json(200, { ok: true });
    }
    if (method === 'GET' && path === '/api/v1/conversations/counts') return answer('countConversations', 200, counts());
    if (method === 'GET' && path === '/api/v1/agents') return answer('listAgents', 200, { agents: state.agents });
    if (method === 'GET' && path === '/api/v1/search') {
      // The conversations whose visitor name or preview holds the query, the match marked (the real ranking and
      // snippets are the server's; the app only shows them).
      const q = url.searchParams.get('q') ?? '';
      state.calls.push({
        name: 'searchConversations',
        method,
        path,
        body: { q, cursor: url.searchParams.get('cursor') },
      });
      const hits = state.conversations.flatMap((c) => {
        const text = c.lastMessagePreview ?? '';
        const at = text.toLowerCase().indexOf(q.toLowerCase());
        if (at < 0) return [];
        return [
          {
            conversation: c,
            match: 'message',
            messageSeq: 1,
            snippet: { text, highlights: [{ start: at, end: at + q.length }] },
          },
        ];
      });
      return json(200, { hits, order: 'relevance', nextCursor: null });
    }
    if (method === 'GET' && path === '/api/v1/teams') return answer('listTeams', 200, { teams: state.teams });
    if (method === 'GET' && path === '/api/v1/saved-views')
      return answer('listSavedViews', 200, { savedViews: state.savedViews });
    const savedViewPath = path.match(/^\/api\/v1\/saved-views\/([^/]+)$/);
    if (
      (method === 'POST' && path === '/api/v1/saved-views') ||
      (savedViewPath && method !== 'GET' && !path.endsWith('/counts'))
    ) {
      const name = method === 'POST' ? 'createSavedView' : method === 'PATCH' ? 'updateSavedView' : 'deleteSavedView';
      route(name);
      if (state.refuseSavedView) {
        const { status, code, message } = state.refuseSavedView;
        state.refuseSavedView = null;
        return error(status, code, message);
      }
      if (method === 'POST') {
        // The server's rule: shared views are for managers and admins.
        if (body.scope === 'shared' && me.role === 'agent')
          return error(403, 'FORBIDDEN', 'shared views are managed by managers and admins');
        const view: TSavedView = {
          id: uuid(),
          name: body.name,
          scope: body.scope,
          filters: body.filters,
          inapplicableFilters: [],
          createdAt: iso(),
          updatedAt: iso(),
        };
        state.savedViews.push(view);
        return json(201, view);
      }
      const view = state.savedViews.find((v) => v.id === savedViewPath![1]);
      if (!view) return error(404, 'NOT_FOUND', 'saved view not found');
      if (method === 'DELETE') {
        state.savedViews = state.savedViews.filter((v) => v !== view);
        return json(200, { ok: true });
      }
      Object.assign(view, body, { updatedAt: iso() });
      // The server reads the new filters against the fields: the fake's views name none that no longer apply.
      if (body.filters) view.inapplicableFilters = [];
      return json(200, view);
    }
    if (method === 'GET' && path === '/api/v1/saved-views/counts')
      return answer('countSavedViews', 200, {
        counts: state.savedViews.map((v) => ({
          id: v.id,
          count: state.conversations.filter((c) => matches(c, { ...v.filters, view: v.filters.view ?? 'all' }, me.id))
            .length,
        })),
      });
    if (method === 'GET' && path === '/api/v1/notifications/mentions' && state.isBeforeNoticeKinds)
      if (url.searchParams.has('kinds')) {
        route('listMentions');
        return error(400, 'VALIDATION_FAILED', 'unrecognized key: kinds');
      }
    if (method === 'GET' && path === '/api/v1/notifications/mentions') {
      // The query, as the call's body: which kinds the app asked for.
      state.calls.push({ name: 'listMentions', method, path, body: Object.fromEntries(url.searchParams) });
      return json(200, {
        mentions: state.mentions,
        nextCursor: null,
        unreadCount: state.mentions.filter((m) => !m.readAt).length,
      });
    }
    if (method === 'POST' && path === '/api/v1/notifications/mentions/read') {
      route('markMentionsRead');
      for (const m of state.mentions)
        if (!body.conversationId || m.conversationId === body.conversationId) m.readAt ??= iso();
      return json(200, { unreadCount: state.mentions.filter((m) => !m.readAt).length });
    }
    if (method === 'GET' && path === '/api/v1/canned-responses')
      return answer('listCannedResponses', 200, { cannedResponses: state.cannedResponses, isTruncated: false });
    if (method === 'POST' && path === '/api/v1/conversations/bulk') {
      route('bulkUpdateConversations');
      const results = (body.ids as string[]).map((id) => {
        const c = conv(id);
        const refusal = state.bulkRefusals.get(id);
        if (!c || refusal) return { id, ok: false, error: { code: 'FORBIDDEN', message: refusal ?? 'not found' } };
        const { addTags, ...change } = body.change;
        Object.assign(c, change, { version: c.version + 1 }, addTags ? { tags: [...c.tags, ...addTags] } : {});
        return { id, ok: true, conversation: { ...c } };
      });
      return json(200, { results });
    }
    if (method === 'GET' && path === '/api/v1/conversations') {
      route('listConversations');
      // The server's filter is the protocol's list rule (the real one is SQL); a cursor is the offset.
      const q = Object.fromEntries(url.searchParams) as Record<string, string>;
      const filter = { view: (q.view ?? 'all') as 'all', ...q, status: (q.status ?? undefined) as 'open' | undefined };
      const items = state.conversations.filter((c) => matches(c, filter, me.id));
      // Pages of `limit`, the cursor being the offset (the real one is a keyset; the app treats it as opaque).
      const limit = Number(url.searchParams.get('limit') ?? 25);
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const next = from + limit < items.length ? String(from + limit) : null;
      return json(200, { conversations: items.slice(from, from + limit), nextCursor: next });
    }
    if (messagesPath) {
      const id = messagesPath[1]!;
      if (method === 'GET')
        return answer('listMessages', 200, { messages: state.messages.get(id) ?? [], hasMore: false });
      route('sendMessage');
      const list = state.messages.get(id) ?? [];
      const held = list.find((x) => x.clientId === body.clientId);
      if (held) return json(201, held);
      const msg = message(id, list.length + 1, body.body ?? '', {
        clientId: body.clientId,
        type: body.type ?? 'message',
        author: { type: 'agent', id: me.id, name: me.name, avatarUrl: null },
        attachments: ((body.attachmentIds ?? []) as string[]).map(attachment),
      });
      state.messages.set(id, [...list, msg]);
      return json(201, msg);
    }
    if (method === 'GET' && path === '/api/v1/custom-fields')
      return answer('listCustomFields', 200, { fields: state.customFields });
    const fieldsPath = path.match(/^\/api\/v1\/conversations\/([^/]+)\/fields$/);
    if (fieldsPath && method === 'PATCH') {
      const c = conv(fieldsPath[1]!);
      if (!c) return error(404, 'NOT_FOUND', 'No such conversation');
      route('setConversationFields');
      const next = { ...c.customFields };
      for (const [k, v] of Object.entries(body.values as Record<string, unknown>))
        if (v === null) delete next[k];
        else next[k] = v as never;
      Object.assign(c, { customFields: next, version: c.version + 1 });
      return json(200, c);
    }
    if (conversationPath) {
      const c = conv(conversationPath[1]!);
      if (!c) return error(404, 'NOT_FOUND', 'No such conversation');
      if (method === 'GET') return answer('getConversation', 200, c);
      route('updateConversation');
      Object.assign(c, body, { version: c.version + 1 });
      return json(200, c);
    }
    const visitorPath = path.match(/^\/api\/v1\/visitors\/([^/]+)$/);
    if (visitorPath && method === 'GET') {
      const c = state.conversations.find((x) => x.visitor.id === visitorPath[1]);
      if (!c) return error(404, 'NOT_FOUND', 'No such visitor');
      return answer('getVisitor', 200, {
        userId: null,
        customAttributes: {},
        phone: null,
        company: null,
        timeZone: null,
        locale: null,
        ...c.visitor,
        firstSeenAt: c.createdAt,
        lastSeenAt: c.lastActivityAt,
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Safari/604.1',
        conversations: [c].map(({ id, number, status, subject, lastMessagePreview, lastActivityAt, createdAt }) => ({
          id,
          number,
          status,
          subject,
          lastMessagePreview,
          lastActivityAt,
          createdAt,
          pageUrl: null,
          pageTitle: null,
        })),
      });
    }
    if (path === '/api/v1/me/notifications') {
      if (!state.settings) return error(404, 'NOT_FOUND', 'Route not found');
      if (method === 'GET') return answer('getNotificationSettings', 200, state.settings);
      route('updateNotificationSettings');
      state.settings = { ...state.settings, ...body };
      return json(200, state.settings);
    }
    if (path === '/api/v1/me/devices') {
      if (!state.settings) return error(404, 'NOT_FOUND', 'Route not found');
      if (method === 'GET') return answer('listDevices', 200, { devices: state.devices });
      route('registerDevice');
      const device: TDevice = {
        id: uuid(),
        agentId: me.id,
        platform: body.platform,
        appVersion: body.appVersion,
        name: body.name ?? null,
        tokenHint: String(body.token).slice(-6, -1),
        permission: body.permission ?? 'granted',
        failureCount: 0,
        lastSeenAt: iso(),
        createdAt: iso(),
      };
      state.devices.push(device);
      return json(200, device);
    }
    if (devicePath && method === 'DELETE') {
      route('removeDevice');
      state.devices = state.devices.filter((d) => d.id !== devicePath[1]);
      return json(200, { ok: true });
    }
    return error(404, 'NOT_FOUND', `no fake for ${method} ${path}`);
  });

  const calls = (name: string) => state.calls.filter((c) => c.name === name);
  /** A file on the device, as a picker returns it. */
  const deviceFile = (name: string, type: string, size: number) => {
    const uri = `file:///cache/${uuid()}/${name}`;
    state.files.set(uri, new Blob(['x'.repeat(size)], { type }));
    return { uri, name, type, size };
  };
  const readFile = async (uri: string) => {
    const blob = state.files.get(uri);
    if (!blob) throw new Error(`no file at ${uri}`);
    return blob;
  };
  return {
    state,
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    fileStore: fileStore.store,
    XMLHttpRequest: fileStore.XMLHttpRequest,
    deviceFile,
    readFile,
  };
}

/**
 * The shared fake socket (the realtime client's tests use it too), with what the app sent as `{ event, payload }`
 * and a way to play Socket.IO's events (`fire`).
 */
export function fakeSocket() {
  const fake = sharedFakeSocket();
  // Listed, not spread: Babel's spread would read the getter below once, at creation.
  const { socket, handshake, accept, refuse, drop, fire, listens } = fake;
  return {
    socket,
    handshake,
    accept,
    refuse,
    drop,
    fire,
    listens,
    get emitted() {
      return fake.socket.emitted.map(({ event, args }) => ({ event, payload: args[0] }));
    },
    open: () => fake.socket,
  };
}

const live: App[] = [];

/** A whole app over the fake server and socket, with in-memory secure storage and cache. */
export function testApp(server = fakeServer(), socket = fakeSocket()) {
  const secure = memoryStorage();
  const cache = memoryStorage();
  const app: App = createApp({
    secure,
    cache,
    fetch: server.fetch,
    openSocket: socket.open,
    readFile: server.readFile,
    XMLHttpRequest: server.XMLHttpRequest,
  });
  live.push(app);
  return { app, server, socket, secure, cache };
}

/** Stops every test app's timers (token refresh, socket), so Jest can exit. */
export function disposeTestApps() {
  for (const app of live.splice(0)) {
    app.session.dispose();
    app.inbox.stop();
  }
}

/** Signs the test app in directly (for screens after the sign-in one). */
export async function signedIn(t = testApp()) {
  await t.app.session.signIn(SERVER, me.email, t.server.state.password);
  return t;
}
