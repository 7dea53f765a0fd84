import { StyleSheet, Text } from 'react-native';
import { colors, space } from '../ui/theme';

export type Outcome = { kind: 'ok' | 'error'; text: string } | null;

/** What an action did, in a sentence: announced as a status, or as an alert when it failed. */
export function Result({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return (
    <Text
      role={outcome.kind === 'error' ? 'alert' : 'status'}
      style={outcome.kind === 'error' ? styles.error : styles.ok}
    >
      {outcome.text}
    </Text>
  );
}

const styles = StyleSheet.create({
  error: { color: colors.danger, marginBottom: space.m },
  ok: { color: colors.success, marginBottom: space.m },
});
