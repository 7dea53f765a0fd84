import { sql } from 'drizzle-orm';
import { query } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import type { CoreServices } from '../../services.js';
import { type StoredAttachment, storedAttachmentSql } from './attachment.presenter.js';
import { thumbnailKeyOf } from './storage.js';

/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;
/** Larger images are refused (a decompression bomb fits in a small file). */
const MAX_PIXELS = 50_000_000;
/** A claim older than this belonged to a process that died: another takes the image over. */
const CLAIM_MS = 5 * 60_000;
/** After the file store failed, an image waits this long before it is tried again. */
const STORE_RETRY_MS = 5_000;
/** An image waiting while another transaction holds its row (the message attaching it) is looked at again after. */
const LOCKED_RETRY_MS = 250;

/** sharp (a native addon) is loaded with the first image, not at start. */
const loadSharp = async () => {
  const { default: sharp } = await import('sharp');
  // One image at a time per process, on one libvips thread: thumbnails wait, requests do not.
  sharp.concurrency(1);
  sharp.cache(false);
  return sharp;
};
let sharpLoading: ReturnType<typeof loadSharp> | null = null;
/** sharp, loaded once per process, bounded to one image at a time (thumbnails and avatars share it). */
export const sharpOnce = () => {
  sharpLoading ??= loadSharp();
  return sharpLoading;
};
/** Larger images are refused (a decompression bomb fits in a small file). */
export const MAX_IMAGE_PIXELS = MAX_PIXELS;

type Services = Pick<CoreServices, 'db' | 'bus' | 'storage' | 'errors'>;
interface Claimed {
  id: string;
  organization_id: string;
  storage_key: string;
}

/** Takes one image to do, in its own short transaction (SKIP LOCKED: several processes share the work). */
async function claim(services: Services): Promise<Claimed | null> {
  const [row] = await query<Claimed>(
    services.db,
    sql`update attachments set thumbnail_state = 'working', thumbnail_claimed_at = now()
        where id = (
          select id from attachments
          where thumbnail_state = 'pending'
             or (thumbnail_state = 'working' and thumbnail_claimed_at < now() - make_interval(secs => ${CLAIM_MS / 1000}))
          order by thumbnail_claimed_at nulls first
          limit 1 for update skip locked)
        returning id, organization_id, storage_key`,
  );
  return row ?? null;
}

/** The stored file, whole (images are at most the organization's file size limit). */
async function readAll(services: Services, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await services.storage.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function render(bytes: Buffer) {
  const sharp = await sharpOnce();
  const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, animated: false }).autoOrient();
  const meta = await image.metadata();
  const thumbnail = await image
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
  const { width, height } = meta.autoOrient ?? meta;
  return { width: width ?? null, height: height ?? null, thumbnail };
}

/**
 * Saves what the image turned out to be. Not attached yet: the row alone, and the message that attaches it later
 * carries it (the append statement reads the row it locks). Attached: under the conversation's lock (the append
 * paths' lock order: conversation, attachments, organization), the row, the message's stored attachment, and an
 * `attachment.ready` event, for the visitor too unless the message is a note.
 */
async function save(
  services: Services,
  c: Claimed,
  result: { width: number | null; height: number | null; key: string | null },
) {
  const state = result.key ? 'done' : 'failed';
  const set = sql`width = ${result.width}, height = ${result.height}, thumbnail_key = ${result.key}, thumbnail_state = ${state}`;
  const loose = await query(
    services.db,
    sql`update attachments set ${set} where id = ${c.id} and message_id is null and attached_at is null returning id`,
  );
  if (loose.length > 0 || !result.key) {
    if (loose.length === 0) await services.db.execute(sql`update attachments set ${set} where id = ${c.id}`);
    return;
  }
  await inTransaction(services, async (tx, uow) => {
    const [conv] = await query<{ id: string; visitor_id: string }>(
      tx,
      sql`select c.id, c.visitor_id from conversations c join attachments a on a.conversation_id = c.id
          where a.id = ${c.id} and c.organization_id = ${c.organization_id} for update of c`,
    );
    const [att] = await query<{ message_id: string | null; stored: StoredAttachment }>(
      tx,
      sql`update attachments a set ${set} where a.id = ${c.id} returning a.message_id, ${sql.raw(storedAttachmentSql('a'))} as stored`,
    );
    if (!conv || !att?.message_id) return;
    const [message] = await query<{ type: string }>(
      tx,
      sql`update messages set attachments = (
            select jsonb_agg(case when e->>'id' = ${c.id} then ${JSON.stringify(att.stored)}::jsonb else e end order by n)
            from jsonb_array_elements(attachments) with ordinality as x(e, n))
          where id = ${att.message_id} and organization_id = ${c.organization_id} returning type`,
    );
    if (!message) return;
    const payload = { conversationId: conv.id, messageId: att.message_id, attachment: att.stored };
    await recordEvent(tx, uow, c.organization_id, {
      type: 'attachment.ready',
      conversationId: conv.id,
      payload,
      visitor: message.type === 'message' ? { id: conv.visitor_id, payload } : null,
    });
  });
}

