import { LIMITS } from '@oceras/protocol';
import { currentStrings } from '../../i18n/i18n';
import { createStore } from '../../lib/store';

/** A file on its way into the next message: a chip above the composer. */
export interface PendingFile {
  key: number;
  name: string;
  size: number;
  state: 'uploading' | 'done' | 'failed';
  /** Bytes the store has received so far. */
  sent: number;
  attachmentId: string | null;
  /** Why it failed, as a sentence. */
  error: string | null;
  /** Worth a "Retry" (a new upload URL): not when the server refused the file itself. */
  isRetryable: boolean;
}

/** What an upload rejects with: a sentence, and whether trying again may help. */
export interface UploadFailure {
  message: string;
  isRetryable: boolean;
}

/** Asks for an upload URL, sends the bytes, resolves with the attachment's id; rejects with an UploadFailure. */
export type StartUpload = (
  file: File,
  options: { onProgress: (sentBytes: number) => void; signal: AbortSignal },
) => Promise<string>;

const isFailure = (e: unknown): e is UploadFailure =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as UploadFailure).message === 'string' &&
  typeof (e as UploadFailure).isRetryable === 'boolean';

/**
 * The files of the message being written, each uploaded as soon as it is added. The upload code itself is loaded on
 * the first file (`loadStart`), so the inbox's first screen does not carry it.
 */
export class UploadList {
  readonly items = createStore<PendingFile[]>([]);
  private files = new Map<number, { file: File; abort: AbortController }>();
  private next = 1;

  constructor(private loadStart: () => Promise<StartUpload>) {}

  /** Adds files up to the per-message limit and starts them; returns how many did not fit. */
  add(files: File[]): number {
    const room = Math.max(0, LIMITS.attachmentsPerMessageMax - this.items.get().length);
    const taken = files.slice(0, room);
    for (const file of taken) {
      const key = this.next++;
      this.items.set((list) => [
        ...list,
        {
          key,
          name: file.name,
          size: file.size,
          state: 'uploading',
          sent: 0,
          attachmentId: null,
          error: null,
          isRetryable: false,
        },
      ]);
      this.run(key, file);
    }
    return files.length - taken.length;
  }

  /** Cancels the upload if it is running and drops the file. */
  remove(key: number) {
    this.files.get(key)?.abort.abort();
    this.files.delete(key);
    this.items.set((list) => list.filter((p) => p.key !== key));
  }

  /** Starts a failed file again, from a new upload URL. */
  retry(key: number) {
    const held = this.files.get(key);
    if (!held) return;
    this.patch(key, { state: 'uploading', sent: 0, error: null, isRetryable: false });
    this.run(key, held.file);
  }

  /** The ids to send when every file has finished; null while one is uploading or failed. */
  attachmentIds(): string[] | null {
    const list = this.items.get();
    return list.every((p) => p.state === 'done') ? list.map((p) => p.attachmentId!) : null;
  }

  /** After the message took the files: the list starts empty again. */
  clear() {
    this.files.clear();
    this.items.set([]);
  }

  /** Leaving the conversation: running uploads stop. */
  dispose() {
    for (const { abort } of this.files.values()) abort.abort();
    this.clear();
  }

  private patch(key: number, change: Partial<PendingFile>) {
    this.items.set((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));
  }

  private async run(key: number, file: File) {
    const abort = new AbortController();
    this.files.set(key, { file, abort });
    try {
      const start = await this.loadStart();
      const attachmentId = await start(file, {
        onProgress: (sent) => !abort.signal.aborted && this.patch(key, { sent }),
        signal: abort.signal,
      });
      if (!abort.signal.aborted) this.patch(key, { state: 'done', sent: file.size, attachmentId });
    } catch (err) {
      if (abort.signal.aborted) return;
      const failure: UploadFailure = isFailure(err)
        ? err
        : { message: currentStrings().conversation.composer.uploadFailed, isRetryable: true };
      this.patch(key, { state: 'failed', error: failure.message, isRetryable: failure.isRetryable });
    }
  }
}
