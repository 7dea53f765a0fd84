import { ScrollView, StyleSheet, Text } from 'react-native';
import { signOut, useApp } from '@/lib/app';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';
import { TwoFactorSection } from './two-factor-section';

/** The one screen of an agent whose organization requires two-factor and who has none yet (app/_layout.tsx). */
export function TwoFactorRequiredScreen() {
  const app = useApp();
  const strings = useStrings();
  const t = strings.twoFactor;
  const name = useStore(app.session.state, (s) => s.organization?.name) ?? t.yourOrganization;
  return (
    <ScrollView testID="two-factor-required" style={common.screen} contentContainerStyle={styles.container}>
      <Text role="status" style={styles.notice}>
        {fill(t.required, { name })}
      </Text>
      <TwoFactorSection />
      <Button title={strings.settings.signOut} variant="ghost" onPress={() => void signOut(app)} />
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  container: { paddingBottom: space.xl },
  notice: { backgroundColor: '#eef2ff', color: colors.text, padding: space.m, borderRadius: 8, margin: space.l },
});
