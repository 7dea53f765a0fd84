import { useState } from 'react';
import { Modal, StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { useStrings } from '@/lib/i18n/i18n';
import { Button } from '../ui/button';
import { colors, space } from '../ui/theme';

/**
 * Says what deleting the account does before doing it. The server may refuse (the last admin while others remain,
 * the organization's only agent): its sentence is shown. Once deleted, the app forgets the session: sign-in screen.
 */
export function DeleteAccountDialog({ onClose }: { onClose: () => void }) {
  const app = useApp();
  const [isBusy, setIsBusy] = useState(false);
  const t = useStrings().deleteAccount;
  const [error, setError] = useState<string | null>(null);

  const handleDelete = async () => {
    setIsBusy(true);
    setError(null);
    try {
      await app.session.client.call('deleteMe');
      await app.session.accountDeleted();
    } catch (err) {
      setError(errorSentence(err, t.failed));
      setIsBusy(false);
    }
  };

  return (
    <Modal visible transparent animationType="fade" onRequestClose={onClose}>
      <View style={styles.backdrop}>
        <View style={styles.dialog} role="alertdialog" aria-modal accessibilityLabel={t.title}>
          <Text role="heading" style={styles.title}>
            {t.title}
          </Text>
          <Text style={styles.text}>{t.undone}</Text>
          <Text style={styles.text}>• {t.signedOut}</Text>
          <Text style={styles.text}>• {t.erased}</Text>
          <Text style={styles.text}>• {t.messagesStay}</Text>
          <Text style={styles.text}>• {t.lastAdmin}</Text>
          {error && (
            <Text role="alert" style={styles.error}>
              {error}
            </Text>
          )}
          <View style={styles.actions}>
            <Button title={t.keep} variant="secondary" onPress={onClose} isDisabled={isBusy} />
            <Button title={t.confirm} variant="danger" onPress={() => void handleDelete()} isBusy={isBusy} />
          </View>
        </View>
      </View>
    </Modal>
  );
}

const styles = StyleSheet.create({
  backdrop: { flex: 1, backgroundColor: 'rgba(10,14,30,0.5)', justifyContent: 'center', padding: space.l },
  dialog: { backgroundColor: colors.card, borderRadius: 14, padding: space.l, gap: space.s },
  title: { fontSize: 18, fontWeight: '700', color: colors.text },
  text: { fontSize: 14, color: colors.text, lineHeight: 20 },
  error: { color: colors.danger, fontSize: 14 },
  actions: { flexDirection: 'row', justifyContent: 'flex-end', gap: space.s, marginTop: space.s, flexWrap: 'wrap' },
});
