import { StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { colors, space } from './theme';

/** Says when what is on screen may be old, that replies wait for the connection, or that the app must be updated. */
export function ConnectionBanner() {
  const { inbox } = useApp();
  const connection = useStore(inbox.data, (d) => d.connection);
  const t = useStrings().connection;
  if (connection === 'online') return null;
  const text = t[connection];
  return (
    <View role="status" style={[styles.bar, connection !== 'connecting' && styles.offline]}>
      <Text style={styles.text}>{text}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  bar: { backgroundColor: '#e8eaf3', paddingHorizontal: space.l, paddingVertical: 6 },
  offline: { backgroundColor: colors.offline },
  text: { color: colors.text, fontSize: 13, textAlign: 'center' },
});
