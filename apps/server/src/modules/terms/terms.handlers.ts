import type { SomeHandlers } from '../../plugins/routes.js';

export const termsHandlers = {
  /** The operator's links (TERMS_URL, PRIVACY_URL), which sign-up shows (§10: business use, 18 or older). */
  async getPublicConfig({ services }) {
    return { termsUrl: services.env.TERMS_URL ?? null, privacyUrl: services.env.PRIVACY_URL ?? null };
  },
} satisfies SomeHandlers;
