import type { TMessage } from '@oceras/protocol';
import { type MentionCandidate, mentionParts } from '@oceras/protocol/mention-text';
import { formatBytes } from '@oceras/protocol/upload';
import { StyleSheet, Text, View } from 'react-native';
import { failureReason } from '@/lib/errors';
import { clockTime } from '@/lib/format';
import { currentLocale, fill, useStrings } from '@/lib/i18n/i18n';
import type { OutboxItem } from '@/lib/outbox';
import { Button } from '../ui/button';
import { colors, space } from '../ui/theme';
import { EmailAuthBadge } from './email-auth-badge';
import { MessageAttachments } from './message-attachments';
import { systemText } from './system-text';

const NO_CANDIDATES: readonly MentionCandidate[] = [];

export function MessageBubble({
  message: m,
  meId,
  onExpired,
  mentionable = NO_CANDIDATES,
}: {
  message: TMessage;
  meId: string;
  /** The organization's agents a note may mention: their `@Name` is highlighted (the server's rule). */
  mentionable?: readonly MentionCandidate[];
  /** Its files' URLs no longer work: fetch the thread again for fresh ones. */
  onExpired?: () => void;
}) {
  const strings = useStrings();
  const t = strings.message;
  if (m.type === 'system') {
    const text = systemText(m, meId, strings);
    return (
      <Text style={styles.system} accessibilityLabel={fill(t.event, { text })}>
        {text}
      </Text>
    );
  }
  const isVisitor = m.author.type === 'visitor';
  const isNote = m.type === 'note';
  const who = isVisitor ? (m.author.name ?? t.visitor) : m.author.id === meId ? t.you : (m.author.name ?? t.agent);
  return (
    <View style={[styles.wrap, isVisitor ? styles.left : styles.right]}>
      <View
        style={[styles.bubble, isVisitor ? styles.visitor : isNote ? styles.note : styles.agent]}
        accessibilityLabel={fill(isNote ? t.noteFrom : t.messageFrom, { who })}
      >
        {isNote && <Text style={styles.noteLabel}>{t.note}</Text>}
        {!!m.body && (
          <Text selectable style={[styles.body, !isVisitor && !isNote && styles.agentBody]}>
            {isNote ? <MentionedText text={m.body} mentionable={mentionable} meId={meId} /> : m.body}
          </Text>
        )}
        {!!m.attachments?.length && (
          <MessageAttachments attachments={m.attachments} isOnColor={!isVisitor && !isNote} onExpired={onExpired} />
        )}
      </View>
      {/* An email's sender check, under the message as on the dashboard. */}
      {m.emailAuth && <EmailAuthBadge auth={m.emailAuth} />}
      <Text style={styles.meta}>
        {who} · {clockTime(m.createdAt)}
      </Text>
    </View>
  );
}

/** A note's text with its mentions highlighted, mine stronger. */
function MentionedText({
  text,
  mentionable,
  meId,
}: {
  text: string;
  mentionable: readonly MentionCandidate[];
  meId: string;
}) {
  const t = useStrings().message;
  const myName = mentionable.find((c) => c.id === meId)?.name.toLowerCase();
  return mentionParts(text, mentionable).map((p, i) =>
    p.isMention ? (
      <Text
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
        key={i}
        accessibilityLabel={fill(t.mention, { name: p.text.slice(1) })}
        style={[styles.mention, p.text.slice(1).toLowerCase() === myName && styles.mentionMe]}
      >
        {p.text}
      </Text>
    ) : (
      p.text
    ),
  );
}

/** A reply in the outbox: written, not yet stored by the server. */
export function PendingBubble({
  item,
  onRetry,
  onDiscard,
}: {
  item: OutboxItem;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const t = useStrings().message;
  const label =
    item.state === 'failed'
      ? fill(t.notSent, { reason: failureReason(item, t.refused).replace(/\.$/, '') })
      : item.state === 'sending'
        ? item.progress === undefined
          ? t.sending
          : fill(t.uploading, { percent: Math.round(item.progress * 100) })
        : t.waiting;
  return (
    <View style={[styles.wrap, styles.right]} accessibilityLabel={t.pending}>
      <View style={[styles.bubble, item.type === 'note' ? styles.note : styles.agent, styles.pending]}>
        {item.type === 'note' && <Text style={styles.noteLabel}>{t.note}</Text>}
        {!!item.body && <Text style={[styles.body, item.type !== 'note' && styles.agentBody]}>{item.body}</Text>}
        {item.files?.map((f) => (
          <Text key={f.uri} style={[styles.pendingFile, item.type !== 'note' && styles.agentBody]}>
            {fill(t.file, { name: f.name, size: formatBytes(f.size, currentLocale()) })}
          </Text>
        ))}
      </View>
      <Text style={[styles.meta, item.state === 'failed' && { color: colors.danger }]}>{label}</Text>
      {item.state === 'failed' && (
        <View style={styles.actions}>
          <Button title={t.retry} variant="secondary" onPress={onRetry} />
          <Button title={t.discard} variant="ghost" onPress={onDiscard} />
        </View>
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { marginVertical: 4, maxWidth: '85%' },
  left: { alignSelf: 'flex-start' },
  right: { alignSelf: 'flex-end', alignItems: 'flex-end' },
  bubble: { borderRadius: 16, paddingHorizontal: 14, paddingVertical: 9 },
  visitor: {
    backgroundColor: colors.card,
    borderWidth: StyleSheet.hairlineWidth,
    borderColor: colors.border,
    borderBottomLeftRadius: 4,
  },
  agent: { backgroundColor: colors.primary, borderBottomRightRadius: 4 },
  note: { backgroundColor: colors.note, borderWidth: 1, borderColor: colors.noteBorder, borderBottomRightRadius: 4 },
  pending: { opacity: 0.6 },
  noteLabel: { fontSize: 11, fontWeight: '700', color: '#8a6d00', marginBottom: 2, textTransform: 'uppercase' },
  body: { fontSize: 15, color: colors.text, lineHeight: 21 },
  agentBody: { color: '#fff' },
  meta: { fontSize: 11, color: colors.muted, marginTop: 2, marginHorizontal: 4 },
  mention: { color: colors.primary, fontWeight: '700', backgroundColor: colors.primarySoft },
  mentionMe: { color: '#fff', backgroundColor: colors.primary },
  system: { alignSelf: 'center', fontSize: 12, color: colors.muted, marginVertical: space.s, textAlign: 'center' },
  actions: { flexDirection: 'row', gap: space.s, marginTop: 4 },
  pendingFile: { fontSize: 13, color: colors.text, marginTop: 2 },
});
