import type { SomeHandlers } from '../../plugins/routes.js';
import { createUpload } from './create-upload.js';

export const attachmentHandlers = {
  async createUpload({ services, principal, body }) {
    return createUpload(services, principal.organizationId, { type: 'agent', id: principal.agentId }, body);
  },

  async createVisitorUpload({ services, principal, body }) {
    return createUpload(services, principal.organizationId, { type: 'visitor', id: principal.visitorId }, body);
  },
} satisfies SomeHandlers;
