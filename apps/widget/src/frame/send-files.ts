import { isRetryable } from '@oceras/protocol/realtime';
import { sendUpload, UploadError, uploadRequestFor } from '@oceras/protocol/upload';
import { call } from './api.js';
import type { OutboxFile, OutboxItem, SendResult } from './outbox.js';
import { LOST } from './outbox.js';
import type { Action } from './reducer.js';
import { openChannel } from './tab-leader.js';

/** The bytes of an outbox item's files, in the memory of the tab that took them; aborted when the visitor cancels. */
export interface HeldFiles {
  blobs: Blob[];
  abort: AbortController;
}

export interface FilesDeps {
  /** This tab, as outbox items name the tab that holds their files. */
  tabId: string;
  /** The BroadcastChannel of this visitor's tabs, where they ask whether the tab holding an item's files is open. */
  channel: string;
  held: Map<string, HeldFiles>;
  dispatch: (action: Action) => void;
  /** Keeps the ids of the files stored so far on the outbox item: a later try sends only the others. */
  update: (clientId: string, change: Partial<OutboxItem>) => void;
}

type Failure = Extract<SendResult, { ok: false }>;

/**
 * The upload path, a chunk of its own loaded on first use (most visitors never send a file; the chat's weight counts,
 * docs/PERFORMANCE.md). Returns the outbox sender's step for an item with files: their attachment ids, each file
 * stored first where it is not yet; or why not.
 *
 * - Each file gets a NEW upload URL (a URL takes one try) and its bytes, with progress for the thread.
 * - A refusal (type not allowed, too large: a 4xx) says why in the server's words and is not tried again; the
 *   network, an expired link or a busy server are (UploadError.retryable), by the outbox's backoff or "Retry".
 * - An item whose files another tab holds waits for that tab while it is open (it sends the item, in order); with
 *   no tab answering for it, the bytes are gone (a reload, a closed tab) and the item fails as LOST.
 */
export function startFiles({ tabId, channel, held, dispatch, update }: FilesDeps) {
  const heard = new Set<string>();
  const tabs = openChannel<{ ask?: string; here?: string }>(channel, (m) => {
    if (m.ask === tabId) tabs.post({ here: tabId });
    if (m.here) heard.add(m.here);
  });
  const isOpen = async (tab = '') => {
    heard.delete(tab);
    tabs.post({ ask: tab });
    await new Promise((r) => setTimeout(r, 1000));
    return heard.has(tab);
  };

  return async (item: OutboxItem, token: string): Promise<string[] | Failure> => {
    const { clientId } = item;
    const list = [...(item.files ?? [])];
    if (list.every((f) => f.id)) return list.map((f) => f.id!);
    const mine = held.get(clientId);
    if (!mine)
      return (await isOpen(item.tab))
        ? { ok: false, retry: true, reason: 'ELSEWHERE' }
        : { ok: false, retry: false, reason: LOST };
    const sent = list.map((f) => (f.id ? f.size : 0));
    const progress = (isStalled?: boolean) =>
      dispatch({ type: 'upload', clientId, upload: { sent: [...sent], isStalled } });
    progress();
    try {
      for (const [i, file] of list.entries()) {
        if (file.id) continue;
        const upload = await call('createVisitorUpload', { token, body: uploadRequestFor(file) });
        await sendUpload(upload, mine.blobs[i]!, {
          signal: mine.abort.signal,
          onProgress: (n) => {
            sent[i] = n;
            progress();
          },
        });
        list[i] = { ...file, id: upload.attachmentId } satisfies OutboxFile;
        update(clientId, { files: [...list] });
      }
      return list.map((f) => f.id!);
    } catch (e) {
      const retry = !mine.abort.signal.aborted && (e instanceof UploadError ? e.retryable : isRetryable(e));
      if (retry) progress(true);
      else dispatch({ type: 'upload', clientId, upload: null });
      return { ok: false, retry, reason: (e as Error).message, error: e };
    }
  };
}
