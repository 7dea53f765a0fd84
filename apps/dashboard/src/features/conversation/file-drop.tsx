import { type DragEvent, useRef, useState } from 'react';
import { useStrings } from '../../i18n/i18n';

const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/**
 * Files dragged over an area (the conversation): `isOver` while they are, `onFiles` when they are dropped. Entering
 * and leaving its children counts, so the drop zone does not flicker on the way across.
 */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [isOver, setOver] = useState(false);
  const depth = useRef(0);
  const handlers = {
    onDragEnter(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current += 1;
      setOver(true);
    },
    onDragOver(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(e: DragEvent) {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      onFiles([...e.dataTransfer.files]);
    },
  };
  return { isOver, handlers };
}

/** What the agent sees while dragging files over the conversation. */
export function DropZone() {
  const t = useStrings().conversation.composer;
  return (
    <div className="drop-zone" aria-hidden="true">
      <p>{t.dropFiles}</p>
    </div>
  );
}