type Outcome = 'done' | 'idle' | 'locked' | 'store-failed';
const NO_THUMBNAIL = { width: null, height: null, key: null };

/**
 * The store failed, not the image (a reset connection, a store restarting): the image is tried again in
 * `STORE_RETRY_MS`, unless its file is gone, which leaves it a file without a preview. Before, any failure
 * marked the thumbnail failed for good, and one dropped connection cost an image its preview.
 */
async function storeFailed(services: Services, c: Claimed, err: unknown): Promise<Outcome> {
  services.errors.report(err, `thumbnail of attachment ${c.id}: the file store`);
  const there = await services.storage.inspect(c.storage_key, 1).then(
    (seen) => seen !== null,
    () => true,
  );
  if (!there) {
    await save(services, c, NO_THUMBNAIL);
    return 'done';
  }
  // Claimable again once its claim is `STORE_RETRY_MS` from expiring (claim's rule, not a second one).
  await services.db.execute(
    sql`update attachments set thumbnail_claimed_at = now() - make_interval(secs => ${(CLAIM_MS - STORE_RETRY_MS) / 1000})
        where id = ${c.id} and thumbnail_state = 'working'`,
  );
  return 'store-failed';
}

/**
 * Does one image if there is one. `locked`: none could be claimed, but one waits whose row another transaction holds:
 * the send that attaches it to its message locks the row right after confirming the upload (the s3 driver's
 * confirmation wakes the worker then), and the claim skips locked rows. Before, such an image waited for the next
 * maintenance tick (15 s; a CI run saw it).
 */
export async function makeOneThumbnail(services: Services): Promise<Outcome> {
  const c = await claim(services);
  if (!c) {
    const [waiting] = await query<{ waiting: boolean }>(
      services.db,
      sql`select exists (select 1 from attachments where thumbnail_state = 'pending') as waiting`,
    );
    return waiting?.waiting ? 'locked' : 'idle';
  }
  let bytes: Buffer;
  try {
    bytes = await readAll(services, c.storage_key);
  } catch (err) {
    return storeFailed(services, c, err);
  }
  let made: Awaited<ReturnType<typeof render>>;
  try {
    made = await render(bytes);
  } catch (err) {
    // Not an image sharp can read after all, or too large: the file stays a file, without a preview.
    services.errors.report(err, `thumbnail of attachment ${c.id}`);
    await save(services, c, NO_THUMBNAIL);
    return 'done';
  }
  const key = thumbnailKeyOf(c.storage_key);
  try {
    await services.storage.write(key, made.thumbnail, 'image/webp');
  } catch (err) {
    return storeFailed(services, c, err);
  }
  await save(services, c, { width: made.width, height: made.height, key });
  return 'done';
}

/**
 * The process's thumbnail worker: woken when an image arrives, and by the maintenance tick (work of dead
 * processes). When the file store fails it stops and tries again in `STORE_RETRY_MS`: one request per pause
 * while the store is down, not one per waiting image. An image whose row is held by another transaction is looked
 * at again every `LOCKED_RETRY_MS` until that transaction ends.
 */
export function createThumbnailer(services: Services) {
  let running: Promise<void> | null = null;
  let again = false;
  let retry: NodeJS.Timeout | null = null;
  const run = async () => {
    do {
      again = false;
      try {
        let outcome: Outcome;
        do outcome = await makeOneThumbnail(services);
        while (outcome === 'done');
        if ((outcome === 'store-failed' || outcome === 'locked') && !retry) {
          retry = setTimeout(
            () => {
              retry = null;
              wake();
            },
            outcome === 'locked' ? LOCKED_RETRY_MS : STORE_RETRY_MS + 100,
          );
          retry.unref();
        }
      } catch (err) {
        services.errors.report(err, 'thumbnails');
      }
    } while (again);
    running = null;
  };
  const wake = () => {
    if (running) again = true;
    else running = run();
  };
  return {
    wake,
    /** Shutdown: drops a retry it waits for and resolves once the image in hand is done. */
    close: () => {
      if (retry) clearTimeout(retry);
      retry = null;
      return running ?? Promise.resolve();
    },
  };
}
