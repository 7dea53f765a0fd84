import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useStrings } from '../../i18n/i18n';
import { errorMessage } from '../../lib/errors';
import './danger.css';

/**
 * A modal question before something that cannot be undone: what goes, a red button that says the action, and Cancel
 * (focused first, so Enter alone never confirms). Escape and Cancel close it; while the action runs both wait, and
 * the server's refusal shows inside as a sentence.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  isPending,
  error,
  canConfirm = true,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  isPending: boolean;
  error: unknown;
  /** False until what the dialog asks for is given (a typed slug). */
  canConfirm?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  const t = useStrings().common;
  useEffect(() => {
    ref.current?.showModal();
    // A field the dialog asks for (marked data-autofocus) takes the focus, else Cancel.
    (ref.current?.querySelector<HTMLElement>('[data-autofocus]') ?? cancel.current)?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => {
        e.preventDefault();
        if (!isPending) onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`} className="confirm-body">
        {children}
      </div>
      {error ? (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button ref={cancel} type="button" className="btn" disabled={isPending} onClick={onClose}>
          {t.cancel}
        </button>
        <button
          type="button"
          className="btn btn-danger-solid"
          disabled={isPending || !canConfirm}
          aria-busy={isPending}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
