import { ApiError } from '@oceras/protocol/client';
import { useState } from 'react';
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { useStore } from '@/lib/store';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';

function describeError(err: unknown) {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'Wrong email or password.';
    if (err.status === 429) return 'Too many attempts. Wait a minute and try again.';
    if (err.status === 404) return 'No Oceras server at this address.';
    return err.message;
  }
  return 'Could not reach the server. Check the address and your connection.';
}

export function SignInScreen() {
  const { session } = useApp();
  const last = useStore(session.state);
  const [server, setServer] = useState(
    last.serverUrl ?? (Platform.OS === 'web' ? (globalThis.location?.origin ?? '') : ''),
  );
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const handleSubmit = async () => {
    if (!server.trim() || !email.trim() || !password) {
      setError('Enter the server address, your email and your password.');
      return;
    }
    setIsBusy(true);
    setError(null);
    try {
      await session.signIn(server, email.trim(), password);
    } catch (err) {
      setError(describeError(err));
      setIsBusy(false);
    }
  };

  return (
    <KeyboardAvoidingView style={common.screen} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
      <ScrollView contentContainerStyle={styles.container} keyboardShouldPersistTaps="handled">
        <View style={styles.brand}>
          <View style={styles.logo}>
            <Text style={styles.logoText}>O</Text>
          </View>
          <Text role="heading" style={styles.title}>
            Sign in to Oceras
          </Text>
          <Text style={styles.subtitle}>Answer your customers from anywhere.</Text>
        </View>
        {last.endedReason === 'expired' && <Text style={styles.notice}>Your session ended. Please sign in again.</Text>}
        <View style={styles.form}>
          <Text style={common.label}>Server</Text>
          <TextInput
            accessibilityLabel="Server address"
            value={server}
            onChangeText={setServer}
            placeholder="https://chat.example.com"
            autoCapitalize="none"
            autoCorrect={false}
            keyboardType="url"
            style={styles.input}
          />
          <Text style={common.label}>Email</Text>
          <TextInput
            accessibilityLabel="Email"
            value={email}
            onChangeText={setEmail}
            placeholder="you@company.com"
            autoCapitalize="none"
            autoComplete="email"
            keyboardType="email-address"
            style={styles.input}
          />
          <Text style={common.label}>Password</Text>
          <TextInput
            accessibilityLabel="Password"
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
          <Button title="Sign in" onPress={handleSubmit} isBusy={isBusy} style={styles.submit} />
        </View>
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
  logo: {
    width: 56,
    height: 56,
    borderRadius: 16,
    backgroundColor: colors.primary,
    alignItems: 'center',
    justifyContent: 'center',
    marginBottom: space.m,
  },
  logoText: { color: '#fff', fontSize: 28, fontWeight: '800' },
  title: { fontSize: 24, fontWeight: '700', color: colors.text },
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
