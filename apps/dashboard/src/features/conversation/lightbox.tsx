import type { TAttachment } from '@oceras/protocol';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';

/**
 * An image of the conversation at full size, in a modal dialog: Esc or Close closes it and focus goes back where it
 * was; the arrow keys step through the conversation's images. Loaded on first use (thread.tsx).
 */
export default function Lightbox({
  images,
  startId,
  onClose,
  onImageError,
}: {
  images: TAttachment[];
  startId: string;
  onClose: () => void;
  onImageError: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const strings = useStrings();
  const t = strings.conversation.lightbox;
  const [currentId, setCurrentId] = useState(startId);
  const index = Math.max(
    0,
    images.findIndex((a) => a.id === currentId),
  );
  const image = images[index];

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);

  const step = (delta: number) => {
    const next = images[index + delta];
    if (next) setCurrentId(next.id);
  };
  // The page's single-key shortcuts (Esc, e to resolve, j/k...) stay out while the lightbox is open.
  const handleKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'ArrowLeft') step(-1);
    else if (e.key === 'ArrowRight') step(1);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };

  return (
    <dialog
      ref={ref}
      className="lightbox"
      aria-label={image ? fill(t.imageNamed, { name: image.fileName }) : t.image}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={handleKeyDown}
    >
      {image && (
        <>
          <div className="lightbox-bar">
            <span className="lightbox-name">{image.fileName}</span>
            <span className="lightbox-count">{fill(t.position, { index: index + 1, count: images.length })}</span>
            <a className="btn btn-small" href={image.url} download={image.fileName}>
              {strings.conversation.thread.download}
            </a>
            <button type="button" className="btn btn-small" onClick={onClose}>
              {strings.shell.close}
            </button>
          </div>
          <div className="lightbox-stage">
            <button
              type="button"
              className="lightbox-step"
              aria-label={t.previous}
              disabled={index === 0}
              onClick={() => step(-1)}
            >
              ‹
            </button>
            <img
              key={image.id}
              src={image.url}
              alt={image.fileName}
              width={image.width}
              height={image.height}
              onError={onImageError}
            />
            <button
              type="button"
              className="lightbox-step"
              aria-label={t.next}
              disabled={index === images.length - 1}
              onClick={() => step(1)}
            >
              ›
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
