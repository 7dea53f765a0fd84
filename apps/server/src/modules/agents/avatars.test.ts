/**
 * Agent avatars served by Oceras (issue 15, privacy policy §5: a visitor's browser contacts no third party): the
 * agent uploads an image through the attachment upload flow, PATCH /api/v1/me takes its id, and the server serves a
 * 256×256 WebP without metadata at a new URL on its own origin. With both storage drivers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AVATAR_SIZE } from '@oceras/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files, onServer, put } from '../../../test/attachments-kit.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { startS3 } from '../../../test/s3-server.js';
import { storedAvatarKey } from './avatars.js';

describe.each(['local', 's3'] as const)('agent avatars with the %s driver', (driver) => {
  let server: TestServer;
  let s3: Awaited<ReturnType<typeof startS3>> | null = null;
  beforeAll(async () => {
    s3 = driver === 's3' ? await startS3() : null;
    server = await startTestServer({
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'oceras-avatars-')),
      ...(s3?.env ?? {}),
    });
  });
  afterAll(async () => {
    await server?.close();
    await s3?.close();
  });

  type Api = Awaited<ReturnType<typeof buildOrganization>>['api'];
  /** An upload of these bytes by `api`, sent (or not) to its URL. */
  async function upload(api: Api, bytes: Buffer, contentType = 'image/png', send = true) {
    const u = await api.call('createUpload', { body: { fileName: 'me.png', contentType, size: bytes.length } });
    if (send) expect((await put(server, u, bytes)).status).toBe(s3 ? 200 : 204);
    return u.attachmentId;
  }
  const keyOf = (org: { organization: { id: string } }, agent: { id: string; avatarUrl: string | null }) =>
    storedAvatarKey({ organizationId: org.organization.id, ...agent })!;
  const hasFile = async (key: string) => (await server.services.storage.inspect(key, 1)) !== null;

  it('§5 We share information only with the following categories of providers — an agent’s uploaded photo is served by Oceras itself, as a 256×256 WebP without its EXIF or GPS metadata, public and immutable; the upload is consumed', async () => {
    const org = await buildOrganization(server);
    // A JPEG carrying EXIF, as phones write them (a place and a device).
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#aa3300' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'SecretPhone', Copyright: 'GPS 48.8583N 2.2945E' } })
      .toBuffer();
    expect(photo.includes('SecretPhone')).toBe(true);
    const id = await upload(org.api, photo, 'image/jpeg');
    const me = await org.api.call('updateMe', { body: { avatarAttachmentId: id } });
    expect(me.avatarUrl).toMatch(new RegExp(`^http://localhost:0/api/v1/avatars/${me.id}/[A-Za-z0-9_-]+\\.webp$`));
    // Colleagues see it.
    const listed = await org.api.call('listAgents');
    expect(listed.agents.find((a) => a.id === me.id)?.avatarUrl).toBe(me.avatarUrl);

    // Anyone may load it (no token): visitors see agents' avatars.
    const res = await fetch(onServer(server, me.avatarUrl!));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: AVATAR_SIZE, height: AVATAR_SIZE });
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes('SecretPhone')).toBe(false);
    expect(bytes.includes('GPS 48.8583N')).toBe(false);

    // The upload is spent: gone from the storage, and cannot be used again (for an avatar or a message).
    await expectError(org.api.call('updateMe', { body: { avatarAttachmentId: id } }), 409, 'ATTACHMENT_UNAVAILABLE');
    expect(await hasFile(`${org.organization.id}/${id}`)).toBe(false);
  });

  it('a new photo is a new URL (the old one answers 404 and its file is deleted); avatarUrl null removes it', async () => {
    const org = await buildOrganization(server);
    const first = await org.api.call('updateMe', {
      body: { avatarAttachmentId: await upload(org.api, await files.png(300, 300)) },
    });
    const firstKey = keyOf(org, first);
    expect(await hasFile(firstKey)).toBe(true);
    const second = await org.api.call('updateMe', {
      body: { avatarAttachmentId: await upload(org.api, await files.png(120, 400)) },
    });
    expect(second.avatarUrl).not.toBe(first.avatarUrl);
    expect((await fetch(onServer(server, first.avatarUrl!))).status).toBe(404);
    expect(await hasFile(firstKey)).toBe(false);
    expect((await fetch(onServer(server, second.avatarUrl!))).status).toBe(200);
    // Its own current URL is accepted as is (nothing changes).
    expect((await org.api.call('updateMe', { body: { avatarUrl: second.avatarUrl } })).avatarUrl).toBe(
      second.avatarUrl,
    );

    const removed = await org.api.call('updateMe', { body: { avatarUrl: null } });
    expect(removed.avatarUrl).toBeNull();
    expect(await hasFile(keyOf(org, second))).toBe(false);
    expect((await fetch(onServer(server, second.avatarUrl!))).status).toBe(404);
  });

  it('refuses what is not the agent’s own finished, unattached image upload, and any other URL', async () => {
    const org = await buildOrganization(server);
    const colleague = await buildAgent(server, org);
    const other = await buildOrganization(server);
    const png = await files.png(64, 64);
    const refuse = (api: Api, avatarAttachmentId: string, status: number, code: string) =>
      expectError(api.call('updateMe', { body: { avatarAttachmentId } }), status, code);

    // Someone else's upload: a colleague's, another organization's.
    await refuse(org.api, await upload(colleague.api, png), 409, 'ATTACHMENT_UNAVAILABLE');
    await refuse(org.api, await upload(other.api, png), 409, 'ATTACHMENT_UNAVAILABLE');
    // Not finished: the bytes never came.
    await refuse(org.api, await upload(org.api, png, 'image/png', false), 409, 'ATTACHMENT_UNAVAILABLE');
    // A PDF.
    await refuse(org.api, await upload(org.api, files.pdf(), 'application/pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // Attached to a message already.
    const session = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const conv = await server
      .client(session.sessionToken)
      .call('startConversation', { body: { clientId: 'avatar-conv' } });
    const attached = await upload(org.api, png);
    await org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: 'with-photo', body: 'see', type: 'note', attachmentIds: [attached] },
    });
    await refuse(org.api, attached, 409, 'ATTACHMENT_UNAVAILABLE');
    // Anonymous.
    await expectError(server.client().call('updateMe', { body: { avatarAttachmentId: attached } }), 401);
    // A URL elsewhere: upload the image instead.
    const elsewhere = org.api.call('updateMe', { body: { avatarUrl: 'https://avatars.example/ada.png' } });
    await expectError(elsewhere, 400, 'VALIDATION_FAILED');
    const err = await org.api
      .call('updateMe', { body: { avatarUrl: 'https://avatars.example/ada.png' } })
      .catch((e: Error) => e);
    expect(JSON.stringify(err)).toMatch(/upload the image/);
    // Our own path, but not this agent's avatar.
    await expectError(
      org.api.call('updateMe', {
        body: { avatarUrl: `http://localhost:0/api/v1/avatars/${colleague.agent.id}/abcdefgh1234.webp` },
      }),
      400,
      'VALIDATION_FAILED',
    );
    // Nothing changed.
    expect((await org.api.call('getMe')).agent.avatarUrl).toBeNull();
    // A path that names no avatar is a 400 or a 404, never a file.
    expect((await fetch(`${server.baseUrl}/api/v1/avatars/${org.agent.id}/x.webp`)).status).toBe(400);
    expect((await fetch(`${server.baseUrl}/api/v1/avatars/${org.agent.id}/abcdefgh1234.webp`)).status).toBe(404);
  });
});
