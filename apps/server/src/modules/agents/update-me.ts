import type { Readable } from 'node:stream';
import { AVATAR_SIZE, type TAgent, type TUpdateMeRequest } from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { agents, attachments } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { confirmUploads } from '../attachments/confirm-uploads.js';
import { hasThumbnail } from '../attachments/file-kinds.js';
import { MAX_IMAGE_PIXELS, sharpOnce } from '../attachments/make-thumbnail.js';
import { thumbnailKeyOf } from '../attachments/storage.js';
import { presentAgent } from './agent.presenter.js';
import { avatarKeyOf, avatarUrlOf, newAvatarVersion, storedAvatarKey } from './avatars.js';

const unavailable = () =>
  new AppError(
    'ATTACHMENT_UNAVAILABLE',
    'the avatar must be your own finished upload in this organization, not attached to a message',
  );

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The upload as a square WebP of AVATAR_SIZE pixels: cropped to the centre, turned upright, without metadata. */
async function encodeAvatar(bytes: Buffer): Promise<Buffer> {
  const sharp = await sharpOnce();
  try {
    // sharp writes no metadata unless asked (withMetadata): EXIF, GPS positions and ICC notes stay behind.
    return await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, animated: false })
      .autoOrient()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' })
      .webp({ quality: 80 })
      .toBuffer();
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'this image cannot be read: try a PNG or JPEG');
  }
}

/** The new avatar's file, made from the agent's upload, before the transaction that switches to it. */
async function prepareAvatar(services: Services, actor: AgentPrincipal, attachmentId: string) {
  const { organizationId, agentId } = actor;
  // s3: the server saw nothing arrive; a look at the object makes the upload finished (or spends it).
  await confirmUploads(services, organizationId, { type: 'agent', id: agentId }, [attachmentId]);
  const [upload] = await services.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.organizationId, organizationId), eq(attachments.id, attachmentId)));
  if (
    !upload ||
    upload.uploaderType !== 'agent' ||
    upload.uploaderId !== agentId ||
    upload.status !== 'uploaded' ||
    upload.messageId !== null ||
    upload.attachedAt !== null
  )
    throw unavailable();
  if (!hasThumbnail(upload.contentType))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'an avatar must be an image: PNG, JPEG, GIF, WebP, AVIF or TIFF');
  const image = await encodeAvatar(await bytesOf(await services.storage.read(upload.storageKey)));
  const version = newAvatarVersion();
  const key = avatarKeyOf(organizationId, agentId, version);
  await services.storage.write(key, image, 'image/webp');
  return { upload, key, url: avatarUrlOf(services.env.PUBLIC_URL, agentId, version) };
}

/**
 * PATCH /api/v1/me: own name, availability, language and avatar; colleagues see the change live (agent.updated). A new
 * avatar comes from the agent's own finished, unattached upload of a raster image: re-encoded by sharp to a square
 * WebP (metadata dropped), stored under a new version's key, and the upload deleted. `avatarUrl: null` removes
 * it. The file of the avatar replaced or removed is deleted after the commit.
 */
export async function updateMe(services: Services, actor: AgentPrincipal, body: TUpdateMeRequest): Promise<TAgent> {
  const { organizationId, agentId } = actor;
  const { avatarAttachmentId, avatarUrl, ...profile } = body;
  const fresh = avatarAttachmentId ? await prepareAvatar(services, actor, avatarAttachmentId) : null;
  try {
    const done = await inTransaction(services, async (tx, uow) => {
      const mine = and(eq(agents.organizationId, organizationId), eq(agents.id, agentId));
      const [before] = await tx.select().from(agents).where(mine).for('update');
      if (!before) throw notFound('agent');
      if (typeof avatarUrl === 'string' && avatarUrl !== before.avatarUrl)
        throw new AppError('VALIDATION_FAILED', 'upload the image instead: this is not your avatar’s URL', [
          { path: 'avatarUrl', message: 'only null, or your current avatar’s URL' },
        ]);
      const changesAvatar = fresh !== null || avatarUrl === null;
      if (fresh) {
        // Still this agent's unattached upload (a message may have taken it meanwhile): consumed here.
        const consumed = await tx
          .delete(attachments)
          .where(
            and(
              eq(attachments.organizationId, organizationId),
              eq(attachments.id, fresh.upload.id),
              eq(attachments.status, 'uploaded'),
            ),
          )
          .returning({ messageId: attachments.messageId });
        if (consumed.length !== 1 || consumed[0]!.messageId !== null) throw unavailable();
      }
      const changes = {
        ...profile,
        ...(changesAvatar ? { avatarUrl: fresh?.url ?? null } : {}),
        // Their own choice (and a sign of life): away after inactivity starts over and will not undo it.
        ...(profile.availability ? { isAutoAway: false, lastActiveAt: new Date() } : {}),
      };
      // Only the current avatar URL sent back: nothing to change, nothing to announce.
      if (Object.keys(changes).length === 0) return { dto: presentAgent(before, services.presence), doomed: [] };
      const [row] = await tx.update(agents).set(changes).where(mine).returning();
      if (!row) throw notFound('agent');
      const dto = presentAgent(row, services.presence);
      // The language is the agent's own: colleagues see nothing change, so nothing is announced for it alone.
      if (Object.keys(changes).some((key) => key !== 'language'))
        await recordEvent(tx, uow, organizationId, { type: 'agent.updated', payload: dto });
      const old = changesAvatar ? storedAvatarKey(before) : null;
      const spent = fresh ? [fresh.upload.storageKey, thumbnailKeyOf(fresh.upload.storageKey)] : [];
      return { dto, doomed: [...(old ? [old] : []), ...spent] };
    });
    // After the commit, before the answer: the old face's URL already answers 404, and its file goes now.
    if (done.doomed.length > 0)
      await services.storage.remove(done.doomed).catch((err) => services.errors.report(err, 'old avatar files'));
    return done.dto;
  } catch (err) {
    if (fresh) await services.storage.remove([fresh.key]).catch(() => undefined);
    throw err;
  }
}
