import { LANGUAGES, type TLanguage } from '@oceras/protocol/languages';
import { useState } from 'react';
import { Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorMessage } from '@/lib/errors';
import { deviceLanguage, fill, useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { Choices } from '../ui/choices';
import { common, space } from '../ui/theme';

type Choice = TLanguage | 'automatic';

/**
 * The agent's language for the app and the dashboard (theirs only: `language` on /me), like the dashboard's Language
 * card. "Automatic" is no choice (null): this device's language here, another device's there. The screens switch
 * once the server has it.
 */
export function LanguageSection() {
  const app = useApp();
  const strings = useStrings();
  const t = strings.language;
  const language = useStore(app.session.state, (s) => s.language);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const choose = async (choice: Choice) => {
    const next = choice === 'automatic' ? null : choice;
    if (next === language || isBusy) return;
    setIsBusy(true);
    setError(null);
    try {
      const me = await app.session.client.call('updateMe', { body: { language: next } });
      app.session.setLanguage(me.language ?? null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <>
      <Text style={common.sectionTitle}>{t.title}</Text>
      <View style={common.card}>
        <Text style={[common.muted, { marginBottom: space.s }]}>{t.help}</Text>
        <Choices<Choice>
          label={t.label}
          options={[
            { id: 'automatic', label: fill(t.automatic, { language: strings.languageNames[deviceLanguage()] }) },
            ...LANGUAGES.map((l) => ({ id: l, label: strings.languageNames[l] })),
          ]}
          value={language ?? 'automatic'}
          onChange={(c) => void choose(c)}
          isInCard
        />
        {error && (
          <Text role="alert" style={common.error}>
            {error}
          </Text>
        )}
      </View>
    </>
  );
}
