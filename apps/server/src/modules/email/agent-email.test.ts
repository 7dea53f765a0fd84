/**
 * Agents' emails (issue 16, "Agents") on a real SMTP server of the test's own: an agent offline gets an email for a
 * mention and for a conversation assigned to them, per their setting (immediate, digest, off); never while online,
 * never when restricted, and only what is still news.
 */
import { sql } from 'drizzle-orm';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer, visitor } from '../../../test/helpers.js';
import { type SmtpSink, startSmtpSink } from '../../../test/smtp-sink.js';
import { query } from '../../db/client.js';

const DIGEST_SECONDS = 3;
let sink: SmtpSink;
let server: TestServer;
let n = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({
    SMTP_URL: sink.url,
    EMAIL_POLL_MS: '100',
    AGENT_EMAIL_DIGEST_SECONDS: String(DIGEST_SECONDS),
    PUBLIC_URL: 'https://desk.oceras.test',
  });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

/** A colleague: with SMTP on, the invitation leaves by email, and the token is read from it. */
async function colleague(org: Awaited<ReturnType<typeof buildOrganization>>) {
  const email = `ann-${Date.now().toString(36)}-${n++}@example.com`;
  await org.api.call('createInvitation', { body: { email, role: 'agent' } });
  await expect.poll(() => sink.to(email).length, { timeout: 10_000 }).toBe(1);
  const token = /#token=([A-Za-z0-9_-]+)/.exec(sink.to(email)[0]!.parsed.text ?? '')![1]!;
  sink.mails.splice(sink.mails.indexOf(sink.to(email)[0]!), 1);
  const auth = await server.client().call('acceptInvitation', {
    body: { token, name: `Ann Lee ${n++}`, password: 'another long password' },
  });
  return { ...auth, api: server.client(auth.accessToken) };
}

async function setUp(email: 'off' | 'immediate' | 'digest' = 'immediate') {
  const org = await buildOrganization(server);
  const ann = await colleague(org);
  await ann.api.call('updateNotificationSettings', { body: { email } });
  const v = await visitor(server, org.organization.widgetKey, { name: 'Vera' });
  const conv = await v.start('Where is my parcel?');
  v.close();
  const note = (body: string) =>
    org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: `agent-email-note-${n++}`, type: 'note', body },
    });
  const assign = () =>
    org.api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId: ann.agent.id } });
  return { org, ann, conv, note, assign };
}

/** The agent's notices are all decided (sent or skipped) and the outbox has sent what it had. */
async function decided(agentId: string, timeout = 10_000) {
  await expect
    .poll(
      async () =>
        (
          await query<{ n: number }>(
            server.services.db,
            sql`select count(*)::int as n from agent_notices where agent_id = ${agentId} and email_status = 'pending'`,
          )
        )[0]!.n,
      { timeout, interval: 50 },
    )
    .toBe(0);
  await server.email.settle();
}

describe('agents’ emails', () => {
  it('immediate: an offline agent gets one email per mention, plain text and HTML, with the link', async () => {
    const { org, ann, conv, note } = await setUp('immediate');
    await note(`@${ann.agent.name} the parcel is stuck in Lyon`);
    await expect.poll(() => sink.to(ann.agent.email).length, { timeout: 10_000 }).toBe(1);
    const mail = sink.to(ann.agent.email)[0]!.parsed;
    expect(mail.subject).toContain(`${org.agent.name} mentioned you in conversation #`);
    expect(mail.text).toContain('the parcel is stuck in Lyon');
    expect(mail.text).toContain(`https://desk.oceras.test/conversations/${conv.id}`);
    expect(mail.html).toContain(`https://desk.oceras.test/conversations/${conv.id}`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    // Nobody else got it: the author and the organization's other agents.
    expect(sink.to(org.agent.email)).toEqual([]);
  });

  it('immediate: a conversation assigned by a colleague; taking it oneself is no news', async () => {
    const { org, ann, conv, assign } = await setUp('immediate');
    await assign();
    await expect.poll(() => sink.to(ann.agent.email).length, { timeout: 10_000 }).toBe(1);
    expect(sink.to(ann.agent.email)[0]!.parsed.subject).toContain(`${org.agent.name} assigned conversation #`);
    await org.api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId: org.agent.id } });
    await decided(org.agent.id);
    expect(sink.to(org.agent.email)).toEqual([]);
  });

  it('§7 Objection — a restricted agent gets no email; nor an agent online, nor one with emails off', async () => {
    const online = await setUp('immediate');
    const socket = io(`${server.baseUrl}/agent`, {
      transports: ['websocket'],
      auth: { token: online.ann.accessToken },
    });
    await new Promise((r) => socket.once('session.ready', r));
    await online.note(`@${online.ann.agent.name} you are here`);
    await online.assign();
    await decided(online.ann.agent.id);
    socket.disconnect();

    const off = await setUp('off');
    await off.note(`@${off.ann.agent.name} nobody emails you`);
    await decided(off.ann.agent.id);

    const restricted = await setUp('immediate');
    await restricted.org.api.call('setAgentRestriction', {
      params: { id: restricted.ann.agent.id },
      body: { isRestricted: true },
    });
    await restricted.assign();
    await decided(restricted.ann.agent.id);

    expect(sink.to(online.ann.agent.email)).toEqual([]);
    expect(sink.to(off.ann.agent.email)).toEqual([]);
    expect(sink.to(restricted.ann.agent.email)).toEqual([]);
  });

  it('digest: one email after the digest period listing what is still news, not before', async () => {
    const { org, ann, note, assign } = await setUp('digest');
    const started = Date.now();
    await note(`@${ann.agent.name} first thing`);
    await assign();
    const read = await note(`@${ann.agent.name} second thing, read in the app`);
    // The second mention is read before the digest: it is no longer news.
    const [, second] = (await ann.api.call('listMentions')).mentions;
    expect(second).toBeDefined();
    await query(server.services.db, sql`update agent_notices set read_at = now() where message_id = ${read.id}`);
    await decided(ann.agent.id, 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DIGEST_SECONDS * 1000 - 200);
    const mails = sink.to(ann.agent.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!.parsed;
    expect(mail.subject).toBe(`Your daily digest: 2 updates in ${org.organization.name}`);
    expect(mail.text).toContain('first thing');
    expect(mail.text).not.toContain('second thing');
    expect(mail.text).toContain('assigned conversation #');
  });

  it('in the agent’s language: an agent who chose French, mentioned while offline, gets a French email', async () => {
    const { org, ann, conv, note } = await setUp('immediate');
    const me = await ann.api.call('updateMe', { body: { language: 'fr' } });
    expect(me.language).toBe('fr');
    const { number } = await org.api.call('getConversation', { params: { id: conv.id } });
    await note(`@${ann.agent.name} le colis est bloqué à Lyon`);
    await expect.poll(() => sink.to(ann.agent.email).length, { timeout: 10_000 }).toBe(1);
    const mail = sink.to(ann.agent.email)[0]!.parsed;
    expect(mail.subject).toBe(
      `${org.agent.name} vous a mentionné dans la conversation n° ${number} (${org.organization.name})`,
    );
    expect(mail.text).toContain(`Bonjour ${ann.agent.name}, voici ce qui s’est passé dans ${org.organization.name}`);
    expect(mail.text).toContain('Modifier ces e-mails');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain(`Ouvrir la conversation n° ${number}`);
  });
});
