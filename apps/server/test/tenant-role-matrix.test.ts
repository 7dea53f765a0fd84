/**
 * The tenant and role matrix, walked from the route table and the socket event maps: every route and every socket
 * call is refused to an anonymous caller, to a visitor where it is agent-only (and to an agent where it is the
 * visitor's), to an agent without the role, and to another organization. A route or event without an entry here is
 * a type error (npm test type-checks first) and a failure below.
 */
import type {
  AgentClientToServerEvents,
  RouteName,
  RouteSpec,
  TApiScope,
  TApiScopeResource,
  VisitorClientToServerEvents,
} from '@oceras/protocol';
import { API_SCOPE_RESOURCES, API_SCOPES, ROUTES } from '@oceras/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../src/modules/email/email.repo.js';
import {
  buildAgent,
  buildOrganization,
  enrolTwoFactor,
  startTestServer,
  statusOf,
  type TestServer,
} from './helpers.js';

let server: TestServer;
let fx: Awaited<ReturnType<typeof fixtures>>;

async function fixtures() {
  const a = await buildOrganization(server);
  const b = await buildOrganization(server);
  const invite = await a.api.call('createInvitation', {
    body: { email: `agent-${a.organization.slug}@example.com`, role: 'agent' },
  });
  const token = invite.inviteUrl!.split('#token=')[1]!;
  const agentA = await server
    .client()
    .call('acceptInvitation', { body: { token, name: 'Agent A', password: 'agent password 1' } });
  const pending = await a.api.call('createInvitation', { body: { email: `later-${a.organization.slug}@example.com` } });
  // A webhook of A's that hears the conversation below: its delivery (to this server's own 404) is A's to resend.
  const webhook = await a.api.call('createWebhook', {
    body: { url: `${server.baseUrl}/webhook-sink`, events: ['conversation.created'] },
  });
  const apiToken = await a.api.call('createApiToken', { body: { name: 'matrix', scopes: ['conversations:read'] } });
  const canned = await a.api.call('createCannedResponse', {
    body: { shortcode: 'matrix', title: 'Matrix', body: 'private words', scope: 'shared' },
  });
  const team = await a.api.call('createTeam', { body: { name: 'Matrix team', agentIds: [agentA.agent.id] } });
  const savedView = await a.api.call('createSavedView', {
    body: { name: 'private words', scope: 'shared', filters: { view: 'all', tag: 'matrix' } },
  });
  // Custom fields of A's, labelled with the words another organization must never see.
  const field = await a.api.call('createCustomField', {
    body: { entity: 'conversation', key: 'matrix', label: 'private words', type: 'text' },
  });
  await a.api.call('createCustomField', {
    body: { entity: 'contact', key: 'matrix_contact', label: 'private words', type: 'text' },
  });
  const visitorA = await server.client().call('createWidgetSession', { body: { widgetKey: a.organization.widgetKey } });
  const visitorB = await server.client().call('createWidgetSession', { body: { widgetKey: b.organization.widgetKey } });
  const conv = await server.client(visitorA.sessionToken).call('startConversation', {
    body: { clientId: 'matrix-conv', message: { clientId: 'matrix-msg-1', body: 'private words' } },
  });
  // Agent A mentions A's admin in a note: the admin's mentions list holds it.
  await server.client(agentA.accessToken).call('sendMessage', {
    params: { id: conv.id },
    body: { clientId: 'matrix-mention', type: 'note', body: `@${a.agent.name} private words` },
  });
  const note = await a.api.call('createVisitorNote', {
    params: { id: visitorA.visitorId },
    body: { body: 'private words' },
  });
  // An email in A's outbound log (no SMTP here: it stays queued), for the delivery log's own-data check.
  await enqueueEmail(server.services.db, a.organization.id, {
    kind: 'followup',
    conversationId: conv.id,
    recipient: 'visitor@example.com',
    subject: 'private words',
    text: 'private words',
    messageId: `<matrix.${conv.id}@oceras.test>`,
  });
  const inbox = await a.api.call('createEmailInbox', { body: { address: `support@${a.organization.slug}.example` } });
  const device = await a.api.call('registerDevice', {
    body: {
      token: `ExponentPushToken[matrix${a.organization.slug.replace(/[^A-Za-z0-9]/g, '')}]`,
      platform: 'ios',
      appVersion: '1.0.0',
    },
  });
  await server.webhooks.settle();
  const { deliveries } = await a.api.call('listWebhookDeliveries', { params: { id: webhook.id } });
  const delivery = deliveries[0]!;
  return {
    a,
    b,
    agentA,
    pending,
    visitorA,
    visitorB,
    conv,
    device,
    webhook,
    delivery,
    apiToken,
    canned,
    team,
    note,
    savedView,
    field,
    inbox,
  };
}

