import type { TAutoReplies, TAutoReplyText } from '@oceras/protocol';
import { type FormEvent, useState } from 'react';
import { SaveStatus } from '../admin/save-status';
import { useSaveOrganization } from '../admin/use-save-organization';

/** The widget's languages (WIDGET_LOCALES), named; English is required for a reply that is on. */
const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'French' },
  { code: 'de', name: 'German' },
  { code: 'es', name: 'Spanish' },
] as const;
type Kind = keyof TAutoReplies;
const REPLIES: { kind: Kind; title: string; switch: string; hint: string }[] = [
  {
    kind: 'greeting',
    title: 'Greeting',
    switch: 'Greet new conversations',
    hint: 'Sent once when a visitor starts a conversation in business hours.',
  },
  {
    kind: 'outOfHours',
    title: 'Out-of-hours reply',
    switch: 'Reply out of hours',
    hint: 'Sent when a conversation starts out of hours (instead of the greeting), or a visitor writes out of hours after 30 quiet minutes; once per closed period.',
  },
  {
    kind: 'nudge',
    title: 'Nudge',
    switch: 'Ask "are you still there?"',
    hint: 'Sent once per conversation when an agent’s reply has gone unanswered for the delay below.',
  },
];

/** What a text looks like on the wire: the languages left empty are left out (the visitor then reads English). */
const cleaned = (text: TAutoReplyText): TAutoReplyText => {
  const out: TAutoReplyText = { en: text.en.trim() };
  for (const { code } of LANGUAGES) if (code !== 'en' && text[code]?.trim()) out[code] = text[code]!.trim();
  return out;
};

export function AutoRepliesForm({ replies, hasEmailFollowUp }: { replies: TAutoReplies; hasEmailFollowUp: boolean }) {
  const [draft, setDraft] = useState(replies);
  const save = useSaveOrganization();
  const change = <K extends Kind>(kind: K, patch: Partial<TAutoReplies[K]>) =>
    setDraft((d) => ({ ...d, [kind]: { ...d[kind], ...patch } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      autoReplies: {
        greeting: { ...draft.greeting, text: cleaned(draft.greeting.text) },
        outOfHours: { ...draft.outOfHours, text: cleaned(draft.outOfHours.text) },
        nudge: { ...draft.nudge, text: cleaned(draft.nudge.text) },
      },
    });
  };
  return (
    <form className="card stack replies-form" onSubmit={submit} aria-labelledby="replies-title">
      <h2 id="replies-title">Automatic replies</h2>
      <p className="muted">
        Written by the server as your organization, in the visitor’s language when you give one, in English otherwise.
      </p>
      {REPLIES.map((r) => (
        <fieldset key={r.kind} className="reply">
          <legend>{r.title}</legend>
          <label className="reply-switch">
            <input
              type="checkbox"
              checked={draft[r.kind].enabled}
              onChange={(e) => change(r.kind, { enabled: e.target.checked })}
            />
            {r.switch}
          </label>
          <p className="muted">
            {r.hint}
            {r.kind === 'outOfHours' &&
              (hasEmailFollowUp
                ? ' Follow-up emails are on: the reply also offers an answer by email.'
                : ' Follow-up emails are off (Settings → Email): the reply makes no email offer.')}
          </p>
          {r.kind === 'nudge' && (
            <label>
              Ask after (minutes)
              <input
                type="number"
                min={1}
                max={1440}
                value={draft.nudge.afterMinutes}
                onChange={(e) => change('nudge', { afterMinutes: Number(e.target.value) })}
              />
            </label>
          )}
          {LANGUAGES.map((l) => (
            <label key={l.code}>
              {`${r.title} (${l.name})`}
              <textarea
                maxLength={1000}
                required={l.code === 'en' && draft[r.kind].enabled}
                value={draft[r.kind].text[l.code] ?? ''}
                onChange={(e) => change(r.kind, { text: { ...draft[r.kind].text, [l.code]: e.target.value } })}
              />
            </label>
          ))}
        </fieldset>
      ))}
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save replies
        </button>
      </div>
    </form>
  );
}
