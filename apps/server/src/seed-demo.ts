import { randomBytes } from 'node:crypto';
import type { TAuthResponse, TWidgetSessionResponse } from '@oceras/protocol';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { query } from './db/client.js';
import { agents } from './db/schema.js';
import { unloggedRequestHeaders } from './lib/logger.js';
import type { Services } from './services.js';

export const DEMO_ADMIN_EMAIL = 'admin@demo.oceras.local';

/**
 * First start on an empty database: a demo organization with a few conversations, made through the public API
 * like any client would (its requests stay out of the request log). Returns the credentials to print, or null
 * when the database already holds data. The password is `password` if given (DEMO_ADMIN_PASSWORD), else random.
 */
export async function seedDemo(app: FastifyInstance, services: Services, options: { password?: string } = {}) {
  const [row] = await query<{ n: number }>(services.db, sql`select count(*)::int as n from organizations`);
  if (Number(row?.n ?? 0) > 0) return null;
  const password = options.password ?? randomBytes(9).toString('base64url');
  const email = DEMO_ADMIN_EMAIL;
  const call = async <T>(method: 'POST' | 'PATCH', url: string, payload: unknown, token?: string) => {
    const res = await app.inject({
      method,
      url,
      payload: payload as object,
      headers: { ...unloggedRequestHeaders, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    if (res.statusCode >= 300) throw new Error(`demo seed: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json() as T;
  };
  const admin = await call<TAuthResponse>('POST', '/api/v1/auth/signup', {
    organizationName: 'Demo Company',
    slug: 'demo',
    name: 'Demo Admin',
    email,
    password,
  });
  const visitors = [
    {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      lines: ['Hi! Can I change the email on my account?', 'It is ada@example.com now.'],
    },
    {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      lines: ['Your pricing page says 14 days trial, is it 30 for nonprofits?'],
    },
    { name: undefined, email: undefined, lines: ['Hello, is anyone there?'] },
  ];
  let i = 0;
  for (const v of visitors) {
    const s = await call<TWidgetSessionResponse>('POST', '/api/v1/widget/sessions', {
      widgetKey: admin.organization.widgetKey,
      ...(v.name ? { name: v.name, email: v.email } : {}),
    });
    const conv = await call<{ id: string }>(
      'POST',
      '/api/v1/widget/conversations',
      { clientId: `demo-conv-${i}` },
      s.sessionToken,
    );
    for (const [j, body] of v.lines.entries()) {
      await call(
        'POST',
        `/api/v1/widget/conversations/${conv.id}/messages`,
        { clientId: `demo-msg-${i}-${j}`, body },
        s.sessionToken,
      );
    }
    if (i === 0) {
      await call(
        'POST',
        `/api/v1/conversations/${conv.id}/messages`,
        { clientId: 'demo-reply-0', body: 'Hi Ada, sure: what should the new address be?' },
        admin.accessToken,
      );
    }
    i++;
  }
  return { email, password, widgetKey: admin.organization.widgetKey };
}

/** Whether the demo admin exists (a later start reminds how to sign in as it). */
export async function hasDemoAdmin(services: Services) {
  const [agent] = await services.db
    .select({ id: agents.id })
    .from(agents)
    .where(eq(agents.email, DEMO_ADMIN_EMAIL))
    .limit(1);
  return agent !== undefined;
}
