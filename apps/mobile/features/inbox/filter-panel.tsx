import type { TConversationStatus, TSavedView, TSavedViewScope, TTeam } from '@oceras/protocol';
import type { ListFilter } from '@oceras/protocol/inbox';
import { SAVED_VIEW_LIMITS, savedViewCountLabel } from '@oceras/protocol/saved-view-limits';
import { useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorMessage } from '@/lib/errors';
import { fill, type Strings, useStrings } from '@/lib/i18n/i18n';
import { savedViewFilter } from '@/lib/inbox-sync';
import { useStore } from '@/lib/store';
import { type PanelFilter, viewFiltersWith } from '@/lib/view-filters';
import { Button } from '../ui/button';
import { Choices } from '../ui/choices';
import { colors, common, space } from '../ui/theme';

type StatusChoice = TConversationStatus | 'unresolved';
const STATUSES: readonly StatusChoice[] = ['unresolved', 'open', 'pending', 'snoozed', 'resolved'];
const ASSIGNEES: readonly ListFilter['view'][] = ['mine', 'unassigned', 'all'];

const statusLabel = (t: Strings, s: StatusChoice) => (s === 'unresolved' ? t.filters.notResolved : t.statuses[s]);
const assigneeLabel = (t: Strings['filters'], v: ListFilter['view']) =>
  v === 'mine' ? t.me : v === 'unassigned' ? t.unassigned : t.anyone;

/** "Pending · Unassigned · Billing · #vip": what a filter shows, for the filtered list's title. */
export function describeFilter(f: ListFilter, teams: readonly TTeam[], strings: Strings) {
  const t = strings.filters;
  const parts = [
    statusLabel(strings, f.status ?? 'unresolved'),
    f.view === 'mine' ? t.mine : f.view === 'unassigned' ? t.unassigned : t.anyone,
  ];
  if (f.teamId) parts.push(teams.find((x) => x.id === f.teamId)?.name ?? t.aTeam);
  if (f.tag) parts.push(`#${f.tag}`);
  return parts.join(' · ');
}

/** Managers and admins manage the shared views (the server's rule, apps/server/src/lib/owner-scope.ts). */
const canManageShared = (role: string | undefined) => role === 'admin' || role === 'manager';

