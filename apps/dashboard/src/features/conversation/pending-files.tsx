import { formatBytes } from '@oceras/protocol/upload';
import type { ReactNode } from 'react';
import { currentLocale, fill, useStrings } from '../../i18n/i18n';
import type { PendingFile } from './upload-list';

/** The files of the message being written, above its text: progress, then ready; a failure says why. */
export function PendingFiles({
  files,
  onRemove,
  onRetry,
  children,
}: {
  files: PendingFile[];
  onRemove: (key: number) => void;
  onRetry: (key: number) => void;
  children?: ReactNode;
}) {
  const t = useStrings().conversation.composer;
  return (
    <div className="pending-files">
      <ul aria-label={t.filesToSend}>
        {files.map((f) => (
          <li key={f.key} className={`pending-file is-${f.state}`} aria-label={f.name}>
            <div className="pending-file-head">
              <span className="pending-file-name" title={f.name}>
                {f.name}
              </span>
              <span className="muted">{formatBytes(f.size, currentLocale())}</span>
              <button
                type="button"
                className="pending-file-remove"
                aria-label={fill(f.state === 'uploading' ? t.cancelUpload : t.removeFile, { name: f.name })}
                title={f.state === 'uploading' ? t.cancel : t.remove}
                onClick={() => onRemove(f.key)}
              >
                ×
              </button>
            </div>
            {f.state === 'uploading' && (
              <progress max={f.size} value={f.sent} aria-label={fill(t.uploading, { name: f.name })}>
                {Math.round((100 * f.sent) / f.size)}%
              </progress>
            )}
            {f.state === 'done' && <span className="pending-file-ready">{t.ready}</span>}
            {f.state === 'failed' && (
              <div className="pending-file-error">
                <span className="error" role="alert">
                  {f.error}
                </span>
                {f.isRetryable && (
                  <button type="button" className="btn btn-small" onClick={() => onRetry(f.key)}>
                    {t.retry}
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
