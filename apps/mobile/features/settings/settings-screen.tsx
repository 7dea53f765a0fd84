import type { TAvailability } from '@oceras/protocol';
import { Stack, useRouter } from 'expo-router';
import { useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { signOut, useApp } from '@/lib/app';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { appVersion } from '@/lib/push';
import { useStore } from '@/lib/store';
import { Avatar } from '../ui/avatar';
import { Button } from '../ui/button';
import { Segmented } from '../ui/segmented';
import { colors, common, space } from '../ui/theme';
import { LanguageSection } from './language-section';

const AVAILABILITY: readonly TAvailability[] = ['online', 'away', 'offline'];

export function SettingsScreen() {
  const app = useApp();
  const router = useRouter();
  const strings = useStrings();
  const t = strings.settings;
  const { agent, organization, serverUrl } = useStore(app.session.state);
  const [error, setError] = useState<string | null>(null);
  const [isSigningOut, setIsSigningOut] = useState(false);

  const handleAvailability = async (availability: TAvailability) => {
    setError(null);
    try {
      app.session.updateAgent((await app.session.client.call('updateMe', { body: { availability } })).agent);
    } catch {
      setError(t.availabilityFailed);
    }
  };

  const handleSignOut = async () => {
    setIsSigningOut(true);
    await signOut(app);
  };

  return (
    <ScrollView testID="settings-screen" style={common.screen} contentContainerStyle={{ paddingBottom: space.xl }}>
      <Stack.Screen options={{ title: strings.titles.settings }} />
      {agent && (
        <View style={[common.card, styles.profile]}>
          <Avatar name={agent.name} seed={agent.id} size={52} />
          <View style={{ flex: 1 }}>
            <Text style={styles.name}>{agent.name}</Text>
            <Text style={common.muted}>{agent.email}</Text>
            <Text style={[common.muted, styles.role]}>{t.roles[agent.role]}</Text>
          </View>
        </View>
      )}
      <Text style={common.sectionTitle}>{t.availability}</Text>
      <Segmented
        label={t.availability}
        options={AVAILABILITY.map((id) => ({ id, label: t[id] }))}
        value={agent?.availability ?? 'offline'}
        onChange={(a) => void handleAvailability(a)}
      />
      <Text style={[common.muted, styles.hint]}>{t.availabilityHint}</Text>
      {error && <Text style={[common.error, styles.hint]}>{error}</Text>}

      <LanguageSection />

      <Text style={common.sectionTitle}>{t.notifications}</Text>
      <Pressable role="link" onPress={() => router.push('/notifications')} style={[common.card, common.row]}>
        <Text style={common.value}>{t.push}</Text>
        <Text style={styles.chevron}>›</Text>
      </Pressable>

      <Text style={common.sectionTitle}>{t.account}</Text>
      <Pressable
        role="link"
        accessibilityLabel={t.profile}
        onPress={() => router.push('/profile')}
        style={[common.card, common.row]}
      >
        <View style={styles.linkText}>
          <Text style={common.value}>{t.profile}</Text>
          <Text style={[common.muted, styles.sub]}>{t.profileHint}</Text>
        </View>
        <Text style={styles.chevron}>›</Text>
      </Pressable>
      <View style={common.card}>
        <Info label={t.server} value={serverUrl ?? '—'} />
        <Info label={t.organization} value={organization ? `${organization.name} (${organization.slug})` : '—'} />
        <Info label={t.appVersion} value={appVersion()} />
      </View>
      <Button
        title={t.signOut}
        variant="danger"
        onPress={() => void handleSignOut()}
        isBusy={isSigningOut}
        style={styles.signOut}
      />
    </ScrollView>
  );
}

function Info({ label, value }: { label: string; value: string }) {
  const t = useStrings().settings;
  return (
    <View style={styles.info}>
      <Text style={common.label}>{label}</Text>
      <Text selectable style={common.value} accessibilityLabel={fill(t.infoLabel, { label, value })}>
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
  linkText: { flex: 1 },
  info: { paddingVertical: 6 },
  signOut: { marginHorizontal: space.l, marginTop: space.xl },
});