/**
 * The inbox's filters: the saved views (shared and the agent's own, with their counts) and the filters one by one
 * (status, assignee, team, tag), applied together. The filters chosen can be saved as a view (personal; shared too
 * for managers and admins), and a view the agent may change renamed, given the filters chosen, or deleted. It replaces the list while open,
 * as search does.
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
  const strings = useStrings();
  const t = strings.filters;
  const app = useApp();
  const role = useStore(app.session.state, (s) => s.agent?.role);
  const [status, setStatus] = useState<StatusChoice>(current?.status ?? 'unresolved');
  const [view, setView] = useState<ListFilter['view']>(current?.view ?? 'all');
  const [teamId, setTeamId] = useState<string | null>(current?.teamId ?? null);
  const [tag, setTag] = useState(current?.tag ?? '');
  const [editing, setEditing] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const filter = (): ListFilter => {
    const t = tag.trim().toLowerCase();
    return { view, status, ...(teamId ? { teamId } : {}), ...(t ? { tag: t } : {}) };
  };
  const apply = () => onApply(filter());
  return (
    <ScrollView testID="filter-panel" contentContainerStyle={styles.panel} keyboardShouldPersistTaps="handled">
      {!!savedViews?.length && (
        <>
          <Text style={styles.heading}>{t.savedViews}</Text>
          <View style={common.card} role="list" accessibilityLabel={t.savedViews}>
            {savedViews.map((v) => {
              const n = counts[v.id];
              const canWrite = v.scope === 'personal' || canManageShared(role);
              if (editing === v.id)
                return (
                  <ViewEditor
                    key={v.id}
                    view={v}
                    panel={filter()}
                    teams={teams}
                    onDone={() => setEditing(null)}
                    onFiltersSaved={(saved) => {
                      setEditing(null);
                      onPickView(saved);
                    }}
                  />
                );
              return (
                <View key={v.id} style={styles.viewLine}>
                  <Pressable
                    role="button"
                    accessibilityLabel={`${v.name}${v.scope === 'shared' ? t.sharedSuffix : ''}${n === undefined ? '' : `, ${savedViewCountLabel(n)}`}`}
                    onPress={() => onPickView(v)}
                    style={({ pressed }) => [styles.viewRow, pressed && styles.pressed]}
                  >
                    <Text style={styles.viewName} numberOfLines={1}>
                      {v.name}
                    </Text>
                    {v.scope === 'shared' && <Text style={styles.shared}>{t.shared}</Text>}
                    {n !== undefined && <Text style={styles.count}>{savedViewCountLabel(n)}</Text>}
                  </Pressable>
                  {canWrite && (
                    <Pressable
                      role="button"
                      accessibilityLabel={fill(strings.savedViews.editLabel, { name: v.name })}
                      onPress={() => setEditing(v.id)}
                      hitSlop={8}
                    >
                      <Text style={styles.link}>{strings.savedViews.edit}</Text>
                    </Pressable>
                  )}
                </View>
              );
            })}
          </View>
        </>
      )}
      <Text style={styles.heading}>{t.status}</Text>
      <Choices
        label={t.status}
        options={STATUSES.map((id) => ({ id, label: statusLabel(strings, id) }))}
        value={status}
        onChange={setStatus}
      />
      <Text style={styles.heading}>{t.assignee}</Text>
      <Choices
        label={t.assignee}
        options={ASSIGNEES.map((id) => ({ id, label: assigneeLabel(t, id) }))}
        value={view}
        onChange={setView}
      />
      {teams.length > 0 && (
        <>
          <Text style={styles.heading}>{t.team}</Text>
          <Choices
            label={t.team}
            options={[{ id: '', label: t.anyTeam }, ...teams.map((x) => ({ id: x.id, label: x.name }))]}
            value={teamId ?? ''}
            onChange={(id) => setTeamId(id || null)}
          />
        </>
      )}
      <Text style={styles.heading}>{t.tag}</Text>
      <TextInput
        accessibilityLabel={t.tag}
        placeholder={t.anyTag}
        placeholderTextColor={colors.placeholder}
        value={tag}
        onChangeText={setTag}
        autoCapitalize="none"
        autoCorrect={false}
        onSubmitEditing={apply}
        style={styles.input}
      />
      {isSaving ? (
        <SaveViewForm
          filter={filter()}
          canShare={canManageShared(role)}
          onCancel={() => setIsSaving(false)}
          onSaved={(v) => {
            setIsSaving(false);
            onPickView(v);
          }}
        />
      ) : (
        <>
          <View style={styles.buttons}>
            <Button title={strings.common.cancel} variant="ghost" onPress={onClose} />
            <Button title={t.show} onPress={apply} />
          </View>
          <View style={styles.saveRow}>
            <Button title={strings.savedViews.saveAs} variant="secondary" onPress={() => setIsSaving(true)} />
          </View>
        </>
      )}
    </ScrollView>
  );
}

/** "Save as view": the filters chosen in the panel under a name, the agent's own or (managers, admins) shared. */
function SaveViewForm({
  filter,
  canShare,
  onCancel,
  onSaved,
}: {
  filter: ListFilter;
  canShare: boolean;
  onCancel: () => void;
  onSaved: (view: TSavedView) => void;
}) {
  const strings = useStrings();
  const t = strings.savedViews;
  const app = useApp();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TSavedViewScope>('personal');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const save = async () => {
    if (!name.trim()) return setError(t.nameRequired);
    setIsBusy(true);
    setError(null);
    try {
      onSaved(await app.inbox.directory.createSavedView(name.trim(), scope, filter));
    } catch (err) {
      setError(errorMessage(err));
      setIsBusy(false);
    }
  };
  return (
    <View style={[common.card, styles.form]} testID="save-view-form">
      <Text style={common.label}>{t.name}</Text>
      <TextInput
        accessibilityLabel={t.name}
        placeholder={t.namePlaceholder}
        placeholderTextColor={colors.placeholder}
        value={name}
        onChangeText={setName}
        maxLength={SAVED_VIEW_LIMITS.nameMax}
        autoFocus
        onSubmitEditing={() => void save()}
        style={common.input}
      />
      {canShare && (
        <>
          <Text style={[common.label, styles.formGap]}>{t.who}</Text>
          <Choices
            label={t.who}
            options={[
              { id: 'personal' as const, label: t.personal },
              { id: 'shared' as const, label: t.sharedScope },
            ]}
            value={scope}
            onChange={setScope}
            isInCard
          />
        </>
      )}
      {error && (
        <Text role="alert" style={common.error}>
          {error}
        </Text>
      )}
      <View style={styles.formButtons}>
        <Button title={strings.common.cancel} variant="ghost" onPress={onCancel} />
        <Button title={t.create} onPress={() => void save()} isBusy={isBusy} />
      </View>
    </View>
  );
}

/**
 * A saved view the agent may change: renamed, its filters replaced by those chosen in the panel (what it
 * filters on is shown, and the filters that no longer apply, with why), or deleted after a confirmation.
 */
