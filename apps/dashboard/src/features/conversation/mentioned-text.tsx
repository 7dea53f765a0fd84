import { type MentionCandidate, mentionParts } from '@oceras/protocol/mention-text';
import { Linkified } from '../../lib/linkify';
import './mention.css';

/** A note's text with its mentions highlighted (mine stronger), by the rule the server resolved them with. */
export function MentionedText({
  text,
  candidates,
  meId,
}: {
  text: string;
  candidates: readonly MentionCandidate[];
  meId: string;
}) {
  const me = candidates.find((c) => c.id === meId);
  return (
    <>
      {mentionParts(text, candidates).map((p, i) =>
        p.isMention ? (
          <mark
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
            key={i}
            className={`mention ${me && p.text.slice(1).toLowerCase() === me.name.toLowerCase() ? 'mention-me' : ''}`}
          >
            {p.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
          <Linkified key={i} text={p.text} />
        ),
      )}
    </>
  );
}
