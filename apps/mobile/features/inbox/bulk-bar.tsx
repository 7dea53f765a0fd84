import type { TBulkConversationChange, TBulkResult } from '@oceras/protocol';
import { useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorMessage } from '@/lib/errors';
import { CATALOGS, fill, plural, type Strings, useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { snoozeUntil } from '../conversation/snooze';
import { colors, space } from '../ui/theme';

type Menu = 'assign' | 'status' | 'snooze' | 'team' | 'tag' | null;

/** What the server refused, per conversation, in a sentence ("2 not changed: assigned to a colleague"). */
function refusals(results: TBulkResult[], strings: Strings) {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return null;
  // The server's reasons are English sentences: in another language, the sentence for each code.
  const codes = strings.errors.codes as Record<string, string | undefined>;
  const isEnglish = strings === CATALOGS.en;
  const reasons = [
    ...new Set(failed.map((r) => (r.ok ? '' : isEnglish ? r.error.message : (codes[r.error.code] ?? r.error.message)))),
  ];
  return fill(strings.bulk.refused, { count: failed.length, reasons: reasons.join('; ') });
}

/**
 * The selected conversations' actions (long-press a row to select): assign to me, status, snooze, team, tag. One
 * request with one change; the server changes each conversation on its own and the answers update the lists.
 */
export function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const app = useApp();
  const strings = useStrings();
  const t = strings.bulk;
  const meId = useStore(app.session.state, (s) => s.agent?.id ?? '');
  // Assigning to a colleague is for managers and admins (the server's policy; it still decides).
  const canAssignOthers = useStore(app.session.state, (s) => s.agent?.role === 'admin' || s.agent?.role === 'manager');
  const agents = useStore(app.inbox.directory.data, (d) => d.agents) ?? [];
  const teams = useStore(app.inbox.directory.data, (d) => d.teams) ?? [];
  const [menu, setMenu] = useState<Menu>(null);
  const [tag, setTag] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const run = async (change: TBulkConversationChange) => {
    setMenu(null);
    setNotice(null);
    setBusy(true);
    try {
      const refused = refusals(await app.inbox.bulkUpdate(ids, change), strings);
      if (refused) setNotice(refused);
      else onDone();
    } catch (err) {
      setNotice(errorMessage(err, strings.common.tryAgainOnline));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (m: Menu) => setMenu((open) => (open === m ? null : m));

  const choices: Record<Exclude<Menu, null | 'tag'>, { label: string; change: TBulkConversationChange }[]> = {
    assign: [
      { label: t.me, change: { assigneeId: meId } },
      { label: t.unassigned, change: { assigneeId: null } },
      ...(canAssignOthers
        ? agents
            .filter((a) => a.id !== meId && !a.isRestricted)
            .map((a) => ({ label: a.name, change: { assigneeId: a.id } }))
        : []),
    ],
    status: [
      { label: strings.statuses.open, change: { status: 'open' } },
      { label: strings.statuses.pending, change: { status: 'pending' } },
      { label: strings.statuses.resolved, change: { status: 'resolved' } },
    ],
    snooze: [
      { label: t.hour, change: { status: 'snoozed', snoozedUntil: snoozeUntil('hour') } },
      { label: t.tomorrow, change: { status: 'snoozed', snoozedUntil: snoozeUntil('tomorrow') } },
      { label: t.week, change: { status: 'snoozed', snoozedUntil: snoozeUntil('week') } },
    ],
    team: [
      { label: t.noTeam, change: { teamId: null } },
      ...teams.map((t) => ({ label: t.name, change: { teamId: t.id } })),
    ],
  };
  const addTag = () => {
    const t = tag.trim().toLowerCase();
    setTag('');
    if (t) void run({ addTags: [t] });
  };

  return (
    <View style={styles.bar} role="toolbar" accessibilityLabel={t.toolbar}>
      <View style={styles.head}>
        <Text role="status" style={styles.count}>
          {isBusy ? t.changing : plural(t.selected, ids.length)}
        </Text>
        <Pressable role="button" accessibilityLabel={t.clearSelection} onPress={onDone} hitSlop={8}>
          <Text style={styles.link}>{strings.common.cancel}</Text>
        </Pressable>
      </View>
      {menu && menu !== 'tag' && (
        <View role="menu" accessibilityLabel={fill(t.choices, { menu: t[menu] })} style={styles.menu}>
          {choices[menu].map((c) => (
            <Pressable
              key={c.label}
              role="menuitem"
              accessibilityLabel={c.label}
              disabled={isBusy}
              onPress={() => void run(c.change)}
              style={({ pressed }) => [styles.menuItem, pressed && styles.pressed]}
            >
              <Text style={styles.menuText}>{c.label}</Text>
            </Pressable>
          ))}
        </View>
      )}
      {menu === 'tag' && (
        <View style={styles.tagRow}>
          <TextInput
            accessibilityLabel={t.tagToAdd}
            placeholder={t.tag}
            placeholderTextColor={colors.placeholder}
            value={tag}
            onChangeText={setTag}
            onSubmitEditing={addTag}
            autoCapitalize="none"
            autoCorrect={false}
            autoFocus
            style={styles.input}
          />
          <Pressable role="button" accessibilityLabel={t.addTag} onPress={addTag} style={styles.menuItem}>
            <Text style={styles.menuText}>{strings.common.add}</Text>
          </Pressable>
        </View>
      )}
      {notice && (
        <Text role="alert" style={styles.error}>
          {notice}
        </Text>
      )}
      <ScrollView horizontal showsHorizontalScrollIndicator={false} contentContainerStyle={styles.actions}>
        <Action label={t.assign} isOpen={menu === 'assign'} onPress={() => toggle('assign')} isDisabled={isBusy} />
        <Action label={t.status} isOpen={menu === 'status'} onPress={() => toggle('status')} isDisabled={isBusy} />
        <Action label={t.snooze} isOpen={menu === 'snooze'} onPress={() => toggle('snooze')} isDisabled={isBusy} />
        {teams.length > 0 && (
          <Action label={t.team} isOpen={menu === 'team'} onPress={() => toggle('team')} isDisabled={isBusy} />
        )}
        <Action label={t.tag} isOpen={menu === 'tag'} onPress={() => toggle('tag')} isDisabled={isBusy} />
      </ScrollView>
    </View>
  );
}

function Action({
  label,
  onPress,
  isOpen,
  isDisabled,
}: {
  label: string;
  onPress: () => void;
  isOpen?: boolean;
  isDisabled: boolean;
}) {
  const t = useStrings().bulk;
  return (
    <Pressable
      role="button"
      accessibilityLabel={isOpen === undefined ? label : fill(t.ofSelected, { label })}
      aria-expanded={isOpen}
      accessibilityState={{ disabled: isDisabled, ...(isOpen === undefined ? {} : { expanded: isOpen }) }}
      disabled={isDisabled}
      onPress={onPress}
      style={[styles.action, isOpen && styles.actionOpen, isDisabled && styles.disabled]}
    >
      <Text style={styles.actionText}>{label}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  bar: {
    backgroundColor: colors.card,
    borderTopWidth: StyleSheet.hairlineWidth,
    borderTopColor: colors.border,
    paddingTop: space.s,
    paddingBottom: space.m,
  },
  head: {
    flexDirection: 'row',
    justifyContent: 'space-between',
    alignItems: 'center',
    paddingHorizontal: space.l,
    marginBottom: space.s,
  },
  count: { fontSize: 15, fontWeight: '700', color: colors.text },
  link: { color: colors.primary, fontSize: 15, fontWeight: '600' },
  menu: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s, paddingHorizontal: space.l, marginBottom: space.s },
  menuItem: {
    minHeight: 36,
    paddingHorizontal: space.m,
    borderRadius: 10,
    backgroundColor: colors.primarySoft,
    justifyContent: 'center',
  },
  menuText: { color: colors.primary, fontWeight: '600', fontSize: 14 },
  pressed: { opacity: 0.7 },
  tagRow: { flexDirection: 'row', gap: space.s, paddingHorizontal: space.l, marginBottom: space.s },
  input: {
    flex: 1,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 10,
    paddingHorizontal: space.m,
    paddingVertical: 6,
    fontSize: 15,
    color: colors.text,
  },
  error: { color: colors.danger, paddingHorizontal: space.l, marginBottom: space.s },
  actions: { gap: space.s, paddingHorizontal: space.l },
  action: {
    minHeight: 38,
    paddingHorizontal: space.m,
    borderRadius: 19,
    borderWidth: 1,
    borderColor: colors.primary,
    justifyContent: 'center',
  },
  actionOpen: { backgroundColor: colors.primarySoft },
  disabled: { opacity: 0.4 },
  actionText: { color: colors.primary, fontWeight: '600', fontSize: 14 },
});
