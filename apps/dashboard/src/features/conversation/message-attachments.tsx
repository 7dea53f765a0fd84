import type { TAttachment } from '@oceras/protocol';
import { formatBytes, isPreviewable } from '@oceras/protocol/upload';
import { currentLocale, fill, useStrings } from '../../i18n/i18n';
import { fileIcon, previewBox } from './attachment-layout';
import './attachments.css';

/**
 * A message's files: images as previews (the thumbnail when there is one) in a box sized from their dimensions, a
 * click opening the lightbox; other files as cards that download.
 */
export function MessageAttachments({
  attachments,
  generation,
  onOpen,
  onImageError,
}: {
  attachments: TAttachment[];
  /** A new one after fresh URLs were fetched: each image loads again. */
  generation: number;
  onOpen: (attachmentId: string) => void;
  /** A signed URL that expired: the thread fetches fresh ones. */
  onImageError: () => void;
}) {
  const t = useStrings().conversation.thread;
  return (
    <ul className="attachments" aria-label={t.files}>
      {attachments.map((a) =>
        isPreviewable(a.contentType) ? (
          <li key={a.id}>
            <button
              type="button"
              className="att-image"
              aria-label={fill(t.openImage, { name: a.fileName })}
              onClick={() => onOpen(a.id)}
            >
              <img
                key={generation}
                src={a.thumbnailUrl ?? a.url}
                alt={a.fileName}
                {...previewBox(a)}
                loading="lazy"
                decoding="async"
                onError={onImageError}
              />
            </button>
          </li>
        ) : (
          <li key={a.id}>
            <FileCard attachment={a} />
          </li>
        ),
      )}
    </ul>
  );
}

function FileCard({ attachment: a }: { attachment: TAttachment }) {
  const icon = fileIcon(a);
  const t = useStrings().conversation.thread;
  const size = formatBytes(a.size, currentLocale());
  return (
    <a
      className="att-file"
      href={a.url}
      download={a.fileName}
      aria-label={fill(t.downloadFile, { name: a.fileName, size })}
    >
      <span className={`att-icon kind-${icon.kind}`} aria-hidden="true">
        {icon.label}
      </span>
      <span className="att-file-text">
        <span className="att-file-name">{a.fileName}</span>
        <span className="att-file-size">
          {size} · {t.download}
        </span>
      </span>
    </a>
  );
}
