import { insertMention, type MentionCandidate, mentionQueryAt, suggestMentions } from '@oceras/protocol/mention-text';
import { useStrings } from '../../i18n/i18n';
import { usePickerList } from './picker-list';

export interface MentionInsert {
  /** The note with `@Full Name ` in place of the `@word` typed. */
  text: string;
  caret: number;
}

/**
 * The note composer's `@` autocomplete: typing `@` and the start of a colleague's name lists the agents whose name
 * (or one of its words) starts with it, and choosing one writes `@Full Name` (picker-list.tsx for the keys). The
 * server resolves mentions from that text (`@oceras/protocol/mention-text`).
 */
export function useMentionPicker(
  body: string,
  caret: number,
  candidates: readonly MentionCandidate[],
  isActive: boolean,
) {
  const t = useStrings().conversation.composer;
  const at = isActive ? mentionQueryAt(body, caret) : null;
  const picker = usePickerList(at ? `${at.start}:${body}` : null);
  const options = at && picker.isWanted ? suggestMentions(candidates, at.query) : [];
  const list = picker.over(options, (c): MentionInsert => insertMention(body, at?.start ?? caret, caret, c.name), {
    label: t.mention,
    idOf: (c) => c.id,
    render: (c) => `@${c.name}`,
  });
  return { ...list, reset: picker.reset };
}
