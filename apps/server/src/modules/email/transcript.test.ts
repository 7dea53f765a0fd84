/**
 * Transcripts on resolve, on a real SMTP server of the test's own: a visitor who turned on "Email me a transcript"
 * gets the conversation's public messages (never a note), attachments by name, in their language, once per resolve,
 * threaded with the follow-ups; an agent can send one from the dashboard; nobody who cannot be emailed gets one.
 */
import { describe, expect, it } from 'vitest';
import { files, put } from '../../../test/attachments-kit.js';
import { useEmailServer } from '../../../test/email-server.js';
import { buildOrganization, expectError } from '../../../test/helpers.js';

const ctx = useEmailServer();
let n = 0;

async function setUp(options: { email?: string | null; locale?: 'en' | 'fr' | 'de' | 'es' } = {}) {
  const { server } = ctx;
  const org = await buildOrganization(server);
  // No rating email on resolve (satisfaction/rating-email.test.ts): these tests count the transcripts' thread alone.
  await org.api.call('updateOrganization', { body: { widgetSettings: { satisfactionSurvey: 'off' } } });
  const email = options.email === undefined ? `transcript${++n}@example.test` : options.email;
  const session = await server.client().call('createWidgetSession', {
    body: { widgetKey: org.organization.widgetKey, ...(email ? { email } : {}), locale: options.locale ?? 'en' },
  });
  const visitorApi = server.client(session.sessionToken);
  const conv = await visitorApi.call('startConversation', {
    body: { clientId: `conv-${++n}-tr`, message: { clientId: `msg-${++n}-tr`, body: 'Where is my parcel?' } },
  });
  const reply = (body: string, type: 'message' | 'note' = 'message') =>
    org.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: `reply-${++n}-tr`, body, type } });
  const setStatus = (status: 'resolved' | 'open') =>
    org.api.call('updateConversation', { params: { id: conv.id }, body: { status } });
  return { org, session, visitorApi, conv, email: email ?? '', reply, setStatus };
}

/** No email is left to send: the queue and the transcript marks are empty for now. */
const settled = () => ctx.server.email.settle();

