import { ApiError } from '@oceras/protocol/client';
import { isRetryable } from '@oceras/protocol/realtime';
import { UploadError } from '@oceras/protocol/upload';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/errors';
import { currentStrings } from '@/lib/i18n/i18n';
import type { OutboxFile } from '@/lib/outbox';
import type { LocalFile, Uploader } from '@/lib/uploader';

/**
 * A file in the composer. `waiting`: no connection now; it is uploaded with the message when the connection is
 * back (the outbox does it). `failed`: refused or broken; `retryable` says whether trying again (with a new upload
 * URL) can help.
 */
export interface Chip extends LocalFile {
  key: string;
  state: 'uploading' | 'ready' | 'waiting' | 'failed';
  sent: number;
  attachmentId?: string;
  error?: string;
  retryable?: boolean;
}

let counter = 0;

/** The composer's files: each starts uploading when picked, so it is usually done by the time Send is pressed. */
export function useAttachments(uploader: Uploader) {
  const [chips, setChips] = useState<Chip[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  useEffect(() => {
    const held = controllers.current;
    return () => {
      for (const c of held.values()) c.abort();
    };
  }, []);

  const patch = (key: string, change: Partial<Chip>) =>
    setChips((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));

  const start = (chip: Chip) => {
    const controller = new AbortController();
    controllers.current.get(chip.key)?.abort();
    controllers.current.set(chip.key, controller);
    patch(chip.key, { state: 'uploading', sent: 0, error: undefined, retryable: undefined });
    uploader
      .upload(chip, {
        signal: controller.signal,
        onProgress: (sent, total) => patch(chip.key, { sent, ...(chip.size ? {} : { size: total }) }),
      })
      .then((attachmentId) => patch(chip.key, { state: 'ready', attachmentId }))
      .catch((err) => {
        if (!controller.signal.aborted) patch(chip.key, failure(err));
      })
      .finally(() => {
        if (controllers.current.get(chip.key) === controller) controllers.current.delete(chip.key);
      });
  };

  return {
    chips,
    add(files: LocalFile[]) {
      const added = files.map((f): Chip => ({ ...f, key: `file-${++counter}`, state: 'uploading', sent: 0 }));
      setChips((list) => [...list, ...added]);
      for (const chip of added) start(chip);
    },
    /** Cancels its upload if it is still going. */
    remove(key: string) {
      controllers.current.get(key)?.abort();
      controllers.current.delete(key);
      setChips((list) => list.filter((c) => c.key !== key));
    },
    retry(key: string) {
      const chip = chips.find((c) => c.key === key);
      if (chip) start(chip);
    },
    /** What goes into the outbox with the message; the composer is emptied. */
    take(): OutboxFile[] {
      const files = chips.map(({ uri, name, type, size, attachmentId }) => ({
        uri,
        name,
        type,
        size,
        ...(attachmentId ? { attachmentId } : {}),
      }));
      setChips([]);
      return files;
    },
    isBusy: chips.some((c) => c.state === 'uploading'),
    hasRefused: chips.some((c) => c.state === 'failed' && !c.retryable),
  };
}

/** What the chip says when an upload did not work. */
function failure(err: unknown): Partial<Chip> {
  const isOffline =
    (err instanceof UploadError && err.status === 0) ||
    err instanceof TypeError ||
    (err instanceof Error && err.name === 'AbortError');
  if (isOffline)
    return {
      state: 'waiting',
      retryable: true,
      error: currentStrings().attachments.offline,
    };
  if (err instanceof UploadError) return { state: 'failed', retryable: err.retryable, error: errorMessage(err) };
  if (err instanceof ApiError) return { state: 'failed', retryable: isRetryable(err), error: errorMessage(err) };
  return { state: 'failed', retryable: false, error: errorMessage(err) };
}
