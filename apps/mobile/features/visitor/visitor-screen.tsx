import type { TVisitorDetail } from '@oceras/protocol';
import { Stack, useRouter } from 'expo-router';
import { useEffect, useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { dateTime, describeUserAgent, relativeTime } from '@/lib/format';
import { currentStrings, fill, useStrings } from '@/lib/i18n/i18n';
import { ConversationFields } from '../conversation/conversation-fields';
import { ConversationTicket } from '../conversation/conversation-ticket';
import { Avatar } from '../ui/avatar';
import { colors, common, space } from '../ui/theme';

/** A visitor's details; opened from a conversation (`conversationId`), that conversation's ticket and fields first. */
export function VisitorScreen({ id, conversationId }: { id: string; conversationId?: string }) {
  const { session } = useApp();
  const router = useRouter();
  const strings = useStrings();
  const t = strings.visitorScreen;
  const [visitor, setVisitor] = useState<TVisitorDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    session.client
      .call('getVisitor', { params: { id } })
      .then(setVisitor)
      .catch(() => setError(currentStrings().visitorScreen.loadFailed));
  }, [session, id]);

  const name = visitor?.erasedAt ? strings.visitor.erased : visitor?.name || visitor?.email || t.anonymous;
  return (
    <ScrollView testID="visitor-screen" style={common.screen} contentContainerStyle={{ paddingBottom: space.xl }}>
      <Stack.Screen options={{ title: strings.titles.visitor }} />
      {error && <Text style={[common.error, { marginHorizontal: space.l }]}>{error}</Text>}
      {!visitor && !error && <Text style={[common.muted, styles.loading]}>{strings.common.loading}</Text>}
      {conversationId && <ConversationTicket conversationId={conversationId} />}
      {conversationId && <ConversationFields conversationId={conversationId} />}
      {visitor && (
        <>
          <View style={[common.card, styles.head]}>
            <Avatar name={name} seed={visitor.id} size={56} />
            <View style={{ flex: 1 }}>
              <Text role="heading" style={styles.name}>
                {name}
              </Text>
              {visitor.email && <Text style={common.muted}>{visitor.email}</Text>}
            </View>
          </View>
          {visitor.erasedAt && (
            <Text style={[common.muted, { marginHorizontal: space.l }]} role="note">
              {fill(t.erasedOn, { date: dateTime(visitor.erasedAt) })}
            </Text>
          )}
          <Text style={common.sectionTitle}>{t.details}</Text>
          <View style={common.card}>
            {visitor.userId && <Field label={t.userId} value={visitor.userId} />}
            <Field label={t.firstSeen} value={dateTime(visitor.firstSeenAt)} />
            <Field label={t.lastSeen} value={`${dateTime(visitor.lastSeenAt)} (${relativeTime(visitor.lastSeenAt)})`} />
            <Field label={t.browser} value={describeUserAgent(visitor.userAgent)} />
            {/* What the site set with Oceras.update(), as text. */}
            {Object.entries(visitor.customAttributes ?? {}).map(([key, value]) => (
              <Field key={key} label={key} value={String(value)} />
            ))}
          </View>
          <Text style={common.sectionTitle}>{fill(t.conversations, { count: visitor.conversations.length })}</Text>
          <View style={[common.card, { paddingVertical: 0 }]}>
            {visitor.conversations.map((c) => (
              <Pressable
                key={c.id}
                role="link"
                accessibilityLabel={fill(t.conversationNumber, { number: c.number })}
                onPress={() => router.push(`/conversation/${c.id}`)}
                style={styles.conv}
              >
                <Text style={styles.convTitle}>
                  #{c.number} · <Text style={styles.convStatus}>{strings.statuses[c.status]}</Text>
                </Text>
                <Text numberOfLines={1} style={common.muted}>
                  {c.lastMessagePreview ?? c.subject ?? '—'}
                </Text>
              </Pressable>
            ))}
          </View>
        </>
      )}
    </ScrollView>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.field}>
      <Text style={common.label}>{label}</Text>
      <Text style={common.value}>{value}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  loading: { textAlign: 'center', marginTop: space.xl },
  head: { flexDirection: 'row', alignItems: 'center', gap: space.m },
  name: { fontSize: 20, fontWeight: '700', color: colors.text },
  field: { paddingVertical: space.s },
  conv: { paddingVertical: space.m, borderBottomWidth: StyleSheet.hairlineWidth, borderBottomColor: colors.border },
  convTitle: { fontSize: 15, fontWeight: '600', color: colors.text },
  convStatus: { color: colors.muted, fontWeight: '400' },
});
