/** Invitations: single-use, expiring, emailed over SMTP when configured (a local SMTP server here). */
import type { AddressInfo } from 'node:net';
import type { ApiError } from '@oceras/protocol/client';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer } from './helpers.js';

const mails: { to: string[]; raw: string }[] = [];
let smtp: SMTPServer;
let server: TestServer;
let plain: TestServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString();
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: 'https://chat.example.com' });
  plain = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  await plain?.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: ApiError) => e.status,
  );

it('emails a single-use link whose token stays out of URLs sent to the server and out of logs', async () => {
  const org = await buildOrganization(server);
  const inv = await org.api.call('createInvitation', { body: { email: 'Newbie@Example.com', role: 'manager' } });
  expect(inv).toMatchObject({ email: 'newbie@example.com', role: 'manager', emailed: true });
  expect(inv.inviteUrl).toBeUndefined();
  const mail = mails.find((m) => m.to.includes('newbie@example.com'));
  expect(mail).toBeDefined();
  const text = mail!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const token = /https:\/\/chat\.example\.com\/invite#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  expect(token).toBeTruthy();

  const joined = await server
    .client()
    .call('acceptInvitation', { body: { token: token!, name: 'New Bie', password: 'a good password' } });
  expect(joined.agent).toMatchObject({ email: 'newbie@example.com', role: 'manager' });
  expect(joined.organization.id).toBe(org.organization.id);
  expect((await org.api.call('listAgents')).agents.map((a) => a.email)).toContain('newbie@example.com');
  expect(
    await statusOf(
      server.client().call('acceptInvitation', { body: { token: token!, name: 'Again', password: 'a good password' } }),
    ),
  ).toBe(410);
  expect(server.logLines.join('\n')).not.toContain(token!);
});

it('without SMTP, shows the link to the admin; expired and withdrawn invitations are refused', async () => {
  const org = await buildOrganization(plain);
  const inv = await org.api.call('createInvitation', { body: { email: 'late@example.com' } });
  expect(inv.emailed).toBe(false);
  const token = inv.inviteUrl!.split('#token=')[1]!;
  expect((await org.api.call('listInvitations')).invitations.map((i) => i.id)).toEqual([inv.id]);
  await (plain.database.db as any).$client.query(
    "update invitations set expires_at = now() - interval '1 minute' where id = $1",
    [inv.id],
  );
  expect(
    await statusOf(
      plain.client().call('acceptInvitation', { body: { token, name: 'Late', password: 'a good password' } }),
    ),
  ).toBe(410);
  expect((await org.api.call('listInvitations')).invitations).toHaveLength(0);

  const second = await org.api.call('createInvitation', { body: { email: 'withdrawn@example.com' } });
  await org.api.call('revokeInvitation', { params: { id: second.id } });
  const t2 = second.inviteUrl!.split('#token=')[1]!;
  expect(
    await statusOf(
      plain.client().call('acceptInvitation', { body: { token: t2, name: 'W', password: 'a good password' } }),
    ),
  ).toBe(410);
  expect(await statusOf(org.api.call('createInvitation', { body: { email: org.agent.email } }))).toBe(409);
});
