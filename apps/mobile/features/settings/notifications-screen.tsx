import type { TDevice, TNotificationSettings } from '@oceras/protocol';
import { ApiError } from '@oceras/protocol/client';
import { Stack } from 'expo-router';
import { useCallback, useEffect, useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Switch, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { relativeTime } from '@/lib/format';
import { type PushOutcome, registerForPush } from '@/lib/push';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';

type ToggleKey = 'enabled' | 'assigned' | 'unassigned' | 'mentions';
const TOGGLES: { key: ToggleKey; label: string; hint: string }[] = [
  { key: 'enabled', label: 'Push notifications', hint: 'Off silences every device of yours.' },
  { key: 'assigned', label: 'My conversations', hint: 'New visitor messages in conversations assigned to you.' },
  {
    key: 'unassigned',
    label: 'Unassigned conversations',
    hint: 'New visitor messages nobody owns yet, while you are online or away.',
  },
  { key: 'mentions', label: 'Mentions', hint: 'A colleague mentions you in an internal note.' },
];
const EMAIL_MODES: { value: TNotificationSettings['email']; label: string }[] = [
  { value: 'immediate', label: 'Right away' },
  { value: 'digest', label: 'Daily digest' },
  { value: 'off', label: 'Never' },
];

function describeOutcome(o: PushOutcome) {
  switch (o.status) {
    case 'registered':
      return 'This device receives notifications.';
    case 'denied':
      return 'Notifications are turned off for Oceras in the system settings.';
    case 'failed':
      return `Could not register this device. ${o.message}`;
    case 'unsupported':
      return o.reason === 'web'
        ? 'Push notifications need the iOS or Android app.'
        : o.reason === 'simulator'
          ? 'Simulators cannot receive push notifications.'
          : o.reason === 'server'
            ? 'This server does not send push notifications yet.'
            : 'This build has no push project configured.';
  }
}

export function NotificationsScreen() {
  const { session, cache } = useApp();
  const [settings, setSettings] = useState<TNotificationSettings | null>(null);
  const [devices, setDevices] = useState<TDevice[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [isUnsupported, setIsUnsupported] = useState(false);
  const [isRegistering, setIsRegistering] = useState(false);

  const load = useCallback(async () => {
    try {
      const [s, d] = await Promise.all([
        session.client.call('getNotificationSettings'),
        session.client.call('listDevices'),
      ]);
      setSettings(s);
      setDevices(d.devices);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setIsUnsupported(true);
      else setNotice('Could not load your notification settings. Check your connection.');
    }
  }, [session]);

  useEffect(() => {
    void load();
  }, [load]);

  const handleChange = async (change: Partial<TNotificationSettings>) => {
    if (!settings) return;
    const before = settings;
    setSettings({ ...settings, ...change });
    try {
      setSettings(await session.client.call('updateNotificationSettings', { body: change }));
    } catch {
      setSettings(before);
      setNotice('Could not save. Try again when online.');
    }
  };

  const handleRegister = async () => {
    setIsRegistering(true);
    const outcome = await registerForPush(session.client, true, cache);
    setNotice(describeOutcome(outcome));
    setIsRegistering(false);
    if (outcome.status === 'registered') void load();
  };

  const handleRemove = async (id: string) => {
    try {
      await session.client.call('removeDevice', { params: { id } });
      setDevices((list) => list.filter((d) => d.id !== id));
    } catch {
      setNotice('Could not remove that device.');
    }
  };

  return (
    <ScrollView style={common.screen} contentContainerStyle={{ paddingBottom: space.xl }}>
      <Stack.Screen options={{ title: 'Notifications' }} />
      {isUnsupported ? (
        <Text style={[common.card, common.muted]}>This server does not send push notifications yet.</Text>
      ) : (
        <>
          <View style={common.card}>
            {TOGGLES.map((t) => (
              <View key={t.key} style={styles.toggle}>
                <View style={{ flex: 1 }}>
                  <Text style={common.value}>{t.label}</Text>
                  <Text style={[common.muted, styles.hint]}>{t.hint}</Text>
                </View>
                <Switch
                  accessibilityLabel={t.label}
                  value={settings?.[t.key] ?? false}
                  disabled={!settings || (t.key !== 'enabled' && !settings.enabled)}
                  onValueChange={(v) => void handleChange({ [t.key]: v })}
                  trackColor={{ true: colors.primary, false: '#cfd2de' }}
                  thumbColor="#ffffff"
                />
              </View>
            ))}
          </View>
          <Text style={common.sectionTitle}>Emails while offline</Text>
          <View style={common.card} accessibilityRole="radiogroup" accessibilityLabel="Emails while offline">
            <Text style={[common.muted, styles.hint]}>
              Conversations assigned to you and mentions, when no Oceras app of yours is open.
            </Text>
            <View style={styles.modes}>
              {EMAIL_MODES.map((m) => {
                const isChosen = settings?.email === m.value;
                return (
                  <Pressable
                    key={m.value}
                    role="radio"
                    accessibilityLabel={m.label}
                    accessibilityState={{ checked: isChosen, disabled: !settings }}
                    disabled={!settings}
                    onPress={() => void handleChange({ email: m.value })}
                    style={[styles.mode, isChosen && styles.modeChosen]}
                  >
                    <Text style={[styles.modeText, isChosen && styles.modeTextChosen]}>{m.label}</Text>
                  </Pressable>
                );
              })}
            </View>
          </View>
          <Text style={common.sectionTitle}>This device</Text>
          <View style={common.card}>
            <Button
              title="Enable notifications on this device"
              variant="secondary"
              onPress={() => void handleRegister()}
              isBusy={isRegistering}
            />
          </View>
          <Text style={common.sectionTitle}>Your devices ({devices.length})</Text>
          <View style={common.card}>
            {devices.length === 0 && <Text style={common.muted}>No device receives your notifications.</Text>}
            {devices.map((d) => (
              <View key={d.id} style={styles.device} accessibilityLabel={`Device ${d.name ?? d.platform}`}>
                <View style={{ flex: 1 }}>
                  <Text style={common.value}>{d.name ?? `${d.platform} device`}</Text>
                  <Text style={[common.muted, styles.hint]}>
                    {d.platform} · app {d.appVersion} · …{d.tokenHint} · seen {relativeTime(d.lastSeenAt)}
                  </Text>
                </View>
                <Button
                  title="Remove"
                  variant="ghost"
                  accessibilityLabel={`Remove ${d.name ?? d.platform}`}
                  onPress={() => void handleRemove(d.id)}
                />
              </View>
            ))}
          </View>
        </>
      )}
      {notice && (
        <Text role="status" style={[common.muted, styles.notice]}>
          {notice}
        </Text>
      )}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  toggle: { flexDirection: 'row', alignItems: 'center', gap: space.m, paddingVertical: space.s },
  hint: { fontSize: 13, marginTop: 2 },
  device: { flexDirection: 'row', alignItems: 'center', paddingVertical: space.s, gap: space.s },
  notice: { marginHorizontal: space.l, marginTop: space.m },
  modes: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s, marginTop: space.s },
  mode: { paddingHorizontal: space.m, paddingVertical: space.s, borderRadius: 10, backgroundColor: colors.primarySoft },
  modeChosen: { backgroundColor: colors.primary },
  modeText: { color: colors.primary, fontWeight: '600' },
  modeTextChosen: { color: colors.primaryText },
});
