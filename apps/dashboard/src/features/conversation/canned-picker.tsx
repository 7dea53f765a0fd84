import type { TCannedResponse } from '@oceras/protocol';
import {
  type CannedContext,
  expandCannedResponse,
  filterCannedResponses,
  findSlashCommand,
} from '@oceras/protocol/canned-text';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useId, useState } from 'react';
import { cannedQueries } from '../canned-responses/canned-queries';
import './canned-picker.css';

export interface CannedInsert {
  /** The composer's text with the chosen response's expanded body in place of the `/word`. */
  text: string;
  /** Where the caret goes: after the inserted body. */
  caret: number;
}

/** Where the picker's responses come from; fetched only while wanted (a `/word` is being typed). */
export type UseCannedList = (isWanted: boolean) => readonly TCannedResponse[] | undefined;

/** The caller's responses over the API: refetched each time the picker opens (cannedQueries is stale at once). */
export const useCannedList: UseCannedList = (isWanted) =>
  useQuery({ ...cannedQueries.list(), enabled: isWanted }).data?.cannedResponses;

/**
 * The composer's `/` picker: typing `/` at the start of a word lists the canned responses whose shortcode (or a
 * title word) starts with what follows; arrows move, Enter or Tab inserts the expanded body (still editable before
 * sending), Escape closes. The textarea keeps the focus (aria-activedescendant points at the option).
 */
export function useCannedPicker(
  body: string,
  caret: number,
  context: CannedContext,
  useList: UseCannedList = useCannedList,
  isDisabled = false,
) {
  const listId = useId();
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const slash = isDisabled ? null : findSlashCommand(body, caret);
  const key = slash ? `${slash.start}:${body}` : null;
  const isWanted = slash !== null && dismissedAt !== key;
  const list = useList(isWanted);
  const options = isWanted && list ? filterCannedResponses(list, slash.query) : [];
  const isOpen = options.length > 0;
  const current = Math.min(active, options.length - 1);
  const optionId = (i: number) => `${listId}-option-${i}`;

  const insert = (r: TCannedResponse): CannedInsert => {
    const start = slash?.start ?? caret;
    const expanded = expandCannedResponse(r.body, context);
    return { text: body.slice(0, start) + expanded + body.slice(caret), caret: start + expanded.length };
  };

  /** Handles the picker's keys; returns the insertion when one was chosen, `true` when the key was used. */
  const handleKeyDown = (e: KeyboardEvent): CannedInsert | boolean => {
    if (!isOpen || e.nativeEvent.isComposing) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + options.length) % options.length);
      return true;
    }
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      setActive(0);
      return insert(options[current]!);
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
    /** Attributes for the textarea: it stays a textbox and announces the list it controls. */
    inputProps: {
      'aria-autocomplete': 'list' as const,
      'aria-controls': isOpen ? listId : undefined,
      'aria-activedescendant': isOpen ? optionId(current) : undefined,
    },
    handleKeyDown,
    /** Called on every edit: the highlight starts again from the top. */
    reset: () => setActive(0),
    listbox: (onPick: (insertion: CannedInsert) => void) =>
      isOpen ? (
        <div className="canned-picker" role="listbox" id={listId} aria-label="Canned responses">
          {options.map((r, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works from the textarea (aria-activedescendant).
            <div
              key={r.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              tabIndex={-1}
              className={i === current ? 'active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(insert(r))}
            >
              <span className="canned-code">/{r.shortcode}</span> <span className="canned-title">{r.title}</span>
              {r.scope === 'personal' && <span className="muted canned-scope"> · yours</span>}
            </div>
          ))}
        </div>
      ) : null,
  };
}
