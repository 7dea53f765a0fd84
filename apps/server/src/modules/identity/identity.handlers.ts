import type { SomeHandlers } from '../../plugins/routes.js';
import { rotateIdentitySecret } from './identity-secret.js';

export const identityHandlers = {
  /** Admins (or a token with settings:write): a new identity secret, answered once. */
  async createIdentitySecret({ services, principal }) {
    return rotateIdentitySecret(services, principal);
  },
} satisfies SomeHandlers;
