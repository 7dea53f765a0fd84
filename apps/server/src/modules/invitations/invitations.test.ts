import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const sql = (s: TestServer, text: string, values: unknown[]) => (s.database.db as any).$client.query(text, values);
const tokenOf = (url: string) => url.slice(url.indexOf('#token=') + '#token='.length);
let n = 0;
const email = () => `invitee-${Date.now().toString(36)}-${n++}@example.com`;

type Org = Awaited<ReturnType<typeof buildOrganization>>;
const colleague = (s: TestServer, org: Org, role: 'admin' | 'manager' | 'agent') => buildAgent(s, org, role);

describe('invitations without SMTP', () => {
  it('shows the link once, and accepting it creates an agent with the invited role', async () => {
    const org = await buildOrganization(server);
    const address = email();
    const inv = await org.api.call('createInvitation', { body: { email: address, role: 'manager' } });
    expect(inv).toMatchObject({ email: address, role: 'manager', emailed: false });
    expect(inv.inviteUrl!.startsWith(`${server.services.env.PUBLIC_URL}/invite#token=`)).toBe(true);
    expect(tokenOf(inv.inviteUrl!)).toMatch(/^inv_[\w-]{40,}$/);
    const token = tokenOf(inv.inviteUrl!);

    const auth = await server.client().call('acceptInvitation', {
      body: { token, name: 'Mia Manager', password: 'another long password' },
    });
    expect(auth.accessToken).toBeTruthy();
    expect(auth.refreshToken).toBeTruthy();
    expect(auth.agent).toMatchObject({ email: address, name: 'Mia Manager', role: 'manager' });
    expect(auth.organization.id).toBe(org.organization.id);
    const me = await server.client(auth.accessToken).call('getMe');
    expect(me.agent).toMatchObject({ id: auth.agent.id, role: 'manager' });
    const list = await org.api.call('listAgents');
    expect(list.agents.map((a) => a.id).sort()).toEqual([org.agent.id, auth.agent.id].sort());

    await expectError(
      server.client().call('acceptInvitation', { body: { token, name: 'Again', password: 'another long password' } }),
      410,
      'INVITATION_INVALID',
    );
    expect(server.logLines.join('\n')).not.toContain(token);
  });

  it('refuses expired and revoked invitations; lists only pending ones', async () => {
    const org = await buildOrganization(server);
    const expired = await org.api.call('createInvitation', { body: { email: email() } });
    const revoked = await org.api.call('createInvitation', { body: { email: email() } });
    const accepted = await org.api.call('createInvitation', { body: { email: email() } });
    const pending = await org.api.call('createInvitation', { body: { email: email(), role: 'admin' } });
    expect(expired.role).toBe('agent');

    await sql(server, "update invitations set expires_at = now() - interval '1 minute' where id = $1", [expired.id]);
    await org.api.call('revokeInvitation', { params: { id: revoked.id } });
    await server.client().call('acceptInvitation', {
      body: { token: tokenOf(accepted.inviteUrl!), name: 'Ann', password: 'another long password' },
    });
    for (const inv of [expired, revoked]) {
      await expectError(
        server.client().call('acceptInvitation', {
          body: { token: tokenOf(inv.inviteUrl!), name: 'Late', password: 'another long password' },
        }),
        410,
        'INVITATION_INVALID',
      );
    }
    const list = await org.api.call('listInvitations');
    expect(list.invitations.map((i) => i.id)).toEqual([pending.id]);
    expect(JSON.stringify(list)).not.toContain('inv_');
    // Revoking again, or an unknown id, is a 404.
    await expectError(org.api.call('revokeInvitation', { params: { id: revoked.id } }), 404);

    const logs = server.logLines.join('\n');
    for (const inv of [expired, revoked, accepted, pending]) expect(logs).not.toContain(tokenOf(inv.inviteUrl!));
  });

  it('refuses to invite an email that already has an account', async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    await expectError(org.api.call('createInvitation', { body: { email: org.agent.email } }), 409, 'EMAIL_TAKEN');
    await expectError(org.api.call('createInvitation', { body: { email: other.agent.email } }), 409, 'EMAIL_TAKEN');
  });
});

