import { formatBytes, isPreviewable } from '@oceras/protocol/upload';
import { Image, Pressable, StyleSheet, Text, View } from 'react-native';
import { currentLocale, fill, useStrings } from '@/lib/i18n/i18n';
import { colors, space } from '../ui/theme';
import type { Chip } from './use-attachments';

/** The files picked for the next message: name, size, upload progress, and what to do when one failed. */
export function AttachmentChips({
  chips,
  onRemove,
  onRetry,
}: {
  chips: Chip[];
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
}) {
  const t = useStrings().attachments;
  if (!chips.length) return null;
  return (
    <View style={styles.list} accessibilityLabel={t.filesToSend}>
      {chips.map((chip) => (
        <ChipView key={chip.key} chip={chip} onRemove={() => onRemove(chip.key)} onRetry={() => onRetry(chip.key)} />
      ))}
    </View>
  );
}

function ChipView({ chip, onRemove, onRetry }: { chip: Chip; onRemove: () => void; onRetry: () => void }) {
  const t = useStrings().attachments;
  const size = formatBytes(chip.size, currentLocale());
  const percent = chip.size ? Math.min(100, Math.round((chip.sent / chip.size) * 100)) : 0;
  // All bytes handed to the network is not stored yet: the store answers once it has them all.
  const progress = percent < 100 ? `${percent}%` : t.finishing;
  const status =
    chip.state === 'uploading'
      ? fill(t.uploading, { progress })
      : chip.state === 'ready'
        ? t.readyToSend
        : (chip.error ?? t.notUploaded);
  return (
    <View
      style={[styles.chip, chip.state === 'failed' && styles.failed]}
      accessibilityLabel={`${chip.name}, ${size}, ${status}`}
    >
      <View style={styles.row}>
        {isPreviewable(chip.type) ? (
          <Image
            source={{ uri: chip.uri }}
            style={styles.thumb}
            accessibilityLabel={fill(t.preview, { name: chip.name })}
          />
        ) : (
          <View style={[styles.thumb, styles.fileIcon]}>
            <Text style={styles.fileIconText}>{extension(chip.name)}</Text>
          </View>
        )}
        <View style={styles.text}>
          <Text numberOfLines={1} style={styles.name}>
            {chip.name}
          </Text>
          <Text style={styles.meta}>
            {size}
            {chip.state === 'uploading' ? ` · ${progress}` : chip.state === 'ready' ? ` · ${t.ready}` : ''}
          </Text>
        </View>
        {chip.state === 'failed' && chip.retryable && (
          <Pressable
            role="button"
            accessibilityLabel={fill(t.retryName, { name: chip.name })}
            onPress={onRetry}
            style={styles.action}
          >
            <Text style={styles.retry}>{t.retry}</Text>
          </Pressable>
        )}
        <Pressable
          role="button"
          accessibilityLabel={fill(chip.state === 'uploading' ? t.cancelUpload : t.removeName, { name: chip.name })}
          onPress={onRemove}
          hitSlop={8}
          style={styles.action}
        >
          <Text style={styles.remove}>×</Text>
        </Pressable>
      </View>
      {chip.state === 'uploading' && (
        <View
          style={styles.track}
          accessible
          role="progressbar"
          accessibilityLabel={fill(t.uploadOf, { name: chip.name })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <View style={[styles.bar, { width: `${percent}%` }]} />
        </View>
      )}
      {(chip.state === 'failed' || chip.state === 'waiting') && (
        <Text role="alert" style={[styles.error, chip.state === 'waiting' && styles.waiting]}>
          {chip.error}
        </Text>
      )}
    </View>
  );
}

const extension = (name: string) => (name.includes('.') ? (name.split('.').pop() ?? '') : 'file').slice(0, 4);

const styles = StyleSheet.create({
  list: { gap: space.xs, marginBottom: space.s },
  chip: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 10,
    backgroundColor: '#fff',
    paddingHorizontal: space.s,
    paddingVertical: 6,
  },
  failed: { borderColor: colors.danger },
  row: { flexDirection: 'row', alignItems: 'center', gap: space.s },
  thumb: { width: 36, height: 36, borderRadius: 6, backgroundColor: colors.bg },
  fileIcon: { alignItems: 'center', justifyContent: 'center', backgroundColor: colors.primarySoft },
  fileIconText: { fontSize: 10, fontWeight: '700', color: colors.primary, textTransform: 'uppercase' },
  text: { flex: 1, minWidth: 0 },
  name: { fontSize: 14, color: colors.text, fontWeight: '600' },
  meta: { fontSize: 12, color: colors.muted },
  action: { paddingHorizontal: space.s, paddingVertical: 4 },
  retry: { color: colors.primary, fontWeight: '700', fontSize: 14 },
  remove: { color: colors.muted, fontSize: 22, lineHeight: 22 },
  track: { height: 3, backgroundColor: colors.border, borderRadius: 2, marginTop: 6, overflow: 'hidden' },
  bar: { height: 3, backgroundColor: colors.primary },
  error: { color: colors.danger, fontSize: 12, marginTop: 4 },
  waiting: { color: colors.muted },
});
