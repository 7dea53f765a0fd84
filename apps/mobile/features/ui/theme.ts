import { StyleSheet } from 'react-native';

export const colors = {
  bg: '#f5f6fa',
  card: '#ffffff',
  text: '#161a2b',
  muted: '#6b7088',
  /** Placeholders: clearly lighter than typed text (colors.text), so an empty field does not look filled in. */
  placeholder: '#a0a5b8',
  border: '#e3e5ee',
  /** The dashboard's accent (apps/dashboard/src/styles.css --accent, its favicon and brand mark). */
  primary: '#1f4fd8',
  primaryText: '#ffffff',
  primarySoft: '#e8eefc',
  note: '#fff6d6',
  noteBorder: '#f0d77a',
  danger: '#c62a3a',
  success: '#16a34a',
  warning: '#d97706',
  /** Small text saying something checked out, and a warning's: the dashboard's (--ok; .email-auth-warning), at
   * least 4.5:1 on white and on their soft background. */
  okText: '#17804a',
  warningText: '#8a4b00',
  warningSoft: '#fff1d6',
  warningBorder: '#f0b35b',
  offline: '#475063',
};

export const space = { xs: 4, s: 8, m: 12, l: 16, xl: 24 };

export const common = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.bg },
  card: {
    backgroundColor: colors.card,
    borderRadius: 12,
    borderWidth: StyleSheet.hairlineWidth,
    borderColor: colors.border,
    padding: space.l,
    marginHorizontal: space.l,
    marginTop: space.m,
  },
  sectionTitle: {
    fontSize: 13,
    fontWeight: '600',
    color: colors.muted,
    textTransform: 'uppercase',
    letterSpacing: 0.5,
    marginHorizontal: space.l,
    marginTop: space.xl,
  },
  label: { fontSize: 13, color: colors.muted, marginBottom: 4 },
  value: { fontSize: 16, color: colors.text },
  row: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', paddingVertical: space.s },
  muted: { color: colors.muted },
  error: { color: colors.danger, marginTop: space.s },
  /** Options to tap (a choice, a filter, a tag): a row that wraps, each a rounded chip, the chosen one filled. */
  chips: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s },
  chip: {
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.card,
    borderRadius: 16,
    paddingHorizontal: space.m,
    paddingVertical: 6,
  },
  chipOn: { backgroundColor: colors.primary, borderColor: colors.primary },
  chipText: { color: colors.text },
  chipTextOn: { color: colors.primaryText, fontWeight: '600' },
  /** A text field inside a card. */
  input: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    paddingHorizontal: space.m,
    paddingVertical: space.s,
    fontSize: 16,
    color: colors.text,
  },
});
