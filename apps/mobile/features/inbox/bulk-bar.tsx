import type { TBulkConversationChange, TBulkResult } from '@oceras/protocol';
import { useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorMessage } from '@/lib/errors';
import { useStore } from '@/lib/store';
import { snoozeUntil } from '../conversation/snooze';
import { colors, space } from '../ui/theme';

type Menu = 'assign' | 'status' | 'snooze' | 'team' | 'tag' | null;

/** What the server refused, per conversation, in a sentence ("2 not changed: assigned to a colleague"). */
function refusals(results: TBulkResult[]) {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return null;
  const reasons = [...new Set(failed.map((r) => (r.ok ? '' : r.error.message)))];
  return `${failed.length} not changed: ${reasons.join('; ')}`;
}

/**
 * The selected conversations' actions (long-press a row to select): assign to me, status, snooze, team, tag. One
 * request with one change; the server changes each conversation on its own and the answers update the lists.
 */
export function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const app = useApp();
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
      const refused = refusals(await app.inbox.bulkUpdate(ids, change));
      if (refused) setNotice(refused);
      else onDone();
    } catch (err) {
      setNotice(errorMessage(err, 'That did not work. Try again when online.'));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (m: Menu) => setMenu((open) => (open === m ? null : m));

  const choices: Record<Exclude<Menu, null | 'tag'>, { label: string; change: TBulkConversationChange }[]> = {
    assign: [
      { label: 'Me', change: { assigneeId: meId } },
      { label: 'Unassigned', change: { assigneeId: null } },
      ...(canAssignOthers
        ? agents
            .filter((a) => a.id !== meId && !a.isRestricted)
            .map((a) => ({ label: a.name, change: { assigneeId: a.id } }))
        : []),
    ],
    status: [
      { label: 'Open', change: { status: 'open' } },
      { label: 'Pending', change: { status: 'pending' } },
      { label: 'Resolved', change: { status: 'resolved' } },
    ],
    snooze: [
      { label: '1 hour', change: { status: 'snoozed', snoozedUntil: snoozeUntil('hour') } },
      { label: 'Tomorrow', change: { status: 'snoozed', snoozedUntil: snoozeUntil('tomorrow') } },
      { label: 'Next week', change: { status: 'snoozed', snoozedUntil: snoozeUntil('week') } },
    ],
    team: [
      { label: 'No team', change: { teamId: null } },
      ...teams.map((t) => ({ label: t.name, change: { teamId: t.id } })),
    ],
  };
  const addTag = () => {
    const t = tag.trim().toLowerCase();
    setTag('');
    if (t) void run({ addTags: [t] });
  };

  return (
    <View style={styles.bar} role="toolbar" accessibilityLabel="Bulk actions">
      <View style={styles.head}>
        <Text role="status" style={styles.count}>
          {isBusy ? 'Changing…' : `${ids.length} selected`}
        </Text>
        <Pressable role="button" accessibilityLabel="Clear selection" onPress={onDone} hitSlop={8}>
          <Text style={styles.link}>Cancel</Text>
        </Pressable>
      </View>
      {menu && menu !== 'tag' && (
        <View role="menu" accessibilityLabel={`${menu} choices`} style={styles.menu}>
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
            accessibilityLabel="Tag to add"
            placeholder="Tag"
            placeholderTextColor={colors.placeholder}
            value={tag}
            onChangeText={setTag}
            onSubmitEditing={addTag}
            autoCapitalize="none"
            autoCorrect={false}
            autoFocus
            style={styles.input}
          />
          <Pressable role="button" accessibilityLabel="Add tag" onPress={addTag} style={styles.menuItem}>
            <Text style={styles.menuText}>Add</Text>
          </Pressable>
        </View>
      )}
      {notice && (
        <Text role="alert" style={styles.error}>
          {notice}
        </Text>
      )}
      <ScrollView horizontal showsHorizontalScrollIndicator={false} contentContainerStyle={styles.actions}>
        <Action label="Assign" isOpen={menu === 'assign'} onPress={() => toggle('assign')} isDisabled={isBusy} />
        <Action label="Status" isOpen={menu === 'status'} onPress={() => toggle('status')} isDisabled={isBusy} />
        <Action label="Snooze" isOpen={menu === 'snooze'} onPress={() => toggle('snooze')} isDisabled={isBusy} />
        {teams.length > 0 && (
          <Action label="Team" isOpen={menu === 'team'} onPress={() => toggle('team')} isDisabled={isBusy} />
        )}
        <Action label="Tag" isOpen={menu === 'tag'} onPress={() => toggle('tag')} isDisabled={isBusy} />
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
  return (
    <Pressable
      role="button"
      accessibilityLabel={isOpen === undefined ? label : `${label} of selected`}
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
