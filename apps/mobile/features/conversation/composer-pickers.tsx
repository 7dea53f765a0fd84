import type { TCannedResponse } from '@oceras/protocol';
import {
  type CannedContext,
  filterCannedResponses,
  findSlashCommand,
  insertCannedResponse,
} from '@oceras/protocol/canned-text';
import { insertMention, type MentionCandidate, mentionQueryAt, suggestMentions } from '@oceras/protocol/mention-text';
import { useEffect, useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { colors, space } from '../ui/theme';

/** What a choice writes into the composer: the new text and where the caret goes. */
export interface Inserted {
  text: string;
  caret: number;
}

/**
 * The composer's two pickers, by the protocol's rules (as the dashboard's): `/` at the start of a word lists the
 * canned responses whose shortcode or a title word starts with what follows, and choosing one inserts its body
 * with the variables filled; in a note, `@` lists the agents whose name starts with what follows, and choosing one
 * writes their full name (which the server reads as a mention). The responses are fetched each time the `/`
 * picker opens, so a response just made on the dashboard is there.
 */
export function useComposerPickers({
  text,
  caret,
  isNote,
  cannedContext,
  mentionCandidates,
}: {
  text: string;
  caret: number;
  isNote: boolean;
  cannedContext: CannedContext;
  mentionCandidates: readonly MentionCandidate[];
}) {
  const { session } = useApp();
  const t = useStrings().composer;
  const slash = findSlashCommand(text, caret);
  const isSlashOpen = slash !== null;
  const [canned, setCanned] = useState<readonly TCannedResponse[] | null>(null);
  useEffect(() => {
    if (!isSlashOpen) return;
    let isCurrent = true;
    session.client
      .call('listCannedResponses', { query: {} })
      .then((r) => isCurrent && setCanned(r.cannedResponses))
      .catch(() => isCurrent && setCanned([]));
    return () => {
      isCurrent = false;
    };
  }, [session, isSlashOpen]);

  if (slash) {
    const options = filterCannedResponses(canned ?? [], slash.query);
    return {
      label: t.canned,
      isLoading: canned === null,
      empty: t.noCanned,
      options: options.map((r) => ({
        id: r.id,
        label: `/${r.shortcode} ${r.title}`,
        code: `/${r.shortcode}`,
        title: r.title,
        detail: r.scope === 'personal' ? t.yours : null,
        pick: (): Inserted => insertCannedResponse(text, slash, caret, r.body, cannedContext),
      })),
    };
  }
  const mention = isNote ? mentionQueryAt(text, caret) : null;
  if (mention) {
    const options = suggestMentions(mentionCandidates, mention.query);
    if (options.length === 0) return null;
    return {
      label: t.mention,
      isLoading: false,
      empty: '',
      options: options.map((a) => ({
        id: a.id,
        label: fill(t.mentionName, { name: a.name }),
        code: `@${a.name}`,
        title: '',
        detail: null,
        pick: (): Inserted => insertMention(text, mention.start, caret, a.name),
      })),
    };
  }
  return null;
}

export type ComposerPicker = NonNullable<ReturnType<typeof useComposerPickers>>;

/** The open picker's list, above the text field. */
export function PickerList({ picker, onPick }: { picker: ComposerPicker; onPick: (inserted: Inserted) => void }) {
  const strings = useStrings();
  return (
    <View role="menu" accessibilityLabel={picker.label} style={styles.list}>
      {picker.isLoading ? (
        <Text style={styles.empty}>{strings.common.loading}</Text>
      ) : picker.options.length === 0 ? (
        <Text style={styles.empty}>{picker.empty}</Text>
      ) : (
        picker.options.map((o) => (
          <Pressable
            key={o.id}
            role="menuitem"
            accessibilityLabel={o.label}
            onPress={() => onPick(o.pick())}
            style={({ pressed }) => [styles.item, pressed && styles.pressed]}
          >
            <Text style={styles.code} numberOfLines={1}>
              {o.code}
            </Text>
            {!!o.title && (
              <Text style={styles.title} numberOfLines={1}>
                {o.title}
              </Text>
            )}
            {o.detail && <Text style={styles.detail}>{o.detail}</Text>}
          </Pressable>
        ))
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  list: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 10,
    backgroundColor: colors.card,
    marginBottom: space.s,
    overflow: 'hidden',
  },
  item: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.s,
    paddingHorizontal: space.m,
    paddingVertical: 10,
    borderBottomWidth: StyleSheet.hairlineWidth,
    borderBottomColor: colors.border,
  },
  pressed: { backgroundColor: colors.primarySoft },
  code: { color: colors.primary, fontWeight: '700', fontSize: 14, flexShrink: 0 },
  title: { flex: 1, color: colors.text, fontSize: 14 },
  detail: { color: colors.muted, fontSize: 12 },
  empty: { color: colors.muted, fontSize: 14, padding: space.m },
});
