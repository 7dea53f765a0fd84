import { mustSetUpTwoFactor } from '@oceras/protocol/two-factor';
import { Stack } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { useState } from 'react';
import { ActivityIndicator, View } from 'react-native';
import { colors } from '@/features/ui/theme';
import { AppProvider, createApp, useApp } from '@/lib/app';
import { useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { usePushRouting } from '@/lib/use-push-routing';

export default function RootLayout() {
  const [app] = useState(() => createApp());
  return (
    <AppProvider app={app}>
      <StatusBar style="dark" />
      <Screens />
    </AppProvider>
  );
}

function Screens() {
  const app = useApp();
  const t = useStrings().titles;
  const status = useStore(app.session.state, (s) => s.status);
  // The organization requires two-factor and this agent has none: its setup comes before anything else.
  const mustEnrol = useStore(app.session.state, (s) =>
    s.organization ? mustSetUpTwoFactor({ organization: s.organization, twoFactorEnabled: s.twoFactorEnabled }) : false,
  );
  usePushRouting(app, status === 'signedIn');
  if (status === 'loading') {
    return (
      <View style={{ flex: 1, alignItems: 'center', justifyContent: 'center', backgroundColor: colors.bg }}>
        <ActivityIndicator color={colors.primary} />
      </View>
    );
  }
  const isSignedIn = status === 'signedIn' && !mustEnrol;
  return (
    <Stack
      screenOptions={{
        headerTintColor: colors.primary,
        headerTitleStyle: { color: colors.text, fontWeight: '700' },
        contentStyle: { backgroundColor: colors.bg },
      }}
    >
      <Stack.Protected guard={isSignedIn}>
        <Stack.Screen name="index" options={{ title: t.inbox }} />
        <Stack.Screen name="conversation/[id]" options={{ title: t.conversation }} />
        <Stack.Screen name="visitor/[id]" options={{ title: t.visitor }} />
        <Stack.Screen name="settings" options={{ title: t.settings }} />
        <Stack.Screen name="profile" options={{ title: t.profile }} />
        <Stack.Screen name="notifications" options={{ title: t.notifications }} />
        <Stack.Screen name="mentions" options={{ title: t.mentions }} />
      </Stack.Protected>
      <Stack.Protected guard={status === 'signedIn' && mustEnrol}>
        <Stack.Screen name="two-factor" options={{ title: t.twoFactor }} />
      </Stack.Protected>
      <Stack.Protected guard={status !== 'signedIn'}>
        <Stack.Screen name="sign-in" options={{ headerShown: false }} />
      </Stack.Protected>
    </Stack>
  );
}
