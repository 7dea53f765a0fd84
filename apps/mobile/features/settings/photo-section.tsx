import { isServedAvatar } from '@oceras/protocol/avatars';
import { useState } from 'react';
import { Image, StyleSheet, Text, View } from 'react-native';
import { PickError, pickFiles } from '@/features/conversation/pick-files';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { Avatar } from '../ui/avatar';
import { Button } from '../ui/button';
import { common, space } from '../ui/theme';
import { type Outcome, Result } from './result-text';

/**
 * The agent's photo: chosen from the photo library, uploaded to Oceras (which serves it itself, re-encoded without
 * its metadata: privacy policy §5), or removed. Colleagues and visitors see it beside the agent's messages.
 */
export function PhotoSection() {
  const app = useApp();
  const t = useStrings().profile;
  const agent = useStore(app.session.state, (s) => s.agent);
  const [progress, setProgress] = useState<number | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const handleChange = async () => {
    setOutcome(null);
    let file: Awaited<ReturnType<typeof pickFiles>>[number] | undefined;
    try {
      // Straight from the press: on the web the picker is a file input, which a browser opens only then.
      [file] = await pickFiles('library', 1);
    } catch (err) {
      setOutcome({ kind: 'error', text: err instanceof PickError ? err.message : t.photosFailed });
      return;
    }
    if (!file) return;
    setIsBusy(true);
    setProgress(0);
    try {
      const updated = await app.uploader.uploadAvatar(file, {
        onProgress: (sent, total) => setProgress(total > 0 ? sent / total : 0),
      });
      app.session.updateAgent(updated.agent);
      setOutcome({ kind: 'ok', text: t.photoSaved });
    } catch (err) {
      setOutcome({ kind: 'error', text: errorSentence(err, t.photoUploadFailed) });
    } finally {
      setIsBusy(false);
      setProgress(null);
    }
  };

  const handleRemove = async () => {
    setIsBusy(true);
    setOutcome(null);
    try {
      app.session.updateAgent((await app.session.client.call('updateMe', { body: { avatarUrl: null } })).agent);
      setOutcome({ kind: 'ok', text: t.photoRemoved });
    } catch (err) {
      setOutcome({ kind: 'error', text: errorSentence(err, t.photoRemoveFailed) });
    } finally {
      setIsBusy(false);
    }
  };

  if (!agent) return null;
  return (
    <>
      <Text style={common.sectionTitle}>{t.photo}</Text>
      <View style={common.card}>
        <View style={styles.row}>
          {isServedAvatar(agent.avatarUrl) ? (
            <Image
              source={{ uri: agent.avatarUrl }}
              style={styles.photo}
              accessibilityLabel={fill(t.photoOf, { name: agent.name })}
              testID="profile-photo"
            />
          ) : (
            <Avatar name={agent.name} seed={agent.id} size={64} />
          )}
          <Text style={[common.muted, styles.hint]}>
            {progress !== null
              ? fill(t.photoUploading, { percent: Math.round(progress * 100) })
              : agent.avatarUrl
                ? t.photoSeen
                : t.initialsSeen}
          </Text>
        </View>
        <Result outcome={outcome} />
        <Button
          title={agent.avatarUrl ? t.changePhoto : t.choosePhoto}
          onPress={() => void handleChange()}
          isBusy={isBusy && progress !== null}
          isDisabled={isBusy}
        />
        {agent.avatarUrl && (
          <Button
            title={t.removePhoto}
            variant="secondary"
            onPress={() => void handleRemove()}
            isBusy={isBusy && progress === null}
            isDisabled={isBusy}
          />
        )}
      </View>
    </>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', gap: space.m, marginBottom: space.m },
  photo: { width: 64, height: 64, borderRadius: 32 },
  hint: { flex: 1 },
});
