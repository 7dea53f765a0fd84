import type { OcerasClient } from '@oceras/protocol/client';
import { sendUpload, uploadAvatar, uploadRequestFor } from '@oceras/protocol/upload';
import { currentStrings, fill } from './i18n/i18n';

/**
 * A file picked on this device, by its address: `file://` in the app's cache on phones (the pickers copy there),
 * a `blob:` URL on the web (alive as long as the page).
 */
export interface LocalFile {
  uri: string;
  name: string;
  type: string;
  size: number;
}

export interface UploaderDeps {
  /** The signed-in agent's client (it changes at each sign-in). */
  client: () => OcerasClient;
  /** The bytes behind a uri; by default fetch's blob, which reads file:// in React Native and blob: in browsers. */
  readFile?: (uri: string) => Promise<Blob>;
  /** Tests pass a stand-in; the platform's otherwise. */
  XMLHttpRequest?: typeof XMLHttpRequest;
}

/** The picked file cannot be read any more (the web page was reloaded, or the phone cleared the app's cache). */
export class FileUnavailableError extends Error {
  constructor(name: string) {
    super(fill(currentStrings().attachments.fileGone, { name }));
    this.name = 'FileUnavailableError';
  }
}

export type Uploader = ReturnType<typeof createUploader>;

/** Uploads one file the way every Oceras app does: a new upload URL (createUpload), then the bytes, with progress. */
export function createUploader(deps: UploaderDeps) {
  const readFile = deps.readFile ?? (async (uri: string) => (await fetch(uri)).blob());
  return {
    async read(file: Pick<LocalFile, 'uri' | 'name'>): Promise<Blob> {
      try {
        return await readFile(file.uri);
      } catch {
        throw new FileUnavailableError(file.name);
      }
    },

    /** Resolves with the attachment id to put in the message's `attachmentIds`. */
    async upload(
      file: LocalFile,
      options: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal } = {},
    ): Promise<string> {
      const blob = await this.read(file);
      // The declared size is the bytes read now: the picker's figure may be missing or rounded.
      const request = uploadRequestFor({ name: file.name, type: file.type || blob.type, size: blob.size });
      const upload = await deps.client().call('createUpload', { body: request });
      await sendUpload(upload, blob, {
        ...options,
        ...(deps.XMLHttpRequest ? { XMLHttpRequest: deps.XMLHttpRequest } : {}),
      });
      return upload.attachmentId;
    },

    /** A new photo for the agent (`uploadAvatar`): uploaded, then made their avatar; resolves with the agent. */
    async uploadAvatar(file: LocalFile, options: { onProgress?: (sent: number, total: number) => void } = {}) {
      const blob = await this.read(file);
      return uploadAvatar(
        deps.client(),
        blob,
        { name: file.name, type: file.type || blob.type, size: blob.size },
        { ...options, ...(deps.XMLHttpRequest ? { XMLHttpRequest: deps.XMLHttpRequest } : {}) },
      );
    },
  };
}
