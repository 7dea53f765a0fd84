import type { TAvailability } from '@oceras/protocol';
import { Stack, useRouter } from 'expo-router';
import { useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { signOut, useApp } from '@/lib/app';
import { appVersion } from '@/lib/push';
import { useStore } from '@/lib/store';
import { Avatar } from '../ui/avatar';
import { Button } from '../ui/button';
import { Segmented } from '../ui/segmented';
import { colors, common, space } from '../ui/theme';

const AVAILABILITY: { id: TAvailability; label: string }[] = [
  { id: 'online', label: 'Online' },
  { id: 'away', label: 'Away' },
  { id: 'offline', label: 'Offline' },
];

export function SettingsScreen() {
  const app = useApp();
  const router = useRouter();
  const { agent, organization, serverUrl } = useStore(app.session.state);
  const [error, setError] = useState<string | null>(null);
  const [isSigningOut, setIsSigningOut] = useState(false);

  const handleAvailability = async (availability: TAvailability) => {
    setError(null);
    try {
      app.session.updateAgent((await app.session.client.call('updateMe', { body: { availability } })).agent);
    } catch {
      setError('Could not change your availability. Are you online?');
    }
  };

  const handleSignOut = async () => {
    setIsSigningOut(true);
    await signOut(app);
  };

  return (
    <ScrollView testID="settings-screen" style={common.screen} contentContainerStyle={{ paddingBottom: space.xl }}>
      <Stack.Screen options={{ title: 'Settings' }} />
      {agent && (
        <View style={[common.card, styles.profile]}>
          <Avatar name={agent.name} seed={agent.id} size={52} />
          <View style={{ flex: 1 }}>
            <Text style={styles.name}>{agent.name}</Text>
            <Text style={common.muted}>{agent.email}</Text>
            <Text style={[common.muted, styles.role]}>{agent.role}</Text>
          </View>
        </View>
      )}
      <Text style={common.sectionTitle}>Availability</Text>
      <Segmented
        label="Availability"
        options={AVAILABILITY}
        value={agent?.availability ?? 'offline'}
        onChange={(a) => void handleAvailability(a)}
      />
      <Text style={[common.muted, styles.hint]}>
        Visitors see whether someone is around. Unassigned-conversation pushes only reach you while online or away.
      </Text>
      {error && <Text style={[common.error, styles.hint]}>{error}</Text>}

      <Text style={common.sectionTitle}>Notifications</Text>
      <Pressable role="link" onPress={() => router.push('/notifications')} style={[common.card, common.row]}>
        <Text style={common.value}>Push notifications</Text>
        <Text style={styles.chevron}>›</Text>
      </Pressable>

      <Text style={common.sectionTitle}>Account</Text>
      <Pressable
        role="link"
        accessibilityLabel="Profile and your data"
        onPress={() => router.push('/profile')}
        style={[common.card, common.row]}
      >
        <View>
          <Text style={common.value}>Profile and your data</Text>
          <Text style={[common.muted, styles.sub]}>Name, sign-in email, download or delete</Text>
        </View>
        <Text style={styles.chevron}>›</Text>
      </Pressable>
      <View style={common.card}>
        <Info label="Server" value={serverUrl ?? '—'} />
        <Info label="Organization" value={organization ? `${organization.name} (${organization.slug})` : '—'} />
        <Info label="App version" value={appVersion()} />
      </View>
      <Button
        title="Sign out"
        variant="danger"
        onPress={() => void handleSignOut()}
        isBusy={isSigningOut}
        style={styles.signOut}
      />
    </ScrollView>
  );
}

function Info({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.info}>
      <Text style={common.label}>{label}</Text>
      <Text selectable style={common.value} accessibilityLabel={`${label}: ${value}`}>
        {value}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  profile: { flexDirection: 'row', alignItems: 'center', gap: space.m },
  name: { fontSize: 18, fontWeight: '700', color: colors.text },
  role: { textTransform: 'capitalize', marginTop: 2 },
  hint: { marginHorizontal: space.l, fontSize: 13 },
  chevron: { fontSize: 22, color: colors.muted },
  sub: { fontSize: 13, marginTop: 2 },
  info: { paddingVertical: 6 },
  signOut: { marginHorizontal: space.l, marginTop: space.xl },
});
