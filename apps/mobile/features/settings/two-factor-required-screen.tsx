import { ScrollView, StyleSheet, Text } from 'react-native';
import { signOut, useApp } from '@/lib/app';
import { useStore } from '@/lib/store';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';
import { TwoFactorSection } from './two-factor-section';

/** The one screen of an agent whose organization requires two-factor and who has none yet (app/_layout.tsx). */
export function TwoFactorRequiredScreen() {
  const app = useApp();
  const name = useStore(app.session.state, (s) => s.organization?.name ?? 'Your organization');
  return (
    <ScrollView testID="two-factor-required" style={common.screen} contentContainerStyle={styles.container}>
      <Text role="status" style={styles.notice}>
        {name} requires two-factor authentication. Set it up to continue.
      </Text>
      <TwoFactorSection />
      <Button title="Sign out" variant="ghost" onPress={() => void signOut(app)} />
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  container: { paddingBottom: space.xl },
  notice: { backgroundColor: '#eef2ff', color: colors.text, padding: space.m, borderRadius: 8, margin: space.l },
});
