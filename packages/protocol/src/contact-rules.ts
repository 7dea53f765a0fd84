/**
 * Contacts' limits and rules without zod: the dashboard imports them as `@oceras/protocol/contact-rules` (the schemas
 * in contacts.ts use the same values).
 */
export const CONTACT_LIMITS = {
  queryMax: 100,
  phoneMax: 40,
  companyMax: 120,
  noteMax: 5_000,
  /** GET /visitors/:id/notes answers the newest this many. */
  notesListMax: 200,
  /** The CSV import: its text at most this many characters, and this many rows (the header left out). */
  importCharsMax: 1_000_000,
  importRowsMax: 5_000,
  /** Per-row errors answered at most (the count is always whole). */
  importErrorsMax: 100,
  timeZoneMax: 64,
  pageTitleMax: 300,
} as const;

/** Digits with the usual separators, an optional leading +: `+33 1 23 45 67 89`, `(555) 010-0199`. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ().\-/]*$/;
/** Which contacts the list shows. `identified`: a verified user id; `with-email`: an email known. */
export const CONTACT_FILTERS = ['all', 'identified', 'anonymous', 'with-email', 'erased'] as const;
