import { type KeyboardEvent, type ReactNode, useId, useState } from 'react';
import './canned-picker.css';

/**
 * The composer's suggestion lists (`/` canned responses, `@` colleagues), one behaviour: the textarea keeps the
 * focus and points at the highlighted option (aria-activedescendant); arrows move, Enter or Tab choose, Escape
 * closes until the text around the trigger changes (`key`: null when nothing is being typed).
 */
export function usePickerList(key: string | null) {
  const listId = useId();
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const isWanted = key !== null && dismissedAt !== key;
  return {
    isWanted,
    /** Called on every edit: the highlight starts again from the top. */
    reset: () => setActive(0),
    /** The list over these options: its keys, the textarea's attributes and the listbox. */
    over<T, I>(
      options: readonly T[],
      choose: (option: T) => I,
      view: { label: string; idOf: (option: T) => string; render: (option: T) => ReactNode },
    ) {
      const isOpen = isWanted && options.length > 0;
      const current = Math.min(active, options.length - 1);
      const optionId = (i: number) => `${listId}-option-${i}`;
      /** Handles the list's keys; returns the choice when one was made, `true` when the key was used. */
      const handleKeyDown = (e: KeyboardEvent): I | boolean => {
        if (!isOpen || e.nativeEvent.isComposing) return false;
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          setActive((current + (e.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
          return true;
        }
        if (e.key === 'Enter' || e.key === 'Tab') {
          e.preventDefault();
          setActive(0);
          return choose(options[current]!);
        }
        if (e.key === 'Escape') {
          e.preventDefault();
          setDismissedAt(key);
          return true;
        }
        return false;
      };
      return {
        isOpen,
        inputProps: {
          'aria-controls': isOpen ? listId : undefined,
          'aria-activedescendant': isOpen ? optionId(current) : undefined,
        },
        handleKeyDown,
        listbox: (onPick: (choice: I) => void) =>
          isOpen ? (
            <div className="canned-picker" role="listbox" id={listId} aria-label={view.label}>
              {options.map((o, i) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works from the textarea (aria-activedescendant).
                <div
                  key={view.idOf(o)}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  tabIndex={-1}
                  className={i === current ? 'active' : ''}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => onPick(choose(o))}
                >
                  {view.render(o)}
                </div>
              ))}
            </div>
          ) : null,
      };
    },
  };
}
