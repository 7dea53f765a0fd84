import { ApiError } from '@oceras/protocol/client';
import { sendUpload, UploadError, uploadRequestFor } from '@oceras/protocol/upload';
import { api } from '../../lib/api';
import { errorMessage, sentence } from '../../lib/errors';
import type { StartUpload, UploadFailure } from './upload-list';

/** Why an upload failed, for its chip: the server's refusal (type, size, quota) is final; the rest may be retried. */
export function failureOf(err: unknown): UploadFailure {
  if (err instanceof UploadError) return { message: sentence(err.message), isRetryable: err.retryable };
  if (err instanceof ApiError)
    return { message: errorMessage(err), isRetryable: err.status >= 500 || err.status === 429 };
  return { message: errorMessage(err), isRetryable: true };
}

/** One file: a new upload URL (createUpload), then its bytes with progress. Loaded on the first file attached. */
export const uploadFile: StartUpload = async (file, { onProgress, signal }) => {
  try {
    const upload = await api.call('createUpload', { body: uploadRequestFor(file) });
    await sendUpload(upload, file, { onProgress, signal });
    return upload.attachmentId;
  } catch (err) {
    throw failureOf(err);
  }
};
