import { LANGUAGES, type TLanguage } from '@oceras/protocol/languages';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { browserLanguage, fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';

/**
 * The agent's language for the dashboard and the app (theirs only: `language` on /me). "As my browser" is no
 * choice (null): the browser's language then, and another device's on another device.
 */
export function LanguageCard({ language }: { language: TLanguage | null }) {
  const strings = useStrings();
  const t = strings.account.language;
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (next: TLanguage | null) => api.call('updateMe', { body: { language: next } }),
    // The answer holds GET /me's fields: the screens switch once it is the cached "me" (signed-in.tsx).
    onSuccess: (answer) => qc.setQueryData(keys.me(), (m) => (m ? { ...m, language: answer.language } : m)),
  });
  return (
    <section className="card stack narrow" aria-labelledby="language-title">
      <h2 id="language-title">{t.title}</h2>
      <p className="muted">{t.help}</p>
      <label>
        {t.label}
        <select
          value={language ?? ''}
          disabled={save.isPending}
          onChange={(e) => save.mutate(e.target.value === '' ? null : (e.target.value as TLanguage))}
        >
          <option value="">{fill(t.browser, { language: strings.languageNames[browserLanguage()] })}</option>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {strings.languageNames[l]}
            </option>
          ))}
        </select>
      </label>
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </section>
  );
}