type Fx = typeof fx;
/** A year around today: the reports' routes read the fixtures' conversations. */
const REPORT_RANGE = {
  from: `${new Date().getUTCFullYear() - 1}-12-01`,
  to: `${new Date().getUTCFullYear() + 1}-01-31`,
};
type Args = { params?: Record<string, string>; body?: unknown; query?: Record<string, unknown> };
/** not-found: another organization gets 404. own-data: it gets only its own data. self: acts on the caller only. */
type Cross = 'not-found' | 'own-data' | 'self' | 'public';
const MATRIX: Record<RouteName, { args: (f: Fx) => Args; cross: Cross }> = {
  signup: { args: () => ({}), cross: 'public' },
  login: { args: () => ({}), cross: 'public' },
  loginTwoFactor: { args: () => ({}), cross: 'public' },
  refresh: { args: () => ({}), cross: 'public' },
  acceptInvitation: { args: () => ({}), cross: 'public' },
  createWidgetSession: { args: () => ({}), cross: 'public' },
  getWidgetConfig: { args: () => ({}), cross: 'public' },
  getPublicConfig: { args: () => ({}), cross: 'public' },
  logout: { args: () => ({ body: {} }), cross: 'self' },
  getMe: { args: () => ({}), cross: 'own-data' },
  exportMe: { args: () => ({}), cross: 'own-data' },
  deleteMe: { args: () => ({}), cross: 'self' },
  updateMe: { args: () => ({ body: { name: 'Renamed' } }), cross: 'self' },
  changePassword: {
    args: (f) => ({ body: { currentPassword: f.a.password, newPassword: 'another password' } }),
    cross: 'self',
  },
  changeEmail: {
    args: (f) => ({
      body: { email: `moved-${Math.random().toString(36).slice(2)}@example.test`, currentPassword: f.a.password },
    }),
    cross: 'self',
  },
  listSessions: { args: () => ({}), cross: 'own-data' },
  // Each acts on the caller's own second factor only: another organization's agent sets up, confirms or turns off
  // their own (test/two-factor.test.ts shows the other agent's stays as it was).
  setUpTwoFactor: { args: () => ({}), cross: 'self' },
  enableTwoFactor: { args: () => ({ body: { code: '123456' } }), cross: 'self' },
  disableTwoFactor: { args: (f) => ({ body: { currentPassword: f.a.password, code: '123456' } }), cross: 'self' },
  regenerateRecoveryCodes: {
    args: (f) => ({ body: { currentPassword: f.a.password, code: '123456' } }),
    cross: 'self',
  },
  endSession: { args: (f) => ({ params: { id: f.a.sessionId } }), cross: 'not-found' },
  registerDevice: {
    args: () => ({ body: { token: 'ExponentPushToken[matrixIntruder01]', platform: 'android', appVersion: '1.0.0' } }),
    cross: 'self',
  },
  listDevices: { args: () => ({}), cross: 'own-data' },
  removeDevice: { args: (f) => ({ params: { id: f.device.id } }), cross: 'not-found' },
  getNotificationSettings: { args: () => ({}), cross: 'own-data' },
  updateNotificationSettings: { args: () => ({ body: { enabled: false } }), cross: 'self' },
  listMentions: { args: () => ({}), cross: 'own-data' },
  markMentionsRead: { args: (f) => ({ body: { conversationId: f.conv.id } }), cross: 'self' },
  listOrganizationDevices: { args: () => ({}), cross: 'own-data' },
  sendTestPush: { args: (f) => ({ params: { id: f.device.id } }), cross: 'not-found' },
  listPushDeliveries: { args: () => ({}), cross: 'own-data' },
  listEmailDeliveries: { args: () => ({}), cross: 'own-data' },
  listEmailInboxes: { args: () => ({}), cross: 'own-data' },
  createEmailInbox: { args: () => ({ body: { address: 'intruder@example.test' } }), cross: 'self' },
  deleteEmailInbox: { args: (f) => ({ params: { id: f.inbox.id } }), cross: 'not-found' },
  getOrganization: { args: () => ({}), cross: 'own-data' },
  updateOrganization: { args: () => ({ body: { name: 'Taken over' } }), cross: 'self' },
  createIdentitySecret: { args: () => ({}), cross: 'self' },
  // Another organization's admin typing this one's slug: refused (test/privacy/rights-organization.test.ts).
  deleteOrganization: { args: (f) => ({ query: { confirm: f.a.organization.slug } }), cross: 'self' },
  listAgents: { args: () => ({}), cross: 'own-data' },
  updateAgent: { args: (f) => ({ params: { id: f.agentA.agent.id }, body: { role: 'admin' } }), cross: 'not-found' },
  removeAgent: { args: (f) => ({ params: { id: f.agentA.agent.id } }), cross: 'not-found' },
  setAgentRestriction: {
    args: (f) => ({ params: { id: f.agentA.agent.id }, body: { isRestricted: true } }),
    cross: 'not-found',
  },
  // An agent's own, or an admin's for anyone: another organization's agent id is not found.
  getAvailabilitySchedule: { args: (f) => ({ params: { id: f.agentA.agent.id } }), cross: 'not-found' },
  updateAvailabilitySchedule: {
    args: (f) => ({
      params: { id: f.agentA.agent.id },
      body: { followSchedule: true, timeZone: 'UTC', weekly: [{ day: 1, from: '09:00', to: '17:00' }] },
    }),
    cross: 'not-found',
  },
  listInvitations: { args: () => ({}), cross: 'own-data' },
  createInvitation: { args: () => ({ body: { email: 'intruder@example.com' } }), cross: 'self' },
  revokeInvitation: { args: (f) => ({ params: { id: f.pending.id } }), cross: 'not-found' },
  listConversations: { args: () => ({}), cross: 'own-data' },
  countConversations: { args: () => ({}), cross: 'own-data' },
  // Another organization searching for this one's words finds nothing (own-data's check: no id, no 'private words').
  searchConversations: { args: () => ({ query: { q: 'private words' } }), cross: 'own-data' },
  getConversation: { args: (f) => ({ params: { id: f.conv.id } }), cross: 'not-found' },
  updateConversation: {
    args: (f) => ({ params: { id: f.conv.id }, body: { status: 'resolved' } }),
    cross: 'not-found',
  },
  // Another organization's ids are each answered NOT_FOUND, nothing changed (saved-views-bulk.test.ts).
  bulkUpdateConversations: {
    args: (f) => ({ body: { ids: [f.conv.id], change: { priority: 'urgent' } } }),
    cross: 'self',
  },
  // Another organization lists and exports only its own contacts (no 'private words', none of A's ids).
  listVisitors: { args: () => ({ query: { q: 'a' } }), cross: 'own-data' },
  exportVisitorsCsv: { args: () => ({}), cross: 'own-data' },
  importVisitorsCsv: { args: () => ({ body: { csv: 'email\nintruder@example.com' } }), cross: 'self' },
  mergeVisitors: {
    args: (f) => ({ params: { id: f.visitorA.visitorId }, body: { intoVisitorId: f.visitorA.visitorId } }),
    cross: 'not-found',
  },
  listVisitorNotes: { args: (f) => ({ params: { id: f.visitorA.visitorId } }), cross: 'not-found' },
  createVisitorNote: {
    args: (f) => ({ params: { id: f.visitorA.visitorId }, body: { body: 'intruder' } }),
    cross: 'not-found',
  },
  deleteVisitorNote: {
    args: (f) => ({ params: { id: f.visitorA.visitorId, noteId: f.note.id } }),
    cross: 'not-found',
  },
  getVisitor: { args: (f) => ({ params: { id: f.visitorA.visitorId } }), cross: 'not-found' },
  updateVisitor: { args: (f) => ({ params: { id: f.visitorA.visitorId }, body: { name: 'Eve' } }), cross: 'not-found' },
  eraseVisitor: { args: (f) => ({ params: { id: f.visitorA.visitorId } }), cross: 'not-found' },
  exportVisitor: { args: (f) => ({ params: { id: f.visitorA.visitorId } }), cross: 'not-found' },
  setVisitorRestriction: {
    args: (f) => ({ params: { id: f.visitorA.visitorId }, body: { isRestricted: true } }),
    cross: 'not-found',
  },
  listAuditLog: { args: () => ({}), cross: 'own-data' },
  exportAuditLog: { args: () => ({}), cross: 'own-data' },
  revokeVisitorSessions: { args: (f) => ({ params: { id: f.visitorA.visitorId } }), cross: 'not-found' },
  listMessages: { args: (f) => ({ params: { id: f.conv.id } }), cross: 'not-found' },
  sendMessage: {
    args: (f) => ({ params: { id: f.conv.id }, body: { clientId: 'matrix-intrude', body: 'hi' } }),
    cross: 'not-found',
  },
  markRead: { args: (f) => ({ params: { id: f.conv.id }, body: { seq: 1 } }), cross: 'not-found' },
  // Another organization lists only its own (no 'private words'); A's shared response is 404 to it.
  listCannedResponses: { args: () => ({ query: { q: 'matrix' } }), cross: 'own-data' },
  createCannedResponse: {
    args: () => ({ body: { shortcode: 'intruder', title: 'Intruder', body: 'hi', scope: 'personal' } }),
    cross: 'self',
  },
  updateCannedResponse: {
    args: (f) => ({ params: { id: f.canned.id }, body: { body: 'taken over' } }),
    cross: 'not-found',
  },
  deleteCannedResponse: { args: (f) => ({ params: { id: f.canned.id } }), cross: 'not-found' },
  // Another organization lists and counts only its own views; A's shared view is 404 to it.
  listSavedViews: { args: () => ({}), cross: 'own-data' },
  countSavedViews: { args: () => ({}), cross: 'own-data' },
  createSavedView: {
    args: () => ({ body: { name: 'Intruder', scope: 'personal', filters: { view: 'mine' } } }),
    cross: 'self',
  },
  updateSavedView: {
    args: (f) => ({ params: { id: f.savedView.id }, body: { name: 'taken over' } }),
    cross: 'not-found',
  },
  deleteSavedView: { args: (f) => ({ params: { id: f.savedView.id } }), cross: 'not-found' },
  // Another organization lists only its own teams (not A's, nor A's agents as members).
  listTeams: { args: () => ({}), cross: 'own-data' },
  createTeam: { args: () => ({ body: { name: `Intruders ${Math.random().toString(36).slice(2)}` } }), cross: 'self' },
  // A's agent as a member is as unknown to another organization as A's team.
  updateTeam: {
    args: (f) => ({
      params: { id: f.team.id },
      body: {
        name: 'Taken over',
        agentIds: [f.agentA.agent.id],
        businessHours: { enabled: true, weekly: [], holidays: [] },
      },
    }),
    cross: 'not-found',
  },
  deleteTeam: { args: (f) => ({ params: { id: f.team.id } }), cross: 'not-found' },
  // Another organization lists only its own fields (no 'private words'); A's field is 404 to it.
  listCustomFields: { args: () => ({}), cross: 'own-data' },
  createCustomField: {
    args: () => ({
      body: { entity: 'conversation', key: `k${Math.random().toString(36).slice(2, 10)}`, label: 'X', type: 'text' },
    }),
    cross: 'self',
  },
  updateCustomField: {
    args: (f) => ({ params: { id: f.field.id }, body: { label: 'Taken over' } }),
    cross: 'not-found',
  },
  deleteCustomField: { args: (f) => ({ params: { id: f.field.id } }), cross: 'not-found' },
  setConversationFields: {
    args: (f) => ({ params: { id: f.conv.id }, body: { values: { matrix: 'intruder' } } }),
    cross: 'not-found',
  },
  setVisitorFields: {
    args: (f) => ({ params: { id: f.visitorA.visitorId }, body: { values: { matrix_contact: 'intruder' } } }),
    cross: 'not-found',
  },
  createUpload: {
    args: () => ({ body: { fileName: 'notes.txt', contentType: 'text/plain', size: 10 } }),
    cross: 'self',
  },
  createVisitorUpload: {
    args: () => ({ body: { fileName: 'notes.txt', contentType: 'text/plain', size: 10 } }),
    cross: 'self',
  },
  identifyVisitor: { args: () => ({ body: { name: 'Eve' } }), cross: 'self' },
  exportWidgetVisitor: { args: () => ({}), cross: 'own-data' },
  eraseWidgetVisitor: { args: () => ({}), cross: 'self' },
  revokeWidgetSession: { args: () => ({}), cross: 'self' },
  listVisitorConversations: { args: () => ({}), cross: 'own-data' },
  startConversation: { args: () => ({ body: { clientId: 'matrix-new-conv' } }), cross: 'self' },
  listVisitorMessages: { args: (f) => ({ params: { id: f.conv.id } }), cross: 'not-found' },
  sendVisitorMessage: {
    args: (f) => ({ params: { id: f.conv.id }, body: { clientId: 'matrix-intrude', body: 'hi' } }),
    cross: 'not-found',
  },
  markVisitorRead: { args: (f) => ({ params: { id: f.conv.id }, body: { seq: 1 } }), cross: 'not-found' },
  rateConversation: { args: (f) => ({ params: { id: f.conv.id }, body: { score: 5 } }), cross: 'not-found' },
  setConversationTranscript: {
    args: (f) => ({ params: { id: f.conv.id }, body: { emailTranscript: false } }),
    cross: 'not-found',
  },
  sendConversationTranscript: { args: (f) => ({ params: { id: f.conv.id } }), cross: 'not-found' },
  reportSummary: { args: () => ({ query: REPORT_RANGE }), cross: 'own-data' },
  reportAgents: { args: () => ({ query: REPORT_RANGE }), cross: 'own-data' },
  reportTeams: { args: () => ({ query: REPORT_RANGE }), cross: 'own-data' },
  reportTags: { args: () => ({ query: REPORT_RANGE }), cross: 'own-data' },
  reportHeatmap: { args: () => ({ query: REPORT_RANGE }), cross: 'own-data' },
  createApiToken: { args: () => ({ body: { name: 'intruder', scopes: ['conversations:read'] } }), cross: 'self' },
  listApiTokens: { args: () => ({}), cross: 'own-data' },
  revokeApiToken: { args: (f) => ({ params: { id: f.apiToken.id } }), cross: 'not-found' },
  createWebhook: {
    args: () => ({ body: { url: `${server.baseUrl}/intruder`, events: ['message.created'] } }),
    cross: 'self',
  },
  listWebhooks: { args: () => ({}), cross: 'own-data' },
  updateWebhook: { args: (f) => ({ params: { id: f.webhook.id }, body: { enabled: false } }), cross: 'not-found' },
  deleteWebhook: { args: (f) => ({ params: { id: f.webhook.id } }), cross: 'not-found' },
  listWebhookDeliveries: { args: (f) => ({ params: { id: f.webhook.id } }), cross: 'not-found' },
  resendWebhookDelivery: {
    args: (f) => ({ params: { id: f.webhook.id, deliveryId: f.delivery.id } }),
    cross: 'not-found',
  },
};

