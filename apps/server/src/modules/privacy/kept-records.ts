import type { TAttachmentRecord, TConsentRecord } from '@oceras/protocol';
import type { Services } from '../../services.js';

/**
 * Records about a visitor that other features keep, listed in their export. Both are built in parallel with this
 * module; each is one line to wire at merge.
 */

/** TODO(issue 14): the visitor's attachments (name, type, size; never the content). */
export async function* attachmentsOf(
  _services: Services,
  _organizationId: string,
  _visitorId: string,
): AsyncGenerator<TAttachmentRecord> {}

/** TODO(issue 15, retention half): the pre-chat consents the visitor gave (time, policy URL and version). */
export async function* consentsOf(
  _services: Services,
  _organizationId: string,
  _visitorId: string,
): AsyncGenerator<TConsentRecord> {}