describe('invitations by email', () => {
  let mailServer: SMTPServer;
  let smtp: TestServer;
  const mails: { to: string[]; raw: string }[] = [];
  beforeAll(async () => {
    mailServer = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (raw += chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => mailServer.listen(0, '127.0.0.1', resolve));
    const { port } = mailServer.server.address() as AddressInfo;
    smtp = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await smtp?.close();
    await new Promise<void>((resolve) => (mailServer ? mailServer.close(() => resolve()) : resolve()));
  });

  it('mails the link to the invitee instead of showing it, and the mailed token works', async () => {
    const org = await buildOrganization(smtp);
    const address = email();
    const inv = await org.api.call('createInvitation', { body: { email: address, role: 'agent' } });
    expect(inv.emailed).toBe(true);
    expect(inv.inviteUrl).toBeUndefined();

    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toEqual([address]);
    // Undo quoted-printable: soft line breaks, then =XX escapes.
    const body = mail.raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(body).toMatch(/^To: .*invitee-/im);
    const link = /(https?:\/\/\S+\/invite#token=)(inv_[\w-]+)/.exec(body);
    expect(link).not.toBeNull();
    const auth = await smtp.client().call('acceptInvitation', {
      body: { token: link![2]!, name: 'Mailed Agent', password: 'another long password' },
    });
    expect(auth.agent).toMatchObject({ email: address, role: 'agent' });
    expect(smtp.logLines.join('\n')).not.toContain(link![2]!);
  });
});

describe('roles and agent management', () => {
  it('keeps admin routes from managers and agents, and other organizations out', async () => {
    const org = await buildOrganization(server);
    const manager = await colleague(server, org, 'manager');
    const agent = await colleague(server, org, 'agent');
    const pending = await org.api.call('createInvitation', { body: { email: email() } });
    for (const who of [manager, agent]) {
      await expectError(who.api.call('createInvitation', { body: { email: email() } }), 403, 'FORBIDDEN');
      await expectError(who.api.call('listInvitations'), 403, 'FORBIDDEN');
      await expectError(
        who.api.call('updateAgent', { params: { id: agent.agent.id }, body: { role: 'admin' } }),
        403,
        'FORBIDDEN',
      );
      await expectError(who.api.call('removeAgent', { params: { id: agent.agent.id } }), 403, 'FORBIDDEN');
      await expectError(who.api.call('updateOrganization', { body: { name: 'Taken over' } }), 403, 'FORBIDDEN');
    }
    const stranger = await buildOrganization(server);
    await expectError(
      stranger.api.call('updateAgent', { params: { id: agent.agent.id }, body: { role: 'admin' } }),
      404,
    );
    await expectError(stranger.api.call('removeAgent', { params: { id: agent.agent.id } }), 404);
    await expectError(stranger.api.call('revokeInvitation', { params: { id: pending.id } }), 404);
    // Nothing changed.
    const list = await org.api.call('listAgents');
    expect(list.agents.find((a) => a.id === agent.agent.id)?.role).toBe('agent');
    expect((await org.api.call('listInvitations')).invitations.map((i) => i.id)).toEqual([pending.id]);
  });

  it('changes a role, seen by the agent on their next request', async () => {
    const org = await buildOrganization(server);
    const agent = await colleague(server, org, 'agent');
    await expectError(agent.api.call('listInvitations'), 403, 'FORBIDDEN');
    const updated = await org.api.call('updateAgent', { params: { id: agent.agent.id }, body: { role: 'admin' } });
    expect(updated.role).toBe('admin');
    await agent.api.call('listInvitations');
    expect((await agent.api.call('getMe')).agent.role).toBe('admin');
    await org.api.call('updateAgent', { params: { id: agent.agent.id }, body: { role: 'agent' } });
    await expectError(agent.api.call('listInvitations'), 403, 'FORBIDDEN');
  });

  it('removes an agent: not oneself, their sessions end and their conversations are unassigned', async () => {
    const org = await buildOrganization(server);
    const agent = await colleague(server, org, 'agent');
    await expectError(org.api.call('removeAgent', { params: { id: org.agent.id } }), 409);

    const session = await server.client().call('createWidgetSession', {
      body: { widgetKey: org.organization.widgetKey, name: 'Vera', email: 'vera@example.com' },
    });
    const conv = await server.client(session.sessionToken).call('startConversation', {
      body: { clientId: 'conv-inv-01', message: { clientId: 'msg-inv-01', body: 'Hello' } },
    });
    const assigned = await org.api.call('updateConversation', {
      params: { id: conv.id },
      body: { assigneeId: agent.agent.id },
    });
    expect(assigned.assigneeId).toBe(agent.agent.id);
    await agent.api.call('getMe');

    await org.api.call('removeAgent', { params: { id: agent.agent.id } });
    await expectError(agent.api.call('getMe'), 401);
    await expectError(server.client().call('refresh', { body: { refreshToken: agent.refreshToken } }), 401);
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).assigneeId).toBeNull();
    expect((await org.api.call('listAgents')).agents.map((a) => a.id)).toEqual([org.agent.id]);
    await expectError(org.api.call('removeAgent', { params: { id: agent.agent.id } }), 404);
  });
});

