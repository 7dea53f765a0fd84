import { ApiError } from '@oceras/protocol/client';
import { normalizeTwoFactorCode } from '@oceras/protocol/two-factor';
import { useState } from 'react';
import { StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { useStrings } from '@/lib/i18n/i18n';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';

/**
 * The sign-in's second step: the code from the authenticator app, or a recovery code. A challenge that ended (5
 * minutes, or used) goes back to the password with a sentence.
 */
export function TwoFactorStep({
  challenge,
  onEnded,
}: {
  challenge: { serverUrl: string; challengeToken: string };
  onEnded: (why: string) => void;
}) {
  const { session } = useApp();
  const t = useStrings().twoFactorStep;
  const [isRecovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const handleVerify = async () => {
    setIsBusy(true);
    setError(null);
    try {
      await session.completeTwoFactor(
        challenge,
        isRecovery ? { recoveryCode: value.trim() } : { code: normalizeTwoFactorCode(value) },
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TWO_FACTOR_CHALLENGE_INVALID') {
        onEnded(t.expired);
        return;
      }
      setError(errorSentence(err, t.offline));
      setIsBusy(false);
    }
  };
  return (
    <View style={styles.form}>
      <Text role="heading" style={styles.title}>
        {t.title}
      </Text>
      <Text style={styles.hint}>{isRecovery ? t.recoveryHint : t.codeHint}</Text>
      <TextInput
        key={isRecovery ? 'recovery' : 'code'}
        accessibilityLabel={isRecovery ? t.recoveryCode : t.code}
        value={value}
        onChangeText={setValue}
        keyboardType={isRecovery ? 'default' : 'number-pad'}
        autoComplete="one-time-code"
        textContentType="oneTimeCode"
        autoCapitalize="none"
        autoCorrect={false}
        autoFocus
        onSubmitEditing={handleVerify}
        style={styles.input}
      />
      {error && (
        <Text role="alert" style={common.error}>
          {error}
        </Text>
      )}
      <Button title={t.verify} onPress={handleVerify} isBusy={isBusy} isDisabled={!value.trim()} style={styles.gap} />
      <Button
        title={isRecovery ? t.useApp : t.useRecovery}
        variant="ghost"
        onPress={() => {
          setRecovery(!isRecovery);
          setValue('');
          setError(null);
        }}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  form: {
    backgroundColor: colors.card,
    borderRadius: 14,
    padding: space.l,
    borderWidth: 1,
    borderColor: colors.border,
  },
  title: { fontSize: 18, fontWeight: '700', color: colors.text, marginBottom: space.s },
  hint: { color: colors.muted, marginBottom: space.m },
  input: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 10,
    paddingHorizontal: space.m,
    paddingVertical: 10,
    fontSize: 16,
    marginBottom: space.m,
    color: colors.text,
    backgroundColor: '#fbfbfe',
  },
  gap: { marginTop: space.s, marginBottom: space.s },
});