const call = (token: string | undefined, name: RouteName, args: Args) =>
  server.client(token).call(name as never, args as never);
/** What a GET route answers another organization, as text: a CSV download as sent (the client parses JSON). */
async function ownDataOf(token: string, name: RouteName) {
  if (!(ROUTES[name] as RouteSpec).csv) return JSON.stringify(await call(token, name, MATRIX[name].args(fx)));
  const res = await fetch(`${server.baseUrl}${ROUTES[name].path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  fx = await fixtures();
});
afterAll(async () => {
  await server?.close();
});

describe('the route table and the matrix agree', () => {
  it('has an entry for every registered route and every route is registered', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(server.routes.map((r) => r.name).sort());
    const registered = server.app.printRoutes({ commonPrefix: false });
    for (const r of server.routes) expect(registered).toContain(r.path.split('/').pop()!.replace(/^:id$/, ':id'));
  });
});

describe('secrets stay out of URLs', () => {
  it('no route takes a password or token in its path or query string', () => {
    for (const route of Object.values(ROUTES) as { path: string; query?: { shape?: Record<string, unknown> } }[]) {
      for (const param of route.path.split('/').filter((seg) => seg.startsWith(':')))
        expect(param).not.toMatch(/token|password|secret/i);
      for (const key of Object.keys(route.query?.shape ?? {})) expect(key).not.toMatch(/token|password|secret/i);
    }
  });
});

describe('visitor rate limits', () => {
  it('limits messages per visitor session, whatever the IP', async () => {
    const v = await server.client().call('createWidgetSession', { body: { widgetKey: fx.b.organization.widgetKey } });
    const conv = await server.client(v.sessionToken).call('startConversation', { body: { clientId: 'rate-conv' } });
    const codes: number[] = [];
    for (let i = 0; i < 62; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: `/api/v1/widget/conversations/${conv.id}/messages`,
        remoteAddress: `10.2.0.${i}`,
        headers: { authorization: `Bearer ${v.sessionToken}` },
        payload: { clientId: `rate-msg-${i}`, body: 'spam' },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 60).every((c) => c === 201)).toBe(true);
    expect(codes.slice(60)).toEqual([429, 429]);
  });
});

describe.each(Object.keys(ROUTES) as RouteName[])('%s', (name) => {
  const route = ROUTES[name];
  const entry = MATRIX[name];
  if (route.auth.kind === 'public') {
    it('is public', () => expect(entry.cross).toBe('public'));
    return;
  }

  it('refuses an anonymous caller with 401', async () => {
    expect(await statusOf(call(undefined, name, entry.args(fx)))).toBe(401);
  });

  if (route.auth.kind === 'agent') {
    it('refuses a visitor token with 401', async () => {
      expect(await statusOf(call(fx.visitorA.sessionToken, name, entry.args(fx)))).toBe(401);
    });
    if (route.auth.role !== 'agent') {
      it(`refuses an agent without the ${route.auth.role} role with 403`, async () => {
        expect(await statusOf(call(fx.agentA.accessToken, name, entry.args(fx)))).toBe(403);
      });
    }
    if (entry.cross === 'not-found') {
      it('answers 404 to another organization', async () => {
        expect(await statusOf(call(fx.b.accessToken, name, entry.args(fx)))).toBe(404);
      });
    }
    if (entry.cross === 'own-data' && route.method === 'GET') {
      it('shows another organization only its own data', async () => {
        const body = await ownDataOf(fx.b.accessToken, name);
        for (const secret of [
          fx.a.organization.id,
          fx.conv.id,
          fx.a.agent.id,
          fx.agentA.agent.id,
          fx.a.organization.widgetKey,
          fx.device.id,
          fx.webhook.id,
          fx.webhook.secret,
          fx.apiToken.id,
          fx.apiToken.token,
          fx.canned.id,
          fx.team.id,
          fx.note.id,
          fx.savedView.id,
          fx.visitorA.visitorId,
          'private words',
        ]) {
          expect(body).not.toContain(secret);
        }
      });
    }
  } else {
    it('refuses an agent token with 401', async () => {
      expect(await statusOf(call(fx.a.accessToken, name, entry.args(fx)))).toBe(401);
    });
    if (entry.cross === 'not-found') {
      it('answers 404 to another visitor', async () => {
        expect(await statusOf(call(fx.visitorB.sessionToken, name, entry.args(fx)))).toBe(404);
      });
    }
    if (entry.cross === 'own-data') {
      it('shows another visitor only their own data', async () => {
        const body = JSON.stringify(await call(fx.visitorB.sessionToken, name, entry.args(fx)));
        expect(body).not.toContain(fx.conv.id);
      });
    }
  }
});

describe('an organization that requires two-factor', () => {
  it('refuses every agent route but those that set it up to an agent without it, even an admin', async () => {
    const c = await buildOrganization(server);
    await enrolTwoFactor(c.api);
    const colleague = await buildAgent(server, c, 'admin');
    await c.api.call('updateOrganization', { body: { requireTwoFactor: true } });
    const allowed: RouteName[] = [];
    for (const name of Object.keys(ROUTES) as RouteName[]) {
      const route = ROUTES[name] as RouteSpec;
      if (route.auth.kind !== 'agent') continue;
      if (route.beforeTwoFactor) {
        allowed.push(name);
        continue;
      }
      const err = await call(colleague.accessToken, name, MATRIX[name].args(fx)).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect(err?.code, name).toBe('TWO_FACTOR_REQUIRED');
    }
    expect(allowed.sort()).toEqual(['enableTwoFactor', 'getMe', 'logout', 'setUpTwoFactor']);
    expect((await colleague.api.call('getMe')).twoFactorEnabled).toBe(false);
  });
});

describe('API tokens, walked from the route table: scopes and the creator role bound every agent route', () => {
  type Tokens = { full: string; readOnly: string; without: Record<TApiScopeResource, string>; agentFull: string };
  let tokens: Tokens;
  const make = async (api: Fx['b']['api'], scopes: TApiScope[], kind: 'organization' | 'personal' = 'organization') =>
    (await api.call('createApiToken', { body: { name: `matrix ${scopes.length}`, scopes, kind } })).token;
  beforeAll(async () => {
    const api = fx.b.api;
    const without = {} as Record<TApiScopeResource, string>;
    for (const r of API_SCOPE_RESOURCES)
      without[r] = await make(
        api,
        API_SCOPES.filter((s) => !s.startsWith(`${r}:`)),
      );
    tokens = {
      full: await make(api, [...API_SCOPES]),
      readOnly: await make(
        api,
        API_SCOPES.filter((s) => s.endsWith(':read')),
      ),
      without,
      agentFull: await make(server.client(fx.agentA.accessToken), [...API_SCOPES], 'personal'),
    };
  });
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: { code?: string }) => e.code ?? 'NONE',
    );

  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const route = ROUTES[name] as RouteSpec;
    if (route.auth.kind !== 'agent') continue;
    const { scope, role } = route.auth;
    const entry = MATRIX[name];
    if (!scope) {
      it(`${name}: never to a token, even one with every scope (the account itself)`, async () => {
        expect(await codeOf(call(tokens.full, name, entry.args(fx)))).toBe('INSUFFICIENT_SCOPE');
      });
      continue;
    }
    const resource = scope.split(':')[0] as TApiScopeResource;
    it(`${name}: refused to a token without ${scope}`, async () => {
      expect(await codeOf(call(tokens.without[resource], name, entry.args(fx)))).toBe('INSUFFICIENT_SCOPE');
      if (scope.endsWith(':write'))
        expect(await codeOf(call(tokens.readOnly, name, entry.args(fx)))).toBe('INSUFFICIENT_SCOPE');
    });
    if (role !== 'agent') {
      it(`${name}: refused to a personal token of an agent without the ${role} role, whatever its scopes`, async () => {
        expect(await codeOf(call(tokens.agentFull, name, entry.args(fx)))).toBe('FORBIDDEN');
      });
    }
    if (entry.cross === 'not-found') {
      it(`${name}: a token of another organization with ${scope} gets 404`, async () => {
        expect(await statusOf(call(tokens.full, name, entry.args(fx)))).toBe(404);
      });
    }
    if (entry.cross === 'own-data' && route.method === 'GET') {
      it(`${name}: a token of another organization with ${scope} sees only its own data`, async () => {
        const body = await ownDataOf(tokens.full, name);
        for (const secret of [fx.a.organization.id, fx.conv.id, fx.a.agent.id, 'private words'])
          expect(body).not.toContain(secret);
      });
    }
  }
});

describe('socket calls', () => {
  type Check = (f: Fx) => { payload: unknown; expected: string };
  const AGENT_EVENTS: Record<keyof AgentClientToServerEvents, Check> = {
    'message.send': (f) => ({
      payload: { conversationId: f.conv.id, clientId: 'matrix-sock-1', body: 'x' },
      expected: 'NOT_FOUND',
    }),
    'typing.update': (f) => ({ payload: { conversationId: f.conv.id, isTyping: true }, expected: 'NOT_FOUND' }),
    'conversation.view': (f) => ({ payload: { conversationId: f.conv.id }, expected: 'NOT_FOUND' }),
    'conversation.read': (f) => ({ payload: { conversationId: f.conv.id, seq: 1 }, expected: 'NOT_FOUND' }),
    'session.renew': (f) => ({ payload: { token: f.a.accessToken }, expected: 'FORBIDDEN' }),
    // Names nothing of anyone's: it only ever marks the caller active (agent-inactivity.test.ts).
    'agent.active': () => ({ payload: {}, expected: 'OWN' }),
  };
  const VISITOR_EVENTS: Record<keyof VisitorClientToServerEvents, Check> = {
    'message.send': (f) => ({
      payload: { conversationId: f.conv.id, clientId: 'matrix-sock-2', body: 'x' },
      expected: 'NOT_FOUND',
    }),
    'typing.update': (f) => ({ payload: { conversationId: f.conv.id, isTyping: true }, expected: 'NOT_FOUND' }),
    'conversation.read': (f) => ({ payload: { conversationId: f.conv.id, seq: 1 }, expected: 'NOT_FOUND' }),
  };

  it("refuses every agent socket call on another organization's conversation", async () => {
    const s = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token: fx.b.accessToken } });
    await new Promise((r) => s.once('session.ready', r));
    for (const [event, check] of Object.entries(AGENT_EVENTS)) {
      const { payload, expected } = check(fx);
      const ack = await s.emitWithAck(event, payload);
      if (expected === 'OWN') expect(ack, event).toEqual({ ok: true, data: null });
      else expect(ack, event).toMatchObject({ ok: false, error: { code: expected } });
    }
    s.disconnect();
  });

  it("refuses every visitor socket call on another visitor's conversation", async () => {
    const s = io(`${server.baseUrl}/visitor`, {
      transports: ['websocket'],
      auth: { sessionToken: fx.visitorB.sessionToken },
    });
    await new Promise((r) => s.once('session.ready', r));
    for (const [event, check] of Object.entries(VISITOR_EVENTS)) {
      const { payload, expected } = check(fx);
      const ack = await s.emitWithAck(event, payload);
      expect(ack, event).toMatchObject({ ok: false, error: { code: expected } });
    }
    // An agent-only event is not heard at all on the visitor namespace: no answer.
    await expect(s.timeout(500).emitWithAck('agent.active', {})).rejects.toThrow(/timed out/);
    s.disconnect();
  });

  it('refuses anonymous sockets and the wrong kind of token on both namespaces', async () => {
    const attempts = [
      ['/agent', {}],
      ['/agent', { token: fx.visitorA.sessionToken }],
      ['/visitor', {}],
      ['/visitor', { sessionToken: fx.a.accessToken }],
    ] as const;
    for (const [ns, auth] of attempts) {
      const s = io(`${server.baseUrl}${ns}`, { transports: ['websocket'], reconnection: false, auth });
      const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
      expect(err.message).toMatch(/token|session|auth/i);
      expect(s.connected).toBe(false);
      s.disconnect();
    }
  });
});
