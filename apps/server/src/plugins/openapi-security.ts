import type { RouteAuth } from '@oceras/protocol';

/**
 * The credentials the API takes, each its own OpenAPI security scheme: all three are `Authorization: Bearer`, but
 * an integrator must know which one a route wants (an API token is refused on account routes, an agent's token on
 * the widget's).
 */
export const SECURITY_SCHEMES = {
  agentSession: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A signed-in agent's access token (`accessToken` of POST /api/v1/auth/login; 15 minutes, renewed with POST /api/v1/auth/refresh).",
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'oce_…',
    description:
      "An API token (POST /api/v1/api-tokens): a route's scope must be among its scopes, and it never does more than its creator's role allows.",
  },
  visitorSession: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'vs_…',
    description: "A widget visitor's session token (`sessionToken` of POST /api/v1/widget/sessions).",
  },
  inboundEmailSecret: {
    type: 'http',
    scheme: 'bearer',
    description: "The server's INBOUND_EMAIL_SECRET, for the mail relay that forwards replies.",
  },
} as const;

type Scheme = keyof typeof SECURITY_SCHEMES;
const only = (...schemes: Scheme[]) => schemes.map((s) => ({ [s]: [] as string[] }));

/** Which credentials a route of the table takes (any one of them); none for a public route. */
export function securityOf(auth: RouteAuth): Record<string, string[]>[] | undefined {
  if (auth.kind === 'public') return undefined;
  if (auth.kind === 'visitor') return only('visitorSession');
  return auth.scope ? only('agentSession', 'apiToken') : only('agentSession');
}

export const inboundEmailSecurity = only('inboundEmailSecret');
