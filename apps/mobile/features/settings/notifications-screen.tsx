import type { TDevice, TNotificationSettings } from '@oceras/protocol';
import { ApiError } from '@oceras/protocol/client';
import { Stack } from 'expo-router';
import { useCallback, useEffect, useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Switch, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { relativeTime } from '@/lib/format';
import { fill, type Strings, useStrings } from '@/lib/i18n/i18n';
import { type PushOutcome, registerForPush } from '@/lib/push';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';

type ToggleKey = 'enabled' | 'assigned' | 'unassigned' | 'mentions';
const TOGGLES: readonly ToggleKey[] = ['enabled', 'assigned', 'unassigned', 'mentions'];
const EMAIL_MODES: readonly TNotificationSettings['email'][] = ['immediate', 'digest', 'off'];

function describeOutcome(o: PushOutcome, t: Strings['notifications']) {
  switch (o.status) {
    case 'registered':
      return t.registered;
    case 'denied':
      return t.denied;
    case 'failed':
      return fill(t.failed, { message: o.message });
    case 'unsupported':
      return o.reason === 'web'
        ? t.web
        : o.reason === 'simulator'
          ? t.simulator
          : o.reason === 'server'
            ? t.serverUnsupported
            : t.noProject;
  }
}

export function NotificationsScreen() {
  const { session, cache } = useApp();
  const strings = useStrings();
  const t = strings.notifications;
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
      else setNotice(t.loadFailed);
    }
  }, [session, t]);

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
      setNotice(t.saveFailed);
    }
  };

  const handleRegister = async () => {
    setIsRegistering(true);
    const outcome = await registerForPush(session.client, true, cache);
    setNotice(describeOutcome(outcome, t));
    setIsRegistering(false);
    if (outcome.status === 'registered') void load();
  };

  const handleRemove = async (id: string) => {
    try {
      await session.client.call('removeDevice', { params: { id } });
      setDevices((list) => list.filter((d) => d.id !== id));
    } catch {
      setNotice(t.removeFailed);
    }
  };

  return (
    <ScrollView style={common.screen} contentContainerStyle={{ paddingBottom: space.xl }}>
      <Stack.Screen options={{ title: strings.titles.notifications }} />
      {isUnsupported ? (
        <Text style={[common.card, common.muted]}>{t.serverUnsupported}</Text>
      ) : (
        <>
          <View style={common.card}>
            {TOGGLES.map((key) => (
              <View key={key} style={styles.toggle}>
                <View style={{ flex: 1 }}>
                  <Text style={common.value}>{t.toggles[key].label}</Text>
                  <Text style={[common.muted, styles.hint]}>{t.toggles[key].hint}</Text>
                </View>
                <Switch
                  accessibilityLabel={t.toggles[key].label}
                  value={settings?.[key] ?? false}
                  disabled={!settings || (key !== 'enabled' && !settings.enabled)}
                  onValueChange={(v) => void handleChange({ [key]: v })}
                  trackColor={{ true: colors.primary, false: '#cfd2de' }}
                  thumbColor="#ffffff"
                />
              </View>
            ))}
          </View>
          <Text style={common.sectionTitle}>{t.emails}</Text>
          <View style={common.card} accessibilityRole="radiogroup" accessibilityLabel={t.emails}>
            <Text style={[common.muted, styles.hint]}>{t.emailsHint}</Text>
            <View style={styles.modes}>
              {EMAIL_MODES.map((mode) => {
                const isChosen = settings?.email === mode;
                return (
                  <Pressable
                    key={mode}
                    role="radio"
                    accessibilityLabel={t.emailModes[mode]}
                    accessibilityState={{ checked: isChosen, disabled: !settings }}
                    disabled={!settings}
                    onPress={() => void handleChange({ email: mode })}
                    style={[styles.mode, isChosen && styles.modeChosen]}
                  >
                    <Text style={[styles.modeText, isChosen && styles.modeTextChosen]}>{t.emailModes[mode]}</Text>
                  </Pressable>
                );
              })}
            </View>
          </View>
          <Text style={common.sectionTitle}>{t.thisDevice}</Text>
          <View style={common.card}>
            <Button title={t.enable} variant="secondary" onPress={() => void handleRegister()} isBusy={isRegistering} />
          </View>
          <Text style={common.sectionTitle}>{fill(t.devices, { count: devices.length })}</Text>
          <View style={common.card}>
            {devices.length === 0 && <Text style={common.muted}>{t.noDevices}</Text>}
            {devices.map((d) => (
              <View
                key={d.id}
                style={styles.device}
                accessibilityLabel={fill(t.deviceLabel, { name: d.name ?? d.platform })}
              >
                <View style={{ flex: 1 }}>
                  <Text style={common.value}>{d.name ?? fill(t.platformDevice, { platform: d.platform })}</Text>
                  <Text style={[common.muted, styles.hint]}>
                    {fill(t.deviceLine, {
                      platform: d.platform,
                      version: d.appVersion,
                      hint: d.tokenHint,
                      seen: relativeTime(d.lastSeenAt),
                    })}
                  </Text>
                </View>
                <Button
                  title={strings.common.remove}
                  variant="ghost"
                  accessibilityLabel={fill(t.removeLabel, { name: d.name ?? d.platform })}
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
