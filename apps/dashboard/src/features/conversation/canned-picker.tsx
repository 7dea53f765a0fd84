import type { TCannedResponse } from '@oceras/protocol';
import {
  type CannedContext,
  filterCannedResponses,
  findSlashCommand,
  insertCannedResponse,
} from '@oceras/protocol/canned-text';
import { useQuery } from '@tanstack/react-query';
import { useStrings } from '../../i18n/i18n';
import { cannedQueries } from '../canned-responses/canned-queries';
import { usePickerList } from './picker-list';

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
 * title word) starts with what follows; choosing one inserts the expanded body (still editable before sending);
 * picker-list.tsx for the keys and the listbox.
 */
export function useCannedPicker(
  body: string,
  caret: number,
  context: CannedContext,
  useList: UseCannedList = useCannedList,
  isDisabled = false,
) {
  const t = useStrings().conversation.composer;
  const slash = isDisabled ? null : findSlashCommand(body, caret);
  const picker = usePickerList(slash ? `${slash.start}:${body}` : null);
  const list = useList(picker.isWanted);
  const options = slash && picker.isWanted && list ? filterCannedResponses(list, slash.query) : [];
  const insert = (r: TCannedResponse): CannedInsert =>
    insertCannedResponse(body, slash ?? { start: caret, query: '' }, caret, r.body, context);
  const open = picker.over(options, insert, {
    label: t.cannedResponses,
    idOf: (r) => r.id,
    render: (r) => (
      <>
        <span className="canned-code">/{r.shortcode}</span> <span className="canned-title">{r.title}</span>
        {r.scope === 'personal' && <span className="muted canned-scope"> · {t.yours}</span>}
      </>
    ),
  });
  return {
    ...open,
    /** Attributes for the textarea: it stays a textbox and announces the list it controls. */
    inputProps: { 'aria-autocomplete': 'list' as const, ...open.inputProps },
    reset: picker.reset,
  };
}
