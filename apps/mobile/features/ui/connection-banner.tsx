import { StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { useStore } from '@/lib/store';
import { colors, space } from './theme';

const TEXT = {
  connecting: 'Connecting…',
  offline: 'Offline — showing saved conversations. Replies are sent when the connection is back.',
  incompatible: 'This version of the app no longer works with your server. Update the app to reconnect.',
};

/** Says when what is on screen may be old, that replies wait for the connection, or that the app must be updated. */
export function ConnectionBanner() {
  const { inbox } = useApp();
  const connection = useStore(inbox.data, (d) => d.connection);
  if (connection === 'online') return null;
  const text = TEXT[connection];
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
