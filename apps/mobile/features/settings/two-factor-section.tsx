import type { TTwoFactorSetup } from '@oceras/protocol';
import { normalizeTwoFactorCode } from '@oceras/protocol/two-factor';
import { useState } from 'react';
import { Linking, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';
import { type Outcome, Result } from './result-text';

/**
 * Two-factor sign-in on the phone: whether it is on; set it up with the secret (typed, or handed to the
 * authenticator app by its otpauth link: no QR code on the phone that scans), confirm with a code, the recovery
 * codes once; turn it off with the password and a code.
 */
export function TwoFactorSection() {
  const app = useApp();
  const t = useStrings().twoFactor;
  const isOn = useStore(app.session.state, (s) => s.twoFactorEnabled);
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <>
      <Text style={common.sectionTitle}>{t.title}</Text>
      <View style={common.card}>
        {codes ? (
          <RecoveryCodes
            codes={codes}
            onDone={() => {
              setCodes(null);
              app.session.setTwoFactorEnabled(true);
            }}
          />
        ) : isOn ? (
          <TurnOff />
        ) : (
          <SetUp onEnabled={setCodes} />
        )}
      </View>
    </>
  );
}

function SetUp({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const app = useApp();
  const t = useStrings().twoFactor;
  const [setup, setSetup] = useState<TTwoFactorSetup | null>(null);
  const [code, setCode] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const run = async (work: () => Promise<void>) => {
    setIsBusy(true);
    setOutcome(null);
    try {
      await work();
    } catch (err) {
      setOutcome({ kind: 'error', text: errorSentence(err, t.offline) });
    } finally {
      setIsBusy(false);
    }
  };
  const handleStart = () => run(async () => setSetup(await app.session.client.call('setUpTwoFactor')));
  const handleConfirm = () =>
    run(async () => {
      const r = await app.session.client.call('enableTwoFactor', { body: { code: normalizeTwoFactorCode(code) } });
      onEnabled(r.recoveryCodes);
    });
  if (!setup)
    return (
      <>
        <Text style={styles.text}>{t.off}</Text>
        <Result outcome={outcome} />
        <Button title={t.setUp} onPress={handleStart} isBusy={isBusy} />
      </>
    );
  return (
    <>
      <Text style={styles.text}>{t.step1}</Text>
      <Text selectable accessibilityLabel={t.secret} style={styles.secret}>
        {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
      </Text>
      <Button
        title={t.openApp}
        variant="secondary"
        onPress={() => void Linking.openURL(setup.otpauthUrl).catch(() => undefined)}
        style={styles.gap}
      />
      <Text style={common.label}>{t.step2}</Text>
      <TextInput
        accessibilityLabel={t.codeFromApp}
        value={code}
        onChangeText={setCode}
        keyboardType="number-pad"
        autoComplete="one-time-code"
        textContentType="oneTimeCode"
        maxLength={9}
        style={styles.input}
      />
      <Result outcome={outcome} />
      <Button title={t.turnOn} onPress={handleConfirm} isBusy={isBusy} isDisabled={!code.trim()} />
    </>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useStrings().twoFactor;
  return (
    <>
      <Text style={styles.text}>{t.saveCodes}</Text>
      <Text selectable accessibilityLabel={t.recoveryCodes} style={styles.codes}>
        {codes.join('\n')}
      </Text>
      <Button title={t.saved} onPress={onDone} />
    </>
  );
}

function TurnOff() {
  const app = useApp();
  const t = useStrings().twoFactor;
  const [currentPassword, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const handleTurnOff = async () => {
    setIsBusy(true);
    setOutcome(null);
    try {
      await app.session.client.call('disableTwoFactor', { body: { currentPassword, code: code.trim() } });
      app.session.setTwoFactorEnabled(false);
    } catch (err) {
      setOutcome({ kind: 'error', text: errorSentence(err, t.offline) });
      setIsBusy(false);
    }
  };
  return (
    <>
      <Text role="status" style={styles.on}>
        {t.on}
      </Text>
      <Text style={common.label}>{t.currentPassword}</Text>
      <TextInput
        accessibilityLabel={t.currentPasswordLabel}
        value={currentPassword}
        onChangeText={setPassword}
        secureTextEntry
        style={styles.input}
      />
      <Text style={common.label}>{t.codeOrRecovery}</Text>
      <TextInput
        accessibilityLabel={t.code}
        value={code}
        onChangeText={setCode}
        autoCapitalize="none"
        autoCorrect={false}
        style={styles.input}
      />
      <Result outcome={outcome} />
      <Button
        title={t.turnOff}
        variant="danger"
        onPress={handleTurnOff}
        isBusy={isBusy}
        isDisabled={!currentPassword || !code.trim()}
      />
    </>
  );
}

const styles = StyleSheet.create({
  text: { color: colors.text, marginBottom: space.m, fontSize: 15 },
  on: { color: colors.success, marginBottom: space.m, fontSize: 15 },
  secret: { fontFamily: 'monospace', fontSize: 16, color: colors.text, marginBottom: space.m },
  codes: { fontFamily: 'monospace', fontSize: 15, color: colors.text, marginBottom: space.m, lineHeight: 24 },
  gap: { marginBottom: space.m },
  input: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 10,
    paddingHorizontal: space.m,
    paddingVertical: 10,
    fontSize: 16,
    marginBottom: space.m,
    color: colors.text,
  },
});
