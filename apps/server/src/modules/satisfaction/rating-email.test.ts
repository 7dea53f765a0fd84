/**
 * Satisfaction by email (issue 18), on a real SMTP server of the test's own: a resolve asks a visitor who has left
 * (no widget socket) for a rating by email, in their language and on the organization's scale; the links open a
 * page that records nothing until its form is sent, and then records exactly what the widget's route would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer, visitor } from '../../../test/helpers.js';
import { type SmtpSink, startSmtpSink } from '../../../test/smtp-sink.js';

let sink: SmtpSink;
let server: TestServer;
let now = Date.parse('2026-12-06T10:00:00Z');

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer(
    { SMTP_URL: sink.url, EMAIL_POLL_MS: '100', REPLY_DOMAIN: 'reply.oceras.test' },
    { clock: () => new Date(now) },
  );
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

let n = 0;
const isRatingMail = (subject: string | undefined) =>
  /conversation|Gespräch/.test(subject ?? '') && !subject?.includes('#');

async function setUp(
  options: { locale?: 'en' | 'fr'; survey?: 'stars' | 'faces' | 'off'; email?: string | null } = {},
) {
  const org = await buildOrganization(server);
  if (options.survey)
    await org.api.call('updateOrganization', { body: { widgetSettings: { satisfactionSurvey: options.survey } } });
  const email = options.email === undefined ? `rating${++n}@example.test` : options.email;
  const session = await server.client().call('createWidgetSession', {
    body: { widgetKey: org.organization.widgetKey, ...(email ? { email } : {}), locale: options.locale ?? 'en' },
  });
  const visitorApi = server.client(session.sessionToken);
  const conv = await visitorApi.call('startConversation', {
    body: { clientId: `conv-${++n}-rating`, message: { clientId: `msg-${++n}-rating`, body: 'My order never came' } },
  });
  await org.api.call('sendMessage', {
    params: { id: conv.id },
    body: { clientId: `reply-${++n}-rating`, body: 'Sent again today.' },
  });
  const setStatus = (status: 'resolved' | 'open') =>
    org.api.call('updateConversation', { params: { id: conv.id }, body: { status } });
  const rating = async () => (await org.api.call('getConversation', { params: { id: conv.id } })).rating;
  return { org, session, visitorApi, conv, email: email ?? '', setStatus, rating };
}

const ratingMails = (email: string) => sink.to(email).filter((m) => isRatingMail(m.parsed.subject));
const arrived = async (email: string, count = 1) => {
  await expect.poll(() => ratingMails(email).length, { timeout: 10_000 }).toBe(count);
  return ratingMails(email).at(-1)!;
};
/** The links of an email, on the test server's address (PUBLIC_URL is not where the test server listens). */
const linksOf = (text: string) =>
  [...text.matchAll(/https?:\/\/\S+\/api\/v1\/email\/rating\/(\S+)\?score=(\d)/g)].map((m) => ({
    token: m[1]!,
    score: Number(m[2]),
  }));
