import type { TConversationStatus, TSavedView, TTeam } from '@oceras/protocol';
import type { ListFilter } from '@oceras/protocol/inbox';
import { savedViewCountLabel } from '@oceras/protocol/saved-view-limits';
import { useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';

type StatusChoice = TConversationStatus | 'unresolved';
const STATUSES: { id: StatusChoice; label: string }[] = [
  { id: 'unresolved', label: 'Not resolved' },
  { id: 'open', label: 'Open' },
  { id: 'pending', label: 'Pending' },
  { id: 'snoozed', label: 'Snoozed' },
  { id: 'resolved', label: 'Resolved' },
];
const ASSIGNEES: { id: ListFilter['view']; label: string }[] = [
  { id: 'mine', label: 'Me' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'Anyone' },
];

/** "Pending · Unassigned · Billing · #vip": what a filter shows, for the filtered list's title. */
export function describeFilter(f: ListFilter, teams: readonly TTeam[]) {
  const parts = [
    STATUSES.find((s) => s.id === (f.status ?? 'unresolved'))?.label ?? 'Any status',
    f.view === 'mine' ? 'Mine' : f.view === 'unassigned' ? 'Unassigned' : 'Anyone',
  ];
  if (f.teamId) parts.push(teams.find((t) => t.id === f.teamId)?.name ?? 'A team');
  if (f.tag) parts.push(`#${f.tag}`);
  return parts.join(' · ');
}

/**
 * The inbox's filters: the saved views (shared and the agent's own, with their counts) and the filters one by one
 * (status, assignee, team, tag), applied together. It replaces the list while open, as search does.
 */
export function FilterPanel({
  current,
  savedViews,
  counts,
  teams,
  onApply,
  onPickView,
  onClose,
}: {
  current: ListFilter | null;
  savedViews: readonly TSavedView[] | null;
  counts: Record<string, number>;
  teams: readonly TTeam[];
  onApply: (filter: ListFilter) => void;
  onPickView: (view: TSavedView) => void;
  onClose: () => void;
}) {
  const [status, setStatus] = useState<StatusChoice>(current?.status ?? 'unresolved');
  const [view, setView] = useState<ListFilter['view']>(current?.view ?? 'all');
  const [teamId, setTeamId] = useState<string | null>(current?.teamId ?? null);
  const [tag, setTag] = useState(current?.tag ?? '');
  const apply = () => {
    const t = tag.trim().toLowerCase();
    onApply({ view, status, ...(teamId ? { teamId } : {}), ...(t ? { tag: t } : {}) });
  };
  return (
    <ScrollView testID="filter-panel" contentContainerStyle={styles.panel} keyboardShouldPersistTaps="handled">
      {!!savedViews?.length && (
        <>
          <Text style={styles.heading}>Saved views</Text>
          <View style={common.card} role="list" accessibilityLabel="Saved views">
            {savedViews.map((v) => {
              const n = counts[v.id];
              return (
                <Pressable
                  key={v.id}
                  role="button"
                  accessibilityLabel={`${v.name}${v.scope === 'shared' ? ' (shared)' : ''}${n === undefined ? '' : `, ${savedViewCountLabel(n)}`}`}
                  onPress={() => onPickView(v)}
                  style={({ pressed }) => [styles.viewRow, pressed && styles.pressed]}
                >
                  <Text style={styles.viewName} numberOfLines={1}>
                    {v.name}
                  </Text>
                  {v.scope === 'shared' && <Text style={styles.shared}>shared</Text>}
                  {n !== undefined && <Text style={styles.count}>{savedViewCountLabel(n)}</Text>}
                </Pressable>
              );
            })}
          </View>
        </>
      )}
      <Text style={styles.heading}>Status</Text>
      <Choices label="Status" options={STATUSES} value={status} onChange={setStatus} />
      <Text style={styles.heading}>Assignee</Text>
      <Choices label="Assignee" options={ASSIGNEES} value={view} onChange={setView} />
      {teams.length > 0 && (
        <>
          <Text style={styles.heading}>Team</Text>
          <Choices
            label="Team"
            options={[{ id: '', label: 'Any team' }, ...teams.map((t) => ({ id: t.id, label: t.name }))]}
            value={teamId ?? ''}
            onChange={(id) => setTeamId(id || null)}
          />
        </>
      )}
      <Text style={styles.heading}>Tag</Text>
      <TextInput
        accessibilityLabel="Tag"
        placeholder="Any tag"
        placeholderTextColor={colors.placeholder}
        value={tag}
        onChangeText={setTag}
        autoCapitalize="none"
        autoCorrect={false}
        onSubmitEditing={apply}
        style={styles.input}
      />
      <View style={styles.buttons}>
        <Button title="Cancel" variant="ghost" onPress={onClose} />
        <Button title="Show conversations" onPress={apply} />
      </View>
    </ScrollView>
  );
}

/** One choice among a few, as chips (radio buttons). */
export function Choices<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { id: T; label: string }[];
  value: T;
  onChange: (id: T) => void;
}) {
  return (
    <View role="radiogroup" accessibilityLabel={label} style={styles.chips}>
      {options.map((o) => {
        const isOn = o.id === value;
        return (
          <Pressable
            key={o.id}
            role="radio"
            aria-checked={isOn}
            accessibilityLabel={`${label}: ${o.label}`}
            accessibilityState={{ checked: isOn }}
            onPress={() => onChange(o.id)}
            style={[common.chip, isOn && common.chipOn]}
          >
            <Text style={isOn ? common.chipTextOn : common.chipText}>{o.label}</Text>
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  panel: { paddingBottom: space.xl },
  heading: { ...common.sectionTitle, marginTop: space.l, marginBottom: space.s },
  viewRow: { flexDirection: 'row', alignItems: 'center', gap: space.s, paddingVertical: space.s },
  pressed: { opacity: 0.6 },
  viewName: { flex: 1, fontSize: 16, color: colors.text, fontWeight: '500' },
  shared: { fontSize: 12, color: colors.muted },
  count: {
    minWidth: 24,
    paddingHorizontal: 6,
    borderRadius: 10,
    backgroundColor: colors.primarySoft,
    color: colors.primary,
    fontWeight: '700',
    fontSize: 12,
    textAlign: 'center',
  },
  chips: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s, marginHorizontal: space.l },
  input: {
    marginHorizontal: space.l,
    backgroundColor: colors.card,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 10,
    paddingHorizontal: space.m,
    paddingVertical: 8,
    fontSize: 15,
    color: colors.text,
  },
  buttons: { flexDirection: 'row', justifyContent: 'flex-end', gap: space.s, margin: space.l },
});
