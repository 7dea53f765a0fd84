import { ApiError } from '@oceras/protocol/client';
import { Stack } from 'expo-router';
import { useState } from 'react';
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { currentStrings, fill, useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';
import { OwnDataSection } from './own-data-section';
import { PhotoSection } from './photo-section';
import { type Outcome, Result } from './result-text';
import { TwoFactorSection } from './two-factor-section';

/** The agent's own account: photo, name, sign-in email, a copy of their data, and leaving. */
export function ProfileScreen() {
  const strings = useStrings();
  return (
    <KeyboardAvoidingView style={common.screen} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
      <ScrollView
        testID="profile-screen"
        contentContainerStyle={{ paddingBottom: space.xl }}
        keyboardShouldPersistTaps="handled"
      >
        <Stack.Screen options={{ title: strings.titles.profile }} />
        <PhotoSection />
        <NameSection />
        <EmailSection />
        <TwoFactorSection />
        <OwnDataSection />
      </ScrollView>
    </KeyboardAvoidingView>
  );
}

function NameSection() {
  const app = useApp();
  const t = useStrings().profile;
  const agent = useStore(app.session.state, (s) => s.agent);
  const [name, setName] = useState(agent?.name ?? '');
  const [isBusy, setIsBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const isChanged = !!name.trim() && name.trim() !== agent?.name;

  const handleSave = async () => {
    setIsBusy(true);
    setOutcome(null);
    try {
      app.session.updateAgent((await app.session.client.call('updateMe', { body: { name: name.trim() } })).agent);
      setOutcome({ kind: 'ok', text: t.nameSaved });
    } catch (err) {
      setOutcome({ kind: 'error', text: errorSentence(err, t.nameFailed) });
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <>
      <Text style={common.sectionTitle}>{t.name}</Text>
      <View style={common.card}>
        <TextInput
          accessibilityLabel={t.name}
          value={name}
          onChangeText={setName}
          autoComplete="name"
          maxLength={100}
          style={styles.input}
        />
        <Result outcome={outcome} />
        <Button title={t.saveName} onPress={() => void handleSave()} isBusy={isBusy} isDisabled={!isChanged} />
      </View>
    </>
  );
}

function EmailSection() {
  const app = useApp();
  const t = useStrings().profile;
  const agent = useStore(app.session.state, (s) => s.agent);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const handleChange = async () => {
    if (!email.trim() || !password) {
      setOutcome({ kind: 'error', text: t.emailMissing });
      return;
    }
    setIsBusy(true);
    setOutcome(null);
    try {
      const updated = await app.session.client.call('changeEmail', {
        body: { email: email.trim(), currentPassword: password },
      });
      app.session.updateAgent(updated);
      setEmail('');
      setOutcome({ kind: 'ok', text: fill(t.emailChanged, { email: updated.email }) });
    } catch (err) {
      setOutcome({ kind: 'error', text: describeEmailError(err) });
    } finally {
      setPassword('');
      setIsBusy(false);
    }
  };

  return (
    <>
      <Text style={common.sectionTitle}>{t.signInEmail}</Text>
      <View style={common.card}>
        <Text style={common.muted} accessibilityLabel={fill(t.currentEmail, { email: agent?.email ?? '' })}>
          {fill(t.now, { email: agent?.email ?? '' })}
        </Text>
        <Text style={[common.label, styles.gap]}>{t.newEmail}</Text>
        <TextInput
          accessibilityLabel={t.newEmail}
          value={email}
          onChangeText={setEmail}
          placeholder="you@company.com"
          placeholderTextColor={colors.placeholder}
          autoCapitalize="none"
          autoComplete="email"
          keyboardType="email-address"
          style={styles.input}
        />
        <Text style={common.label}>{t.currentPassword}</Text>
        <TextInput
          accessibilityLabel={t.currentPassword}
          value={password}
          onChangeText={setPassword}
          secureTextEntry
          autoComplete="current-password"
          onSubmitEditing={() => void handleChange()}
          style={styles.input}
        />
        <Result outcome={outcome} />
        <Button title={t.changeEmail} onPress={() => void handleChange()} isBusy={isBusy} />
      </View>
    </>
  );
}

export function describeEmailError(err: unknown) {
  const t = currentStrings().profile;
  if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') return t.wrongPassword;
  if (err instanceof ApiError && err.code === 'EMAIL_TAKEN') return t.emailTaken;
  if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') return t.emailInvalid;
  return errorSentence(err, t.emailFailed);
}

const styles = StyleSheet.create({
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
  gap: { marginTop: space.m },
});
