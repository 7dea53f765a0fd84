import { formatBytes } from '@oceras/protocol/upload';
import type { ReactNode } from 'react';
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
  return (
    <div className="pending-files">
      <ul aria-label="Files to send">
        {files.map((f) => (
          <li key={f.key} className={`pending-file is-${f.state}`} aria-label={f.name}>
            <div className="pending-file-head">
              <span className="pending-file-name" title={f.name}>
                {f.name}
              </span>
              <span className="muted">{formatBytes(f.size)}</span>
              <button
                type="button"
                className="pending-file-remove"
                aria-label={f.state === 'uploading' ? `Cancel upload of ${f.name}` : `Remove ${f.name}`}
                title={f.state === 'uploading' ? 'Cancel' : 'Remove'}
                onClick={() => onRemove(f.key)}
              >
                ×
              </button>
            </div>
            {f.state === 'uploading' && (
              <progress max={f.size} value={f.sent} aria-label={`Uploading ${f.name}`}>
                {Math.round((100 * f.sent) / f.size)}%
              </progress>
            )}
            {f.state === 'done' && <span className="pending-file-ready">Ready to send</span>}
            {f.state === 'failed' && (
              <div className="pending-file-error">
                <span className="error" role="alert">
                  {f.error}
                </span>
                {f.isRetryable && (
                  <button type="button" className="btn btn-small" onClick={() => onRetry(f.key)}>
                    Retry
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
