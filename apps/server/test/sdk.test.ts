/**
 * @oceras/sdk as an integrator installs it: the built package (packages/sdk/dist, through its package.json exports),
 * an API token, a real server. Built by `npm run build` before the tests (`npm test` does).
 */
import { ApiError, createOcerasClient, pages } from '@oceras/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let other: Awaited<ReturnType<typeof buildOrganization>>;

beforeAll(async () => {
  server = await startTestServer();
  [org, other] = await Promise.all([buildOrganization(server), buildOrganization(server)]);
});
afterAll(async () => {
  await server?.close();
});

const tokenFor = async (o: typeof org, scopes: ('conversations:read' | 'conversations:write' | 'messages:write')[]) =>
  (await o.api.call('createApiToken', { body: { name: `sdk ${scopes.join(' ')}`, scopes } })).token;

describe('@oceras/sdk against a real server, with an API token', () => {
  it('lists every page of conversations, answers in one, and resolves it', async () => {
    const v = await visitor(server, org.organization.widgetKey, { name: 'Ada' });
    const started = [];
    for (let i = 0; i < 5; i++) started.push(await v.start(`question ${i}`));
    v.close();
    const oceras = createOcerasClient({
      baseUrl: server.baseUrl,
      token: await tokenFor(org, ['conversations:read', 'conversations:write', 'messages:write']),
      headers: { 'user-agent': 'sdk-test/1' },
    });

    const seen: string[][] = [];
    for await (const page of pages((cursor) =>
      oceras.call('listConversations', { query: { view: 'all', limit: 2, cursor } }),
    ))
      seen.push(page.conversations.map((c) => c.id));
    expect(seen.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(new Set(seen.flat())).toEqual(new Set(started.map((c) => c.id)));

    const target = started[0]!;
    const sent = await oceras.call('sendMessage', {
      params: { id: target.id },
      body: { clientId: 'sdk-reply-0001', body: 'Answered from a script.' },
    });
    expect(sent).toMatchObject({ conversationId: target.id, body: 'Answered from a script.' });
    const resolved = await oceras.call('updateConversation', {
      params: { id: target.id },
      body: { status: 'resolved' },
    });
    expect(resolved.status).toBe('resolved');
    const messages = await v.api.call('listVisitorMessages', { params: { id: target.id } });
    expect(messages.messages.map((m) => m.body)).toContain('Answered from a script.');
  });

  it('rejects with an ApiError carrying the status and code: a missing scope, another organization, a bad token', async () => {
    const readOnly = createOcerasClient({
      baseUrl: server.baseUrl,
      token: async () => tokenFor(org, ['conversations:read']),
    });
    const [conversation] = (await readOnly.call('listConversations', { query: { view: 'all' } })).conversations;
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e as ApiError,
      );

    const scope = await refusal(
      readOnly.call('updateConversation', { params: { id: conversation!.id }, body: { status: 'resolved' } }),
    );
    expect(scope).toBeInstanceOf(ApiError);
    expect(scope).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE' });

    const foreign = createOcerasClient({
      baseUrl: server.baseUrl,
      token: await tokenFor(other, ['conversations:read']),
    });
    expect(await refusal(foreign.call('getConversation', { params: { id: conversation!.id } }))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });

    const forged = createOcerasClient({ baseUrl: server.baseUrl, token: 'oce_not-a-token' });
    expect(await refusal(forged.call('listConversations', {}))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

    const invalid = await refusal(
      createOcerasClient({ baseUrl: server.baseUrl, token: await tokenFor(org, ['conversations:read']) }).call(
        'listConversations',
        { query: { limit: 100_000 } },
      ),
    );
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(invalid!.details?.[0]?.path).toBe('querystring/limit');
  });
});