describe('profile and organization settings', () => {
  it('updateMe changes name and availability for colleagues to see, and takes no avatar URL from elsewhere', async () => {
    const org = await buildOrganization(server);
    const agent = await colleague(server, org, 'agent');
    const me = await agent.api.call('updateMe', { body: { name: 'Renamed Agent', availability: 'away' } });
    expect(me.agent).toMatchObject({ name: 'Renamed Agent', availability: 'away' });
    // The same resource as GET /me, plus protocol 1's top-level agent fields (deprecated) for installed apps.
    const { agent: got, organization, twoFactorEnabled, language, ...deprecated } = me;
    expect({ agent: got, organization, twoFactorEnabled, language }).toEqual(await agent.api.call('getMe'));
    expect(deprecated).toEqual(got);
    const seen = (await org.api.call('listAgents')).agents.find((a) => a.id === agent.agent.id);
    expect(seen).toMatchObject({ name: 'Renamed Agent', availability: 'away' });

    await expectError(
      agent.api.call('updateMe', { body: { avatarUrl: 'javascript:alert(1)' } }),
      400,
      'VALIDATION_FAILED',
    );
    // Avatars are uploaded and served by Oceras (agents/avatars.test.ts): an address elsewhere is refused.
    await expectError(
      agent.api.call('updateMe', { body: { avatarUrl: 'https://cdn.example.com/a.png' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await agent.api.call('getMe')).agent.avatarUrl).toBeNull();
  });

  it('updateOrganization renames, merges widget settings and refuses a taken slug', async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    const before = org.organization.widgetSettings;
    const updated = await org.api.call('updateOrganization', {
      body: { name: 'Renamed Org', widgetSettings: { color: '#ff0000', greeting: 'Hello there' } },
    });
    expect(updated.name).toBe('Renamed Org');
    expect(updated.widgetSettings).toEqual({ ...before, color: '#ff0000', greeting: 'Hello there' });
    const again = await org.api.call('updateOrganization', { body: { widgetSettings: { position: 'left' } } });
    expect(again.widgetSettings).toEqual({ ...before, color: '#ff0000', greeting: 'Hello there', position: 'left' });
    expect((await org.api.call('getOrganization')).name).toBe('Renamed Org');

    await expectError(
      org.api.call('updateOrganization', { body: { slug: other.organization.slug } }),
      409,
      'SLUG_TAKEN',
    );
    expect((await org.api.call('getOrganization')).slug).toBe(org.organization.slug);
  });
});
