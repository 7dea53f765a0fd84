import type { RouteBody, RouteName, RouteQuery, RouteResponse } from '@oceras/protocol';

/**
 * A REST error with the server's stable code; `status` 0 means the network failed. `retryAfterMs` is the server's
 * `retry-after` (rate limits, a busy database), which the shared retry rule honours (SPEC R13).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const PATHS = {
  getWidgetConfig: ['GET', '/api/v1/widget/config'],
  createWidgetSession: ['POST', '/api/v1/widget/sessions'],
  revokeWidgetSession: ['DELETE', '/api/v1/widget/sessions/current'],
  identifyVisitor: ['PATCH', '/api/v1/widget/visitor'],
  listVisitorConversations: ['GET', '/api/v1/widget/conversations'],
  startConversation: ['POST', '/api/v1/widget/conversations'],
  listVisitorMessages: ['GET', '/api/v1/widget/conversations/:id/messages'],
  sendVisitorMessage: ['POST', '/api/v1/widget/conversations/:id/messages'],
  markVisitorRead: ['PUT', '/api/v1/widget/conversations/:id/read'],
  createVisitorUpload: ['POST', '/api/v1/widget/uploads'],
  rateConversation: ['POST', '/api/v1/widget/conversations/:id/rating'],
  setConversationTranscript: ['PUT', '/api/v1/widget/conversations/:id/transcript'],
} as const satisfies Partial<Record<RouteName, readonly [string, string]>>;
type WidgetRoute = keyof typeof PATHS;

/** The widget's few REST calls, typed from the protocol's route table without bundling it (types only). */
export async function call<N extends WidgetRoute>(
  name: N,
  args: { token?: string | null; id?: string; body?: RouteBody<N>; query?: RouteQuery<N> } = {},
): Promise<RouteResponse<N>> {
  const [method, template] = PATHS[name];
  let url = template.replace(':id', encodeURIComponent(args.id ?? ''));
  if (args.query) url += `?${new URLSearchParams(args.query as Record<string, string>)}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (args.token) headers.authorization = `Bearer ${args.token}`;
  if (args.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: args.body === undefined ? undefined : JSON.stringify(args.body) });
  } catch {
    throw new HttpError(0, 'NETWORK', 'network error');
  }
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after')) * 1000;
    const code = json?.error?.code ?? 'INTERNAL';
    throw new HttpError(
      res.status,
      code,
      json?.error?.message ?? res.statusText,
      retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return json as RouteResponse<N>;
}