describe('transcripts on resolve', () => {
  const sink = { to: (email: string) => ctx.sink.to(email) };
  it('sends the public messages with attachment names, never notes, once per resolve, threaded', async () => {
    const { org, visitorApi, conv, email, reply, setStatus } = await setUp();
    const on = await visitorApi.call('setConversationTranscript', {
      params: { id: conv.id },
      body: { emailTranscript: true },
    });
    expect(on.emailTranscript).toBe(true);
    const bytes = files.text('label');
    const u = await visitorApi.call('createVisitorUpload', {
      body: { fileName: 'label.txt', contentType: 'text/plain', size: bytes.length },
    });
    expect((await put(ctx.server, u, bytes)).status).toBe(204);
    await visitorApi.call('sendVisitorMessage', {
      params: { id: conv.id },
      body: { clientId: `msg-${++n}-tr`, body: 'Here is the label', attachmentIds: [u.attachmentId] },
    });
    await reply('It left Lyon this morning.');
    await reply('SECRET internal note: customer is grumpy', 'note');
    await setStatus('resolved');
    await expect
      .poll(() => sink.to(email).filter((m) => m.parsed.subject?.includes('#')).length, { timeout: 10_000 })
      .toBe(1);
    const mail = sink.to(email).find((m) => m.parsed.subject?.includes('#'))!;
    expect(mail.parsed.subject).toBe(`Your conversation with ${org.organization.name} (#${1})`);
    const text = mail.parsed.text!;
    expect(text).toContain('Where is my parcel?');
    expect(text).toContain('Here is the label');
    expect(text).toContain('Attached: label.txt');
    expect(text).toContain('It left Lyon this morning.');
    expect(text).toContain(org.agent.name);
    expect(text).not.toContain('SECRET');
    expect(text).not.toMatch(/Status changed/);
    expect(mail.parsed.html).toContain('label.txt');
    expect(mail.parsed.html).not.toContain('SECRET');
    expect(mail.parsed.replyTo?.value[0]?.address).toMatch(/^reply\+[A-Za-z0-9_-]{32}@reply\.oceras\.test$/);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.raw).toMatch(/^List-Unsubscribe:/im);

    // Resolved again after reopening: a second transcript, threaded under the first; never two for one resolve.
    await setStatus('open');
    await reply('One more thing: it arrives tomorrow.');
    await setStatus('resolved');
    await expect
      .poll(() => sink.to(email).filter((m) => m.parsed.subject?.includes('#')).length, { timeout: 10_000 })
      .toBe(2);
    const all = sink.to(email);
    const second = all.filter((m) => m.parsed.subject?.includes('#'))[1]!;
    expect(second.parsed.text).toContain('it arrives tomorrow');
    const earlier = all.filter((m) => m !== second).map((m) => m.parsed.messageId);
    expect(second.parsed.inReplyTo).toBe(earlier.at(-1));
    expect(String(second.parsed.references ?? '')).toContain(mail.parsed.messageId!);
    expect(second.parsed.replyTo?.value[0]?.address).toBe(mail.parsed.replyTo?.value[0]?.address);
    await settled();
    expect(sink.to(email).filter((m) => m.parsed.subject?.includes('#'))).toHaveLength(2);
    const { deliveries } = await org.api.call('listEmailDeliveries');
    expect(deliveries.filter((d) => d.kind === 'transcript').map((d) => d.status)).toEqual(['sent', 'sent']);
  });

  it('speaks the visitor language', async () => {
    const { visitorApi, conv, email, reply, setStatus } = await setUp({ locale: 'fr' });
    await visitorApi.call('setConversationTranscript', { params: { id: conv.id }, body: { emailTranscript: true } });
    await reply('Votre colis est parti.');
    await setStatus('resolved');
    await expect
      .poll(() => sink.to(email).some((m) => m.parsed.subject?.startsWith('Votre conversation')), { timeout: 10_000 })
      .toBe(true);
    const mail = sink.to(email).find((m) => m.parsed.subject?.startsWith('Votre conversation'))!;
    expect(mail.parsed.text).toContain('Voici la transcription');
    expect(mail.parsed.text).toContain('Vous ·');
  });

  it('sends nothing on resolve when the visitor did not ask, or turned it off', async () => {
    const { visitorApi, conv, email, setStatus, org } = await setUp();
    await visitorApi.call('setConversationTranscript', { params: { id: conv.id }, body: { emailTranscript: true } });
    const off = await visitorApi.call('setConversationTranscript', {
      params: { id: conv.id },
      body: { emailTranscript: false },
    });
    expect(off.emailTranscript).toBe(false);
    await setStatus('resolved');
    await settled();
    expect(sink.to(email)).toEqual([]);
    expect((await org.api.call('listEmailDeliveries')).deliveries).toEqual([]);
    const listed = await visitorApi.call('listVisitorConversations');
    expect(listed.conversations[0]!.emailTranscript).toBe(false);
  });

  it('refuses the switch to a visitor without an email, and bad input, changing nothing', async () => {
    const { visitorApi, conv } = await setUp({ email: null });
    await expectError(
      visitorApi.call('setConversationTranscript', { params: { id: conv.id }, body: { emailTranscript: true } }),
      409,
      'EMAIL_UNAVAILABLE',
    );
    await expectError(
      visitorApi.call('setConversationTranscript', {
        params: { id: conv.id },
        body: { emailTranscript: 'yes' } as never,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await visitorApi.call('listVisitorConversations')).conversations[0]!.emailTranscript).toBe(false);
  });

  it('lets an agent send one now, and refuses it when no email can reach the visitor', async () => {
    const { org, conv, email, reply, session } = await setUp();
    await reply('Sent from the dashboard menu');
    const queued = await org.api.call('sendConversationTranscript', { params: { id: conv.id } });
    expect(queued).toEqual({ recipient: email });
    await expect
      .poll(
        () =>
          sink
            .to(email)
            .some((m) => m.parsed.text?.includes('Sent from the dashboard menu') && m.parsed.subject?.includes('#')),
        { timeout: 10_000 },
      )
      .toBe(true);

    const none = await setUp({ email: null });
    await expectError(
      none.org.api.call('sendConversationTranscript', { params: { id: none.conv.id } }),
      409,
      'EMAIL_UNAVAILABLE',
    );
    await org.api.call('eraseVisitor', { params: { id: session.visitorId } });
    await expectError(
      org.api.call('sendConversationTranscript', { params: { id: conv.id } }),
      409,
      'EMAIL_UNAVAILABLE',
    );
  });
});
