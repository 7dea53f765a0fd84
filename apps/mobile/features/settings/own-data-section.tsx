import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { useStrings } from '@/lib/i18n/i18n';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';
import { DeleteAccountDialog } from './delete-account-dialog';
import { type Outcome, Result } from './result-text';
import { saveExport } from './save-export';

/** A copy of everything kept about the agent, and deleting their account. */
export function OwnDataSection() {
  const app = useApp();
  const t = useStrings().profile;
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
      setExported({ kind: 'error', text: errorSentence(err, t.exportFailed) });
    } finally {
      setIsExporting(false);
    }
  };

  return (
    <>
      <Text style={common.sectionTitle}>{t.yourData}</Text>
      <View style={common.card}>
        <Text style={[common.muted, styles.text]}>{t.yourDataHint}</Text>
        <Result outcome={exported} />
        <Button title={t.download} variant="secondary" onPress={() => void handleExport()} isBusy={isExporting} />
      </View>
      <Text style={common.sectionTitle}>{t.deleteAccount}</Text>
      <View style={common.card}>
        <Text style={[common.muted, styles.text]}>{t.deleteHint}</Text>
        <Button title={t.deleteMine} variant="danger" onPress={() => setIsConfirming(true)} />
      </View>
      {isConfirming && <DeleteAccountDialog onClose={() => setIsConfirming(false)} />}
    </>
  );
}

const styles = StyleSheet.create({
  text: { marginBottom: space.m, lineHeight: 20, color: colors.muted },
});
