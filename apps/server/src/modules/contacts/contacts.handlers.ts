import type { SomeHandlers } from '../../plugins/routes.js';
import { createContactNote, deleteContactNote, listContactNotes } from './contact-notes.js';
import { exportContacts } from './export-contacts.js';
import { importContacts } from './import-contacts.js';
import { listContacts } from './list-contacts.js';
import { mergeContacts } from './merge-contacts.js';

/** Contacts (issue 18): the list, merge, notes, and the CSV import and export. The routes keep the name `visitors`. */
export const contactHandlers = {
  async listVisitors({ services, principal, query }) {
    return listContacts(services, principal, query);
  },

  async exportVisitorsCsv({ services, principal }) {
    return exportContacts(services, principal);
  },

  async importVisitorsCsv({ services, principal, body }) {
    return importContacts(services, principal, body.csv);
  },

  async mergeVisitors({ services, principal, params, body }) {
    return mergeContacts(services, principal, params.id, body.intoVisitorId);
  },

  async listVisitorNotes({ services, principal, params }) {
    return listContactNotes(services, principal, params.id);
  },

  async createVisitorNote({ services, principal, params, body }) {
    return createContactNote(services, principal, params.id, body.body);
  },

  async deleteVisitorNote({ services, principal, params }) {
    await deleteContactNote(services, principal, params.id, params.noteId);
    return { ok: true as const };
  },
} satisfies SomeHandlers;