function ViewEditor({
  view,
  panel,
  teams,
  onDone,
  onFiltersSaved,
}: {
  view: TSavedView;
  /** The filters chosen in the panel now. */
  panel: PanelFilter;
  teams: readonly TTeam[];
  onDone: () => void;
  onFiltersSaved: (view: TSavedView) => void;
}) {
  const strings = useStrings();
  const t = strings.savedViews;
  const app = useApp();
  const [name, setName] = useState(view.name);
  const [isConfirming, setIsConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setIsBusy(true);
    setError(null);
    try {
      await action();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setIsBusy(false);
    }
  };
  const saveFilters = () =>
    run(async () =>
      onFiltersSaved(await app.inbox.directory.updateSavedViewFilters(view.id, viewFiltersWith(view, panel))),
    );
  const rename = () => {
    if (!name.trim()) return setError(t.nameRequired);
    if (name.trim() === view.name) return onDone();
    void run(() => app.inbox.directory.renameSavedView(view.id, name.trim()));
  };
  return (
    <View style={styles.form} testID="view-editor">
      <TextInput
        accessibilityLabel={t.name}
        value={name}
        onChangeText={setName}
        maxLength={SAVED_VIEW_LIMITS.nameMax}
        autoFocus
        onSubmitEditing={rename}
        style={common.input}
      />
      <Text style={styles.viewFilters}>
        {fill(t.filtersOf, { filters: describeFilter(savedViewFilter(view), teams, strings) })}
      </Text>
      {view.inapplicableFilters.length > 0 && (
        <View role="alert" accessibilityLabel={t.stale}>
          <Text style={styles.viewFilters}>{t.stale}</Text>
          {view.inapplicableFilters.map((p) => (
            <Text key={p.key} style={styles.stale}>
              {p.code === 'field_missing'
                ? fill(t.fieldDeleted, { field: p.key })
                : fill(t.notAValue, { field: p.key, value: view.filters.fields?.[p.key] ?? '' })}
            </Text>
          ))}
        </View>
      )}
      {!isConfirming && (
        <View style={styles.useFilters}>
          <Button title={t.useFilters} variant="secondary" onPress={() => void saveFilters()} isBusy={isBusy} />
        </View>
      )}
      {isConfirming && (
        <Text role="alert" style={styles.confirm}>
          {fill(t.confirmDelete, { name: view.name })}
        </Text>
      )}
      {error && (
        <Text role="alert" style={common.error}>
          {error}
        </Text>
      )}
      <View style={styles.formButtons}>
        {isConfirming ? (
          <>
            <Button title={strings.common.cancel} variant="ghost" onPress={() => setIsConfirming(false)} />
            <Button
              title={strings.common.delete}
              variant="danger"
              accessibilityLabel={fill(t.deleteLabel, { name: view.name })}
              isBusy={isBusy}
              onPress={() => void run(() => app.inbox.directory.deleteSavedView(view.id))}
            />
          </>
        ) : (
          <>
            <Button
              title={strings.common.delete}
              variant="danger"
              accessibilityLabel={fill(t.deleteLabel, { name: view.name })}
              onPress={() => setIsConfirming(true)}
            />
            <View style={styles.spacer} />
            <Button title={strings.common.cancel} variant="ghost" onPress={onDone} />
            <Button title={t.rename} onPress={rename} isBusy={isBusy} />
          </>
        )}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  panel: { paddingBottom: space.xl },
  heading: { ...common.sectionTitle, marginTop: space.l, marginBottom: space.s },
  viewLine: { flexDirection: 'row', alignItems: 'center', gap: space.m },
  viewRow: { flex: 1, flexDirection: 'row', alignItems: 'center', gap: space.s, paddingVertical: space.s },
  pressed: { opacity: 0.6 },
  viewName: { flex: 1, fontSize: 16, color: colors.text, fontWeight: '500' },
  shared: { fontSize: 12, color: colors.muted },
  link: { color: colors.primary, fontSize: 14, fontWeight: '600' },
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
  viewFilters: { marginTop: space.s, fontSize: 13, color: colors.muted },
  stale: { fontSize: 13, color: colors.danger },
  useFilters: { marginTop: space.s, alignItems: 'flex-start' },
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
  buttons: { flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'flex-end', gap: space.s, margin: space.l },
  saveRow: { flexDirection: 'row', justifyContent: 'flex-end', marginHorizontal: space.l },
  spacer: { flex: 1 },
  form: { paddingVertical: space.s, gap: space.s },
  formGap: { marginTop: space.s },
  formButtons: { flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'flex-end', gap: space.s },
  confirm: { color: colors.danger, fontSize: 14 },
});
