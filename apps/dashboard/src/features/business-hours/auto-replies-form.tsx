import type { TAutoReplies, TAutoReplyText } from '@oceras/protocol';
import { type FormEvent, useState } from 'react';
import { currentLocale, fill, useStrings } from '../../i18n/i18n';
import { SaveStatus } from '../admin/save-status';
import { useSaveOrganization } from '../admin/use-save-organization';

/** The widget's languages (WIDGET_LOCALES); English is required for a reply that is on. */
const LANGUAGES = [{ code: 'en' }, { code: 'fr' }, { code: 'de' }, { code: 'es' }] as const;
type Kind = keyof TAutoReplies;
const REPLIES: Kind[] = ['greeting', 'outOfHours', 'nudge'];

/** What a text looks like on the wire: the languages left empty are left out (the visitor then reads English). */
const cleaned = (text: TAutoReplyText): TAutoReplyText => {
  const out: TAutoReplyText = { en: text.en.trim() };
  for (const { code } of LANGUAGES) if (code !== 'en' && text[code]?.trim()) out[code] = text[code]!.trim();
  return out;
};

export function AutoRepliesForm({ replies, hasEmailFollowUp }: { replies: TAutoReplies; hasEmailFollowUp: boolean }) {
  const t = useStrings().businessHours.replies;
  // Each language named in the reader's: "French", "français", "Französisch".
  const names = new Intl.DisplayNames([currentLocale()], { type: 'language' });
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
      <h2 id="replies-title">{t.title}</h2>
      <p className="muted">{t.help}</p>
      {REPLIES.map((kind) => ({ kind, ...t.kinds[kind] })).map((r) => (
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
            {r.kind === 'outOfHours' && ` ${hasEmailFollowUp ? t.followUpOn : t.followUpOff}`}
          </p>
          {r.kind === 'nudge' && (
            <label>
              {t.askAfter}
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
              {fill(t.textIn, { reply: r.title, language: names.of(l.code) ?? l.code })}
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
          {t.save}
        </button>
      </div>
    </form>
  );
}