const page = (token: string, query = '') => fetch(`${server.baseUrl}/api/v1/email/rating/${token}${query}`);
const submit = (token: string, form: Record<string, string>) =>
  fetch(`${server.baseUrl}/api/v1/email/rating/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

describe('rating by email', () => {
  it('asks a visitor who left, on the five-star scale; the page records nothing until its form is sent', async () => {
    const { org, email, setStatus, rating } = await setUp();
    await setStatus('resolved');
    const mail = await arrived(email);
    expect(mail.parsed.subject).toBe(`How was your conversation with ${org.organization.name}?`);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const links = linksOf(mail.parsed.text!);
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(links.map((l) => l.token)).size).toBe(1);
    expect(mail.parsed.html).toContain(`?score=5`);
    const { token } = links[0]!;

    // Opening a link (a mail scanner does) shows the choice selected and records nothing.
    const opened = await page(token, '?score=4');
    expect(opened.status).toBe(200);
    const csp = opened.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const html = await opened.text();
    expect(html).toContain('name="score" value="4" checked');
    expect(html).not.toContain('<script');
    expect(await rating()).toBeNull();

    // Sending the form records it as the widget would; a second one replaces it.
    const sent = await submit(token, { score: '4', comment: 'Quick and kind' });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Thank you for your feedback!');
    expect(await rating()).toMatchObject({ score: 4, comment: 'Quick and kind' });
    expect((await submit(token, { score: '2' })).status).toBe(200);
    expect(await rating()).toMatchObject({ score: 2, comment: null });
    const { deliveries } = await org.api.call('listEmailDeliveries');
    expect(deliveries.filter((d) => d.kind === 'rating').map((d) => d.status)).toEqual(['sent']);
  });

  it('sends nothing while the visitor has the widget open, and asks once they have left', async () => {
    const org = await buildOrganization(server);
    const email = `present${++n}@example.test`;
    const v = await visitor(server, org.organization.widgetKey, { email });
    const conv = await v.start('Hello?');
    const setStatus = (status: 'resolved' | 'open') =>
      org.api.call('updateConversation', { params: { id: conv.id }, body: { status } });
    await setStatus('resolved');
    await server.email.settle();
    expect(ratingMails(email)).toEqual([]);

    v.close();
    await expect.poll(() => server.services.presence.isVisitorConnected(v.session.visitorId)).toBe(false);
    await setStatus('open');
    await setStatus('resolved');
    await arrived(email);
  });

  it('speaks the visitor language, offers the three faces, and takes only their scores', async () => {
    const { email, setStatus, rating } = await setUp({ locale: 'fr', survey: 'faces' });
    await setStatus('resolved');
    const mail = await arrived(email);
    expect(mail.parsed.subject).toMatch(/^Comment s’est passée votre conversation avec/);
    expect(mail.parsed.text).toContain('Mauvaise');
    const links = linksOf(mail.parsed.text!);
    expect(links.map((l) => l.score)).toEqual([1, 3, 5]);
    const token = links[0]!.token;
    const html = await (await page(token, '?score=5')).text();
    expect(html).toContain('lang="fr"');
    expect(html).toContain('name="score" value="5" checked');

    const refused = await submit(token, { score: '2' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Veuillez choisir une note.');
    expect((await submit(token, { score: 'x' })).status).toBe(400);
    expect((await submit(token, { comment: 'no score' })).status).toBe(400);
    expect(await rating()).toBeNull();
    expect((await submit(token, { score: '5' })).status).toBe(200);
    expect(await rating()).toMatchObject({ score: 5 });
  });

  it('refuses a forged token, another conversation’s, and an expired one, recording nothing', async () => {
    const a = await setUp();
    const b = await setUp();
    await a.setStatus('resolved');
    await b.setStatus('resolved');
    const tokenA = linksOf((await arrived(a.email)).parsed.text!)[0]!.token;
    const tokenB = linksOf((await arrived(b.email)).parsed.text!)[0]!.token;

    const bytesA = Buffer.from(tokenA, 'base64url');
    const bytesB = Buffer.from(tokenB, 'base64url');
    // A's signature on B's conversation and organization (the first 32 bytes are the two ids), and on a later expiry.
    const swapped = Buffer.concat([bytesB.subarray(0, 32), bytesA.subarray(32)]).toString('base64url');
    const stretched = Buffer.from(bytesA);
    stretched.writeUInt32BE(stretched.readUInt32BE(32) + 86_400 * 365, 32);
    const forged = `${tokenA.slice(0, 60)}${tokenA[60] === 'A' ? 'B' : 'A'}${tokenA.slice(61)}`;
    for (const token of [forged, swapped, stretched.toString('base64url'), 'nonsense']) {
      expect((await page(token, '?score=5')).status).toBe(404);
      expect((await submit(token, { score: '5' })).status).toBe(404);
    }
    expect(await a.rating()).toBeNull();
    expect(await b.rating()).toBeNull();

    // The same link a month and a day later.
    const before = now;
    now += 31 * 86_400_000;
    try {
      expect((await page(tokenA, '?score=5')).status).toBe(410);
      const late = await submit(tokenA, { score: '5' });
      expect(late.status).toBe(410);
      expect(await late.text()).toContain('This rating link has expired.');
    } finally {
      now = before;
    }
    expect(await a.rating()).toBeNull();
  });

  it('refuses a conversation open again, and asks nobody when the survey is off or there is no email', async () => {
    const { email, setStatus, rating } = await setUp();
    await setStatus('resolved');
    const token = linksOf((await arrived(email)).parsed.text!)[0]!.token;
    await setStatus('open');
    expect((await page(token, '?score=5')).status).toBe(409);
    expect((await submit(token, { score: '5' })).status).toBe(409);
    expect(await rating()).toBeNull();

    const off = await setUp({ survey: 'off' });
    await off.setStatus('resolved');
    const anonymous = await setUp({ email: null });
    await anonymous.setStatus('resolved');
    await server.email.settle();
    expect(ratingMails(off.email)).toEqual([]);
    const { deliveries } = await anonymous.org.api.call('listEmailDeliveries');
    expect(deliveries).toEqual([]);
  });
});
