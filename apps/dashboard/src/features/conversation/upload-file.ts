import { ApiError } from '@oceras/protocol/client';
import type { TErrorCode } from '@oceras/protocol/error-codes';
import { sendUpload, UploadError, uploadRequestFor } from '@oceras/protocol/upload';
import { currentLanguage, currentStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage, refusalText } from '../../lib/errors';
import type { StartUpload, UploadFailure } from './upload-list';

/** The store's refusals that have an error code of their own, said in every language. */
const STORE_REFUSALS: Partial<Record<number, TErrorCode>> = {
  403: 'URL_EXPIRED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Why an upload failed, for its chip: the server's refusal (type, size, quota) is final; the rest may be retried. */
export function failureOf(err: unknown): UploadFailure {
  if (err instanceof UploadError) {
    const code = STORE_REFUSALS[err.status];
    // In English the store's own sentence; in another language the one for its code, else a general one.
    const message =
      code || currentLanguage() === 'en'
        ? refusalText({ code: code ?? '', message: err.message })
        : currentStrings().conversation.composer.uploadFailed;
    return { message, isRetryable: err.retryable };
  }
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
