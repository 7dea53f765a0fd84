import type { TAttachment } from '@oceras/protocol';
import { formatBytes, isPreviewable } from '@oceras/protocol/upload';
import { useState } from 'react';
import { Image, Linking, Modal, Pressable, StyleSheet, Text, View } from 'react-native';
import { currentLocale, fill, useStrings } from '@/lib/i18n/i18n';
import { colors, space } from '../ui/theme';

const MAX_WIDTH = 220;
const MAX_HEIGHT = 280;

/** Where an image sits in the thread: its own proportions when known (so nothing jumps when it loads), else 4:3. */
export function previewSize(a: Pick<TAttachment, 'width' | 'height'>) {
  if (!a.width || !a.height) return { width: MAX_WIDTH, height: Math.round((MAX_WIDTH * 3) / 4) };
  const scale = Math.min(1, MAX_WIDTH / a.width, MAX_HEIGHT / a.height);
  return { width: Math.round(a.width * scale), height: Math.round(a.height * scale) };
}

/**
 * A message's files: images as previews that open full screen, other files as cards that open the file. Their URLs
 * are signed and expire (a thread kept from an earlier run has old ones): an image that does not load asks for the
 * thread again, once, through `onExpired`.
 */
export function MessageAttachments({
  attachments,
  isOnColor,
  onExpired,
}: {
  attachments: TAttachment[];
  isOnColor: boolean;
  onExpired?: () => void;
}) {
  // By id: the attachment itself may be replaced meanwhile (its thumbnail, fresh URLs).
  const [openId, setOpenId] = useState<string | null>(null);
  const open = attachments.find((a) => a.id === openId);
  if (!attachments.length) return null;
  return (
    <View style={styles.list}>
      {attachments.map((a) =>
        isPreviewable(a.contentType) ? (
          // Keyed by its URL too: fresh URLs are a fresh try.
          <ImagePreview
            key={`${a.id}:${a.thumbnailUrl ?? a.url}`}
            attachment={a}
            onOpen={() => setOpenId(a.id)}
            onBroken={onExpired}
          />
        ) : (
          <FileCard key={a.id} attachment={a} isOnColor={isOnColor} />
        ),
      )}
      {open && <ImageViewer attachment={open} onClose={() => setOpenId(null)} />}
    </View>
  );
}

function ImagePreview({
  attachment: a,
  onOpen,
  onBroken,
}: {
  attachment: TAttachment;
  onOpen: () => void;
  onBroken?: () => void;
}) {
  const t = useStrings().attachments;
  const [isBroken, setIsBroken] = useState(false);
  const size = previewSize(a);
  return (
    <Pressable
      role="button"
      accessibilityLabel={fill(t.openImage, { name: a.fileName })}
      onPress={onOpen}
      style={[styles.preview, size]}
    >
      {isBroken ? (
        <Text style={styles.broken}>{t.broken}</Text>
      ) : (
        <Image
          source={{ uri: a.thumbnailUrl ?? a.url }}
          style={size}
          resizeMode="cover"
          accessibilityLabel={a.fileName}
          alt={a.fileName}
          onError={() => {
            setIsBroken(true);
            onBroken?.();
          }}
        />
      )}
    </Pressable>
  );
}

function FileCard({ attachment: a, isOnColor }: { attachment: TAttachment; isOnColor: boolean }) {
  const t = useStrings().attachments;
  const size = formatBytes(a.size, currentLocale());
  return (
    <Pressable
      role="link"
      accessibilityLabel={fill(t.openFile, { name: a.fileName, size })}
      onPress={() => void Linking.openURL(a.url)}
      style={({ pressed }) => [styles.card, isOnColor && styles.cardOnColor, pressed && styles.pressed]}
    >
      <View style={styles.cardIcon}>
        <Text style={styles.cardIconText}>{extension(a.fileName)}</Text>
      </View>
      <View style={styles.cardText}>
        <Text numberOfLines={2} style={styles.cardName}>
          {a.fileName}
        </Text>
        <Text style={styles.cardMeta}>{size}</Text>
      </View>
    </Pressable>
  );
}

/** The image at full size over the thread; "Open" hands the file to the browser or the system's viewer. */
function ImageViewer({ attachment: a, onClose }: { attachment: TAttachment; onClose: () => void }) {
  const t = useStrings().attachments;
  return (
    <Modal visible animationType="fade" onRequestClose={onClose} transparent={false}>
      <View
        style={styles.viewer}
        accessibilityViewIsModal
        aria-modal
        accessibilityLabel={fill(t.image, { name: a.fileName })}
      >
        <View style={styles.viewerBar}>
          <Pressable role="button" accessibilityLabel={t.closeImage} onPress={onClose} style={styles.viewerButton}>
            <Text style={styles.viewerButtonText}>{t.close}</Text>
          </Pressable>
          <Text numberOfLines={1} style={styles.viewerTitle}>
            {a.fileName}
          </Text>
          <Pressable
            role="button"
            accessibilityLabel={fill(t.openName, { name: a.fileName })}
            onPress={() => void Linking.openURL(a.url)}
            style={styles.viewerButton}
          >
            <Text style={styles.viewerButtonText}>{t.open}</Text>
          </Pressable>
        </View>
        <Image
          source={{ uri: a.url }}
          style={styles.viewerImage}
          resizeMode="contain"
          accessibilityLabel={a.fileName}
          alt={a.fileName}
        />
        <Text style={styles.viewerMeta}>
          {formatBytes(a.size, currentLocale())}
          {a.width && a.height ? ` · ${a.width} × ${a.height}` : ''}
        </Text>
      </View>
    </Modal>
  );
}

const extension = (name: string) => (name.includes('.') ? (name.split('.').pop() ?? '') : 'file').slice(0, 4);

const styles = StyleSheet.create({
  list: { gap: space.xs, marginTop: space.xs },
  preview: { borderRadius: 10, overflow: 'hidden', backgroundColor: colors.border, justifyContent: 'center' },
  broken: { fontSize: 12, color: colors.muted, padding: space.s, textAlign: 'center' },
  card: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.s,
    padding: space.s,
    borderRadius: 10,
    backgroundColor: colors.bg,
    borderWidth: StyleSheet.hairlineWidth,
    borderColor: colors.border,
    minWidth: 180,
  },
  cardOnColor: { backgroundColor: '#fff', borderColor: 'transparent' },
  pressed: { opacity: 0.75 },
  cardIcon: {
    width: 36,
    height: 36,
    borderRadius: 6,
    backgroundColor: colors.primarySoft,
    alignItems: 'center',
    justifyContent: 'center',
  },
  cardIconText: { fontSize: 10, fontWeight: '700', color: colors.primary, textTransform: 'uppercase' },
  cardText: { flexShrink: 1 },
  cardName: { fontSize: 14, fontWeight: '600', color: colors.text },
  cardMeta: { fontSize: 12, color: colors.muted },
  viewer: { flex: 1, backgroundColor: '#000' },
  viewerBar: {
    flexDirection: 'row',
    alignItems: 'center',
    justifyContent: 'space-between',
    paddingTop: 48,
    paddingHorizontal: space.m,
    paddingBottom: space.s,
  },
  viewerTitle: { flex: 1, color: '#fff', textAlign: 'center', fontSize: 15, fontWeight: '600' },
  viewerButton: { paddingHorizontal: space.m, paddingVertical: space.s },
  viewerButtonText: { color: '#fff', fontSize: 16, fontWeight: '600' },
  viewerImage: { flex: 1, width: '100%' },
  viewerMeta: { color: '#ccc', textAlign: 'center', padding: space.l },
});
