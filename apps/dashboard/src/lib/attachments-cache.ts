import type { TAttachment, TMessage } from '@oceras/protocol';
import type { MessagesData } from './queries';

/**
 * An image's attachment completed (`attachment.ready`: dimensions, thumbnail): replaces it in the thread held, by id.
 * Returns the same object when nothing changed, so a thread that does not hold the message does not re-render.
 */
export function withAttachment(data: MessagesData, messageId: string, attachment: TAttachment): MessagesData {
  const i = data.messages.findIndex((m) => m.id === messageId);
  const msg = data.messages[i];
  if (!msg?.attachments?.some((a) => a.id === attachment.id)) return data;
  const attachments = msg.attachments.map((a) => (a.id === attachment.id ? attachment : a));
  const messages = data.messages.slice();
  messages[i] = { ...msg, attachments };
  return { ...data, messages };
}

/** Fresh signed URLs (a page fetched again) for the messages held; the messages themselves stay as they are. */
export function withFreshAttachments(data: MessagesData, fresh: TMessage[]): MessagesData {
  const byId = new Map(fresh.map((m) => [m.id, m]));
  let isChanged = false;
  const messages = data.messages.map((m) => {
    const f = byId.get(m.id);
    if (!f?.attachments?.length) return m;
    isChanged = true;
    return { ...m, attachments: f.attachments };
  });
  return isChanged ? { ...data, messages } : data;
}

/** Every image of the thread, oldest first: what the lightbox steps through with the arrow keys. */
export const imagesOf = (messages: TMessage[], isImage: (a: TAttachment) => boolean) =>
  messages.flatMap((m) => (m.attachments ?? []).filter(isImage));
