import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';
import { DeleteAccountDialog } from './delete-account-dialog';
import { type Outcome, Result } from './result-text';
import { saveExport } from './save-export';

/** A copy of everything kept about the agent, and deleting their account. */
export function OwnDataSection() {
  const app = useApp();
  const [isExporting, setIsExporting] = useState(false);
  const [exported, setExported] = useState<Outcome>(null);
  const [isConfirming, setIsConfirming] = useState(false);

  const handleExport = async () => {
    setIsExporting(true);
    setExported(null);
    try {
      const data = await app.session.client.call('exportMe');
      const day = data.exportedAt.slice(0, 10);
      const text = await saveExport(JSON.stringify(data, null, 2), `oceras-my-data-${day}.json`);
      setExported({ kind: 'ok', text });
    } catch (err) {
      setExported({ kind: 'error', text: errorSentence(err, 'Could not prepare your data. Try again.') });
    } finally {
      setIsExporting(false);
    }
  };

  return (
    <>
      <Text style={common.sectionTitle}>Your data</Text>
      <View style={common.card}>
        <Text style={[common.muted, styles.text]}>
          A JSON file with your profile, sessions, devices, notification settings and the messages you wrote.
        </Text>
        <Result outcome={exported} />
        <Button title="Download my data" variant="secondary" onPress={() => void handleExport()} isBusy={isExporting} />
      </View>
      <Text style={common.sectionTitle}>Delete account</Text>
      <View style={common.card}>
        <Text style={[common.muted, styles.text]}>
          Your sign-in, sessions and devices end at once and your personal data is erased. Conversations keep your
          messages, under "Deleted agent".
        </Text>
        <Button title="Delete my account…" variant="danger" onPress={() => setIsConfirming(true)} />
      </View>
      {isConfirming && <DeleteAccountDialog onClose={() => setIsConfirming(false)} />}
    </>
  );
}

const styles = StyleSheet.create({
  text: { marginBottom: space.m, lineHeight: 20, color: colors.muted },
});
