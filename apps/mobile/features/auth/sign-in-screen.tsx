import { useState } from 'react';
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { BrandMark } from '../ui/brand-mark';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';
import { describeSignInError } from './sign-in-error';
import { TwoFactorStep } from './two-factor-step';

export function SignInScreen() {
  const { session } = useApp();
  const t = useStrings().signIn;
  const last = useStore(session.state);
  // The last server signed in to, else nothing: the page's own address (the web build) is not the server's.
  const [server, setServer] = useState(last.serverUrl ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  // A right password on an account with two-factor on: the code step, with the login's challenge.
  const [challenge, setChallenge] = useState<{ serverUrl: string; challengeToken: string } | null>(null);

  const handleSubmit = async () => {
    if (!server.trim() || !email.trim() || !password) {
      setError(t.missing);
      return;
    }
    setIsBusy(true);
    setError(null);
    try {
      const next = await session.signIn(server, email.trim(), password);
      if (next) {
        setChallenge(next);
        setIsBusy(false);
      }
    } catch (err) {
      setError(
        await describeSignInError(err, {
          isWeb: Platform.OS === 'web',
          pageOrigin: Platform.OS === 'web' ? (globalThis.location?.origin ?? null) : null,
          isServerAnswering: () => session.isAnsweringBrowsers(server),
        }),
      );
      setIsBusy(false);
    }
  };

  return (
    <KeyboardAvoidingView style={common.screen} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
      <ScrollView contentContainerStyle={styles.container} keyboardShouldPersistTaps="handled">
        <View style={styles.brand}>
          <View style={styles.brandRow}>
            <BrandMark size={40} />
            <Text style={styles.brandName}>Oceras</Text>
          </View>
          <Text role="heading" style={styles.title}>
            {t.title}
          </Text>
          <Text style={styles.subtitle}>{t.tagline}</Text>
        </View>
        {last.endedReason === 'expired' && <Text style={styles.notice}>{t.expired}</Text>}
        {last.endedReason === 'deleted' && (
          <Text role="status" style={styles.notice}>
            {t.deleted}
          </Text>
        )}
        {challenge ? (
          <TwoFactorStep
            challenge={challenge}
            onEnded={(why) => {
              setChallenge(null);
              setPassword('');
              setError(why);
            }}
          />
        ) : (
          <View style={styles.form}>
            <Text style={common.label}>{t.server}</Text>
            <TextInput
              accessibilityLabel={t.serverLabel}
              value={server}
              onChangeText={setServer}
              placeholder="https://chat.example.com"
              placeholderTextColor={colors.placeholder}
              autoCapitalize="none"
              autoCorrect={false}
              keyboardType="url"
              style={styles.input}
            />
            <Text style={common.label}>{t.email}</Text>
            <TextInput
              accessibilityLabel={t.email}
              value={email}
              onChangeText={setEmail}
              placeholder="you@company.com"
              placeholderTextColor={colors.placeholder}
              autoCapitalize="none"
              autoComplete="email"
              keyboardType="email-address"
              style={styles.input}
            />
            <Text style={common.label}>{t.password}</Text>
            <TextInput
              accessibilityLabel={t.password}
              value={password}
              onChangeText={setPassword}
              secureTextEntry
              autoComplete="password"
              onSubmitEditing={handleSubmit}
              style={styles.input}
            />
            {error && (
              <Text role="alert" style={common.error}>
                {error}
              </Text>
            )}
            <Button title={t.submit} onPress={handleSubmit} isBusy={isBusy} style={styles.submit} />
          </View>
        )}
      </ScrollView>
    </KeyboardAvoidingView>
  );
}

const styles = StyleSheet.create({
  container: {
    flexGrow: 1,
    justifyContent: 'center',
    padding: space.xl,
    maxWidth: 480,
    width: '100%',
    alignSelf: 'center',
  },
  brand: { alignItems: 'center', marginBottom: space.xl },
  brandRow: { flexDirection: 'row', alignItems: 'center', gap: space.m, marginBottom: space.l },
  brandName: { fontSize: 26, fontWeight: '700', color: colors.text },
  title: { fontSize: 22, fontWeight: '700', color: colors.text },
  subtitle: { fontSize: 15, color: colors.muted, marginTop: 4 },
  notice: { backgroundColor: '#fff4e5', color: '#8a4b00', padding: space.m, borderRadius: 8, marginBottom: space.m },
  form: {
    backgroundColor: colors.card,
    borderRadius: 14,
    padding: space.l,
    borderWidth: 1,
    borderColor: colors.border,
  },
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
  submit: { marginTop: space.s },
});
