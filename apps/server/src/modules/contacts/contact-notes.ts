import { CONTACT_LIMITS, type TVisitorNote } from '@oceras/protocol';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { agentLabel } from '../conversations/labels.js';
import { canDeleteNote, canWriteNote } from './contact.policy.js';
import { presentNote } from './contact.presenter.js';
import { deleteNote, findNote, findVisitors, insertNote, listNotes } from './contact.repo.js';

async function visitorOf(services: Services, actor: AgentPrincipal, visitorId: string) {
  const [visitor] = await findVisitors(services.db, actor.organizationId, [visitorId]);
  if (!visitor) throw notFound('visitor');
  return visitor;
}

/** Agents' notes about a contact, newest first: agents only (the visitor's routes never read this table). */
export async function listContactNotes(services: Services, actor: AgentPrincipal, visitorId: string) {
  await visitorOf(services, actor, visitorId);
  const rows = await listNotes(services.db, actor.organizationId, visitorId, { limit: CONTACT_LIMITS.notesListMax });
  return { notes: rows.map(presentNote) };
}

export async function createContactNote(
  services: Services,
  actor: AgentPrincipal,
  visitorId: string,
  body: string,
): Promise<TVisitorNote> {
  const visitor = await visitorOf(services, actor, visitorId);
  if (!canWriteNote(visitor)) throw new AppError('CONFLICT', 'this contact was erased: notes are not kept about them');
  const row = await insertNote(services.db, actor.organizationId, { visitorId, authorId: actor.agentId, body });
  const author = await agentLabel(services.db, actor.organizationId, actor.agentId);
  return presentNote({ ...row, authorName: author?.name ?? null });
}

export async function deleteContactNote(services: Services, actor: AgentPrincipal, visitorId: string, noteId: string) {
  const note = await findNote(services.db, actor.organizationId, visitorId, noteId);
  if (!note) throw notFound('note');
  if (!canDeleteNote(actor, note)) throw forbidden('a note is deleted by its author, a manager or an admin');
  await deleteNote(services.db, actor.organizationId, note.id);
}
