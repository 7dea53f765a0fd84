/**
 * Attachments through the API against real PostgreSQL, with both drivers: upload, attach, download, thumbnails;
 * the URL rules (expired, tampered, second use, more bytes or another type than declared); who may attach and
 * read what (the uploader only, once; notes' files never reach a visitor by REST, socket or replay); the
 * organization's limits; orphans and deleteAttachmentsOf.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TAttachment, TMessage, TUpload } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, files, listen, put, putChunked } from '../../../test/attachments-kit.js';
import { buildOrganization, expectError, startTestServer, type TestServer, visitor } from '../../../test/helpers.js';
import { startS3 } from '../../../test/s3-server.js';
import { query } from '../../db/client.js';
import { deleteAttachmentsOf, deleteUnattached } from './delete-attachments.js';

const ids = () => `c-${randomUUID()}`;

/** The URL with its signature's first character changed (to another one: a fixed 'A' was no change 1 time in 64). */
const tamper = (url: string) => url.replace(/signature=(.)/, (_, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`);

describe.each(['local', 's3'] as const)('attachments with the %s driver', (driver) => {
  let server: TestServer;
  let s3: Awaited<ReturnType<typeof startS3>> | null = null;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oceras-files-'));
  beforeAll(async () => {
    s3 = driver === 's3' ? await startS3() : null;
    server = await startTestServer({ DATA_DIR: dataDir, ...(s3?.env ?? {}) });
  });
  afterAll(async () => {
    await server?.close();
    await s3?.close();
  });

  it('lets the dashboard and the widget frame reach the file bucket, and no other origin', async () => {
    const org = await buildOrganization(server);
    const frame = await server.app.inject({ url: `/widget/frame.html?key=${org.organization.widgetKey}` });
    const dashboard = await server.app.inject({ url: '/inbox' });
    for (const page of [frame, dashboard]) {
      const connect = String(page.headers['content-security-policy'])
        .split('; ')
        .find((d) => d.startsWith('connect-src'))!;
      const origins = connect.split(' ').filter((o) => o.startsWith('http'));
      expect(origins).toEqual(s3 ? [s3.env.S3_ENDPOINT] : []);
    }
  });

  async function world() {
    const org = await buildOrganization(server);
    const v = await visitor(server, org.organization.widgetKey, { name: 'Vera' });
    const conv = await v.start('Hello');
    return { org, v, conv };
  }
  type World = Awaited<ReturnType<typeof world>>;
  const visitorUpload = (w: World, fileName: string, contentType: string, bytes: Buffer) =>
    w.v.api.call('createVisitorUpload', { body: { fileName, contentType, size: bytes.length } });
  const agentUpload = (w: World, fileName: string, contentType: string, bytes: Buffer) =>
    w.org.api.call('createUpload', { body: { fileName, contentType, size: bytes.length } });
  async function uploaded(upload: Promise<TUpload>, bytes: Buffer) {
    const u = await upload;
    const res = await put(server, u, bytes);
    expect(res.status, await res.text()).toBeLessThan(300);
    return u;
  }
  const rowOf = async (id: string) =>
    (
      await query<{ status: string; message_id: string | null; storage_key: string }>(
        server.services.db,
        sql`select status, message_id, storage_key from attachments where id = ${id}`,
      )
    )[0];
  const fileExists = async (key: string) => (await server.services.storage.inspect(key, 1)) !== null;
  const thumbnailStateOf = async (id: string) =>
    (
      await query<{ thumbnail_state: string | null }>(
        server.services.db,
        sql`select thumbnail_state from attachments where id = ${id}`,
      )
    )[0]?.thumbnail_state;
  /** A poll that failed, with what the server logged as errors meanwhile (a background job fails out of sight). */
  const withServerErrors = (err: Error): never => {
    const errors = server.logLines.filter((l) => l.includes('"level":50'));
    err.message += `\nserver errors:\n${errors.join('') || '(none)'}`;
    throw err;
  };

  it("a conversation's first message carries its files (startConversation), checked like any other", async () => {
    const org = await buildOrganization(server);
    const v = await visitor(server, org.organization.widgetKey);
    const png = await files.png(40, 30);
    const u = await uploaded(
      v.api.call('createVisitorUpload', {
        body: { fileName: 'first.png', contentType: 'image/png', size: png.length },
      }),
      png,
    );
    const other = await visitor(server, org.organization.widgetKey);
    // Another visitor cannot open a conversation with it, and nothing is created.
    await expectError(
      other.api.call('startConversation', {
        body: { clientId: ids(), message: { clientId: ids(), attachmentIds: [u.attachmentId] } },
      }),
      409,
      'ATTACHMENT_UNAVAILABLE',
    );
    expect((await other.api.call('listVisitorConversations')).conversations).toEqual([]);
    const conv = await v.api.call('startConversation', {
      body: { clientId: ids(), message: { clientId: ids(), attachmentIds: [u.attachmentId] } },
    });
    const { messages } = await org.api.call('listMessages', { params: { id: conv.id } });
    const first = messages.find((m) => m.type === 'message')!;
    expect(first.attachments).toMatchObject([{ id: u.attachmentId, fileName: 'first.png' }]);
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).lastMessagePreview).toBe('📎');
  });

  it('a visitor sends a screenshot alone; the agent gets it live with a URL, then its thumbnail (attachment.ready)', async () => {
    const w = await world();
    const agent = await listen(server, '/agent', { token: w.org.accessToken });
    const png = await files.png(1200, 800);
    const u = await uploaded(visitorUpload(w, 'screen shot.png', 'image/png', png), png);
    const sent = await w.v.api.call('sendVisitorMessage', {
      params: { id: w.conv.id },
      body: { clientId: ids(), attachmentIds: [u.attachmentId] },
    });
    expect(sent.body).toBe('');
    expect(sent.attachments).toHaveLength(1);
    expect(sent.attachments![0]).toMatchObject({ id: u.attachmentId, fileName: 'screen shot.png', size: png.length });
    // The inbox row says a file came, not nothing.
    expect((await w.org.api.call('getConversation', { params: { id: w.conv.id } })).lastMessagePreview).toBe('📎');

    const live = await expect
      .poll(() => agent.received.find((r) => r.event === 'message.created' && r.data.id === sent.id)?.data as TMessage)
      .toBeTruthy()
      .then(() => agent.received.find((r) => r.event === 'message.created' && r.data.id === sent.id)!.data as TMessage);
    const a = live.attachments![0]!;
    const got = await download(server, a.url);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toMatch(/^inline; filename="screen shot.png"/);
    if (driver === 'local') expect(got.headers.get('x-content-type-options')).toBe('nosniff');

    // The thumbnail was made in the background: the message went out before or after it, never waiting for it.
    await expect
      .poll(() => {
        const ready = agent.received.find((r) => r.event === 'attachment.ready')?.data.attachment as TAttachment;
        return ready ?? live.attachments![0]!.thumbnailUrl;
      })
      .toBeTruthy()
      .catch(withServerErrors);
    const history = await w.org.api.call('listMessages', { params: { id: w.conv.id } });
    const stored = history.messages.find((m) => m.id === sent.id)!.attachments![0]!;
    expect(stored).toMatchObject({ width: 1200, height: 800 });
    const thumb = await download(server, stored.thumbnailUrl!);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const { width } = await (await import('sharp')).default(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(width).toBe(320);
    agent.close();
  });

  it('an image whose row a transaction holds when the worker looks is made once the lock goes, not at the next tick', async () => {
    const w = await world();
    const png = await files.png(300, 200);
    const u = await uploaded(visitorUpload(w, 'held.png', 'image/png', png), png);
    const stateOf = async () =>
      (
        await query<{ thumbnail_state: string | null }>(
          server.services.db,
          sql`select thumbnail_state from attachments where id = ${u.attachmentId}`,
        )
      )[0]!.thumbnail_state;
    // Whatever the driver did with it so far, it waits for a thumbnail again.
    await expect.poll(stateOf).not.toBe('working');
    await server.services.db.execute(
      sql`update attachments set thumbnail_state = 'pending' where id = ${u.attachmentId}`,
    );
    // A message's transaction holds the row (as a send attaching it does) while the worker is woken: the claim
    // skips the locked row, and finds it once the transaction ends.
    await server.services.db.transaction(async (tx) => {
      await tx.execute(sql`select id from attachments where id = ${u.attachmentId} for update`);
      server.services.thumbnails.wake();
      await new Promise((r) => setTimeout(r, 400));
      expect(await stateOf()).toBe('pending');
    });
    // The maintenance tick is 15 s away: only the worker's own look-again makes it this soon.
    await expect.poll(stateOf, { timeout: 3_000 }).toBe('done');
  });

  it('a failing file store delays a thumbnail and never loses it; a file gone has none, and nothing loops', async () => {
    const storage = server.services.storage;
    const read = storage.read;
    const w = await world();
    const agent = await listen(server, '/agent', { token: w.org.accessToken });
    // The store drops the first read of the image (a reset connection), then answers again.
    let dropped = 0;
    storage.read = async (key) => {
      if (dropped++ === 0) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      return read.call(storage, key);
    };
    try {
      const png = await files.png(600, 400);
      const u = await uploaded(visitorUpload(w, 'flaky.png', 'image/png', png), png);
      const sent = await w.v.api.call('sendVisitorMessage', {
        params: { id: w.conv.id },
        body: { clientId: ids(), attachmentIds: [u.attachmentId] },
      });
      await expect
        .poll(() => agent.received.find((r) => r.event === 'attachment.ready')?.data.messageId, { timeout: 15_000 })
        .toBe(sent.id)
        .catch(withServerErrors);
      expect(dropped).toBe(2);
      expect(server.logLines.some((l) => l.includes('read ECONNRESET'))).toBe(true);

      // A file that is gone when its thumbnail is made: failed once, not tried again.
      let reads = 0;
      storage.read = async (key) => {
        reads++;
        await storage.remove([key]);
        return read.call(storage, key);
      };
      const gone = await uploaded(visitorUpload(w, 'gone.png', 'image/png', png), png);
      await w.v.api.call('sendVisitorMessage', {
        params: { id: w.conv.id },
        body: { clientId: ids(), attachmentIds: [gone.attachmentId] },
      });
      await expect.poll(async () => await thumbnailStateOf(gone.attachmentId)).toBe('failed');
      server.services.thumbnails.wake();
      await new Promise((r) => setTimeout(r, 300));
      expect(reads).toBe(1);
    } finally {
      storage.read = read;
      agent.close();
    }
  });

  it("a note's files never reach the visitor: not by REST, socket, replay, or a URL signed for them", async () => {
    const w = await world();
    const pdf = files.pdf();
    const u = await uploaded(agentUpload(w, 'invoice.pdf', 'application/pdf', pdf), pdf);
    const note = await w.org.api.call('sendMessage', {
      params: { id: w.conv.id },
      body: { clientId: ids(), type: 'note', body: 'internal', attachmentIds: [u.attachmentId] },
    });
    expect(note.attachments![0]!.url).toContain(u.attachmentId);
    const reply = await w.org.api.call('sendMessage', {
      params: { id: w.conv.id },
      body: { clientId: ids(), body: 'Done' },
    });
    // The reply comes after the note in the visitor's stream: once it is there, the note would have been too.
    await expect.poll(() => w.v.received.some((r) => r.data?.id === reply.id)).toBe(true);
    expect(JSON.stringify(w.v.received)).not.toContain(u.attachmentId);
    const replayed = await listen(server, '/visitor', { sessionToken: w.v.session.sessionToken, lastSeq: 0 });
    await expect.poll(() => replayed.received.some((r) => r.data?.id === reply.id)).toBe(true);
    expect(JSON.stringify(replayed.received)).not.toContain(u.attachmentId);
    replayed.close();
    const history = await w.v.api.call('listVisitorMessages', { params: { id: w.conv.id } });
    expect(JSON.stringify(history)).not.toContain(u.attachmentId);
    const forVisitor = server.services.fileUrls.download(u.attachmentId, 'original', {
      kind: 'visitor',
      visitorId: w.v.session.visitorId,
    });
    expect((await download(server, forVisitor)).status).toBe(404);
    // The agent's copy works, and a PDF is downloaded, never shown.
    const got = await download(server, note.attachments![0]!.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice.pdf"/);
  });

  it('the visitor gets their own public files with URLs signed for them, also on replay', async () => {
    const w = await world();
    const text = files.text();
    const u = await uploaded(visitorUpload(w, 'log.txt', 'text/plain', text), text);
    const sent = await w.v.api.call('sendVisitorMessage', {
      params: { id: w.conv.id },
      body: { clientId: ids(), body: 'see log', attachmentIds: [u.attachmentId] },
    });
    const replayed = await listen(server, '/visitor', { sessionToken: w.v.session.sessionToken, lastSeq: 0 });
    await expect.poll(() => replayed.received.some((r) => r.data?.id === sent.id)).toBe(true);
    const url = replayed.received.find((r) => r.data?.id === sent.id)!.data.attachments[0].url as string;
    expect(url).toContain('reader=v.');
    const got = await download(server, url);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(text.toString());
    replayed.close();
  });

  it('§8 File uploads — an upload is attached once, by its uploader, in its organization', async () => {
    const w = await world();
    const other = await world();
    const text = files.text();
    const mine = await uploaded(visitorUpload(w, 'a.txt', 'text/plain', text), text);
    const send = (ww: World, attachmentIds: string[]) =>
      ww.v.api.call('sendVisitorMessage', { params: { id: ww.conv.id }, body: { clientId: ids(), attachmentIds } });
    // Someone else's: another visitor, an agent of the organization, another organization's agent.
    await expectError(send(other, [mine.attachmentId]), 409, 'ATTACHMENT_UNAVAILABLE');
    await expectError(
      w.org.api.call('sendMessage', {
        params: { id: w.conv.id },
        body: { clientId: ids(), attachmentIds: [mine.attachmentId] },
      }),
      409,
      'ATTACHMENT_UNAVAILABLE',
    );
    await send(w, [mine.attachmentId]);
    await expectError(send(w, [mine.attachmentId]), 409, 'ATTACHMENT_UNAVAILABLE');
    // Not uploaded yet, an unknown id, the same id twice.
    const empty = await visitorUpload(w, 'b.txt', 'text/plain', text);
    await expectError(send(w, [empty.attachmentId]), 409, 'ATTACHMENT_UNAVAILABLE');
    await expectError(send(w, [randomUUID()]), 409, 'ATTACHMENT_UNAVAILABLE');
    await expectError(send(w, [empty.attachmentId, empty.attachmentId]), 400, 'VALIDATION_FAILED');
    // A refused message stored nothing: the failed one left the upload attachable.
    expect((await rowOf(empty.attachmentId))!.message_id).toBeNull();
    await expectError(send(w, []), 400, 'VALIDATION_FAILED');
    const socketAck = await w.v.socket.emitWithAck('message.send', {
      conversationId: w.conv.id,
      clientId: ids(),
      attachmentIds: [mine.attachmentId],
    });
    expect(socketAck).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_UNAVAILABLE' } });
  });

  it("an organization's kinds, size limit and quota are kept, and a refusal stores nothing", async () => {
    const w = await world();
    const count = async () =>
      Number(
        (
          await query<{ n: string }>(
            server.services.db,
            sql`select count(*) as n from attachments where organization_id = ${w.org.organization.id}`,
          )
        )[0]!.n,
      );
    await expectError(
      w.v.api.call('createVisitorUpload', { body: { fileName: 'x.svg', contentType: 'image/svg+xml', size: 10 } }),
      415,
    );
    await expectError(
      w.v.api.call('createVisitorUpload', { body: { fileName: 'x.html', contentType: 'text/html', size: 10 } }),
      415,
    );
    await expectError(
      w.v.api.call('createVisitorUpload', {
        body: { fileName: 'big.pdf', contentType: 'application/pdf', size: 26 * 1024 * 1024 },
      }),
      413,
    );
    await expectError(
      w.v.api.call('createVisitorUpload', { body: { fileName: '../etc/passwd', contentType: 'text/plain', size: 10 } }),
      400,
    );
    await expectError(
      w.v.api.call('createVisitorUpload', { body: { fileName: 'a.txt', contentType: 'text/plain', size: 0 } }),
      400,
    );
    await w.org.api.call('updateOrganization', {
      body: { attachmentSettings: { allowedKinds: ['pdf'], quotaBytes: 100 } },
    });
    await expectError(
      w.v.api.call('createVisitorUpload', { body: { fileName: 'a.txt', contentType: 'text/plain', size: 10 } }),
      415,
    );
    await w.v.api.call('createVisitorUpload', {
      body: { fileName: 'a.pdf', contentType: 'application/pdf', size: 60 },
    });
    await expectError(
      w.v.api.call('createVisitorUpload', { body: { fileName: 'b.pdf', contentType: 'application/pdf', size: 60 } }),
      413,
      'QUOTA_EXCEEDED',
    );
    expect(await count()).toBe(1);
  });

  it('uploads never attached go after a day; attached ones stay', async () => {
    const w = await world();
    const text = files.text();
    const loose = await uploaded(visitorUpload(w, 'loose.txt', 'text/plain', text), text);
    const kept = await uploaded(visitorUpload(w, 'kept.txt', 'text/plain', text), text);
    await w.v.api.call('sendVisitorMessage', {
      params: { id: w.conv.id },
      body: { clientId: ids(), attachmentIds: [kept.attachmentId] },
    });
    const looseKey = (await rowOf(loose.attachmentId))!.storage_key;
    await server.services.db.execute(
      sql`update attachments set created_at = now() - interval '25 hours' where id in (${loose.attachmentId}, ${kept.attachmentId})`,
    );
    expect(await fileExists(looseKey)).toBe(true);
    while ((await deleteUnattached(server.services)) > 0);
    expect(await rowOf(loose.attachmentId)).toBeUndefined();
    expect(await fileExists(looseKey)).toBe(false);
    expect(await rowOf(kept.attachmentId)).toBeDefined();
  });

  it("deleteAttachmentsOf deletes a conversation's, a visitor's and an organization's files", async () => {
    const w = await world();
    const text = files.text();
    const second = await w.v.api.call('startConversation', { body: { clientId: ids() } });
    const inFirst = await uploaded(visitorUpload(w, 'one.txt', 'text/plain', text), text);
    await w.v.api.call('sendVisitorMessage', {
      params: { id: w.conv.id },
      body: { clientId: ids(), attachmentIds: [inFirst.attachmentId] },
    });
    const inSecond = await uploaded(visitorUpload(w, 'two.txt', 'text/plain', text), text);
    await w.v.api.call('sendVisitorMessage', {
      params: { id: second.id },
      body: { clientId: ids(), attachmentIds: [inSecond.attachmentId] },
    });
    const unattached = await uploaded(visitorUpload(w, 'three.txt', 'text/plain', text), text);
    const byAgent = await uploaded(agentUpload(w, 'four.txt', 'text/plain', text), text);
    const keys = await Promise.all(
      [inFirst, inSecond, unattached, byAgent].map(async (u) => (await rowOf(u.attachmentId))!.storage_key),
    );
    const organizationId = w.org.organization.id;
    expect(await deleteAttachmentsOf(server.services, { organizationId, conversationId: w.conv.id })).toBe(1);
    expect(await fileExists(keys[0]!)).toBe(false);
    expect(await fileExists(keys[1]!)).toBe(true);
    expect(await deleteAttachmentsOf(server.services, { organizationId, visitorId: w.v.session.visitorId })).toBe(2);
    expect(await fileExists(keys[1]!)).toBe(false);
    expect(await fileExists(keys[2]!)).toBe(false);
    expect(await fileExists(keys[3]!)).toBe(true);
    // Another organization's scope deletes nothing of this one.
    const other = await world();
    expect(await deleteAttachmentsOf(server.services, { organizationId: other.org.organization.id })).toBe(0);
    expect(await deleteAttachmentsOf(server.services, { organizationId })).toBe(1);
    expect(await fileExists(keys[3]!)).toBe(false);
  });

  if (driver === 'local') {
    it('§8 File uploads — the upload URL: once, before it expires, as signed by and for its uploader, no more bytes and no other type than declared', async () => {
      const w = await world();
      const text = files.text();
      const u = await visitorUpload(w, 'a.txt', 'text/plain', text);
      const tampered = { ...u, uploadUrl: tamper(u.uploadUrl) };
      expect((await put(server, tampered, text)).status).toBe(403);
      const otherId = { ...u, uploadUrl: u.uploadUrl.replace(u.attachmentId, randomUUID()) };
      expect((await put(server, otherId, text)).status).toBe(403);
      const noSig = { ...u, uploadUrl: u.uploadUrl.replace(/\?.*/, '') };
      expect((await put(server, noSig, text)).status).toBe(400);
      expect((await put(server, u, text, { 'content-type': 'application/pdf' })).status).toBe(415);
      expect((await put(server, u, text)).status).toBe(204);
      const again = await put(server, u, text);
      expect(again.status).toBe(409);

      const expired = server.services.fileUrls.upload(
        u.attachmentId,
        { type: 'visitor', id: w.v.session.visitorId },
        new Date(Date.now() - 1000),
      );
      const late = await visitorUpload(w, 'late.txt', 'text/plain', text);
      const lateExpired = expired.replace(u.attachmentId, late.attachmentId);
      expect((await put(server, { ...late, uploadUrl: lateExpired }, text)).status).toBe(403);
      const realExpired = server.services.fileUrls.upload(
        late.attachmentId,
        { type: 'visitor', id: w.v.session.visitorId },
        new Date(Date.now() - 1000),
      );
      const res = await put(server, { ...late, uploadUrl: realExpired }, text);
      expect(res.status).toBe(410);

      // More bytes than declared, then bytes of another type: refused, the URL spent, nothing on disk.
      const small = await visitorUpload(w, 'small.txt', 'text/plain', text);
      expect((await put(server, small, Buffer.concat([text, text]))).status).toBe(413);
      expect((await rowOf(small.attachmentId))!.status, 'refused from its Content-Length, unread').toBe('pending');
      expect((await putChunked(server, small, Buffer.concat([text, text]))).status).toBe(413);
      expect((await rowOf(small.attachmentId))!.status, 'counted as it came: the URL is spent').toBe('failed');
      expect(existsSync(path.join(dataDir, 'attachments', (await rowOf(small.attachmentId))!.storage_key))).toBe(false);
      const png = await files.png();
      const liar = await w.v.api.call('createVisitorUpload', {
        body: { fileName: 'report.pdf', contentType: 'application/pdf', size: png.length },
      });
      expect((await put(server, liar, png)).status).toBe(415);
      const liarRow = (await rowOf(liar.attachmentId))!;
      expect(liarRow.status).toBe('failed');
      expect(existsSync(path.join(dataDir, 'attachments', liarRow.storage_key))).toBe(false);
      // A program declared as text.
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
      const prog = await w.v.api.call('createVisitorUpload', {
        body: { fileName: 'x.txt', contentType: 'text/plain', size: elf.length },
      });
      expect((await put(server, prog, elf)).status).toBe(415);
    });

    it('downloads: as signed, before they expire; HTML in a text file is never rendered', async () => {
      const w = await world();
      const html = files.text('<html><script>alert(document.cookie)</script></html>');
      const u = await uploaded(visitorUpload(w, 'page.txt', 'text/plain', html), html);
      const sent = await w.v.api.call('sendVisitorMessage', {
        params: { id: w.conv.id },
        body: { clientId: ids(), attachmentIds: [u.attachmentId] },
      });
      const url = sent.attachments![0]!.url;
      const got = await download(server, url);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(got.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect((await download(server, tamper(url))).status).toBe(403);
      expect((await download(server, url.replace('reader=v.', 'reader=a.'))).status).toBe(403);
      expect((await download(server, url.replace(/expires=\d+/, 'expires=1'))).status).toBe(403);
      const expired = new URL(url);
      const fixed = server.services.fileUrls;
      const old = new (fixed.constructor as typeof import('./file-urls.js').FileUrls)(
        server.services.env.JWT_SECRET,
        server.services.env.PUBLIC_URL,
        fixed.ttlSeconds,
        () => Date.now() - 3_600_000,
      ).download(u.attachmentId, 'original', { kind: 'visitor', visitorId: w.v.session.visitorId });
      expect(expired.pathname).toBe(new URL(old).pathname);
      expect((await download(server, old)).status).toBe(410);
      expect((await download(server, url.replace('/original', '/thumbnail'))).status).toBe(403);
    });
  } else {
    it('§8 File uploads — the presigned PUT signs the type and the length, and expires; an upload not as declared cannot be attached', async () => {
      const w = await world();
      const text = files.text();
      const u = await visitorUpload(w, 'a.txt', 'text/plain', text);
      const url = new URL(u.uploadUrl);
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
      expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
      expect(url.searchParams.has('x-amz-checksum-crc32')).toBe(false);
      // s3rver takes any bytes (a real store refuses them): the HEAD before attaching does not.
      const res = await put(server, u, Buffer.concat([text, text]));
      expect(res.status).toBe(200);
      const send = (attachmentIds: string[]) =>
        w.v.api.call('sendVisitorMessage', { params: { id: w.conv.id }, body: { clientId: ids(), attachmentIds } });
      await expectError(send([u.attachmentId]), 409, 'ATTACHMENT_UNAVAILABLE');
      const row = (await rowOf(u.attachmentId))!;
      expect(row.status).toBe('failed');
      expect(await fileExists(row.storage_key)).toBe(false);
      const png = await files.png();
      const liar = await w.v.api.call('createVisitorUpload', {
        body: { fileName: 'r.pdf', contentType: 'application/pdf', size: png.length },
      });
      await put(server, liar, png);
      await expectError(send([liar.attachmentId]), 409, 'ATTACHMENT_UNAVAILABLE');
      expect((await rowOf(liar.attachmentId))!.status).toBe('failed');
    });
  }
});
