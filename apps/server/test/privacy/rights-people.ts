import { asSignedIn } from '@oceras/protocol';
/**
 * People whose every trace is unique (name, email, IP address, browser, words), so that a dump of the database can
 * be searched for them after an erasure without matching anyone else. Requests carry their own address through
 * X-Forwarded-For: the test server runs with TRUST_PROXY=1.
 */
import { createClient, type OcerasClient } from '@oceras/protocol/client';
import { storedAvatarKey } from '../../src/modules/agents/avatars.js';
import { files, put } from '../attachments-kit.js';
import type { TestServer } from '../helpers.js';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
/** 198.51.100.0/22 (documentation ranges), both last octets three digits: no address is part of another. */
let host = 0;
const nextAddress = () => {
  const i = host++;
  return `198.51.${100 + (Math.floor(i / 100) % 100)}.${100 + (i % 100)}`;
};

export interface Traces {
  name: string;
  email: string;
  ip: string;
  userAgent: string;
}

function traces(kind: string): Traces {
  const id = unique();
  return {
    name: `Quenby ${kind} Marchetti-${id}`,
    email: `quenby.${kind}.${id}@rights.test`,
    ip: nextAddress(),
    userAgent: `RightsTest/${id} (${kind}; Erasable)`,
  };
}

const clientFor = (server: TestServer, who: Traces, token?: () => string) =>
  createClient({
    baseUrl: server.baseUrl,
    getToken: token,
    headers: { 'x-forwarded-for': who.ip, 'user-agent': who.userAgent },
  });

/** A visitor who gave their name and email, from their own address and browser, with one conversation started. */
export async function identifiedVisitor(server: TestServer, widgetKey: string) {
  const who = traces('visitor');
  const session = await clientFor(server, who).call('createWidgetSession', {
    body: { widgetKey, name: who.name, email: who.email },
  });
  const api = clientFor(server, who, () => session.sessionToken);
  let m = 0;
  const words: string[] = [];
  const clientId = () => `rights-${unique()}-${m++}`;
  const start = async () => {
    const text = `my parcel ${unique()} never arrived`;
    words.push(text);
    return api.call('startConversation', {
      body: { clientId: clientId(), message: { clientId: clientId(), body: text } },
    });
  };
  const conversation = await start();
  const say = async (conversationId: string) => {
    const text = `still waiting for ${unique()} please`;
    words.push(text);
    return api.call('sendVisitorMessage', {
      params: { id: conversationId },
      body: { clientId: clientId(), body: text },
    });
  };
  return { ...who, id: session.visitorId, token: session.sessionToken, api, conversation, start, say, words };
}
export type IdentifiedVisitor = Awaited<ReturnType<typeof identifiedVisitor>>;

/** Everything of the visitor's own that an erasure must remove, for the dump. */
export const visitorTraces = (v: IdentifiedVisitor): Record<string, string> => ({
  name: v.name,
  email: v.email,
  ip: v.ip,
  userAgent: v.userAgent,
  ...Object.fromEntries(v.words.map((w, i) => [`message ${i}`, w])),
});

/** An agent invited by `admin`, signed in from their own address and browser, with an avatar. */
export async function identifiedAgent(
  server: TestServer,
  admin: OcerasClient,
  role: 'admin' | 'manager' | 'agent' = 'agent',
) {
  const who = traces(role);
  const password = 'a long agent password';
  const invite = await admin.call('createInvitation', { body: { email: who.email, role } });
  const auth = await clientFor(server, who).call('acceptInvitation', {
    body: { token: invite.inviteUrl!.split('#token=')[1]!, name: who.name, password },
  });
  let token = auth.accessToken;
  const api = clientFor(server, who, () => token);
  const { avatarUrl, avatarKey } = await uploadAvatar(server, api, auth.organization.id);
  return {
    ...who,
    id: auth.agent.id,
    password,
    avatarUrl,
    /** Where the avatar's file is in the storage: erasure deletes it. */
    avatarKey,
    api,
    auth,
    /** A sign-in with a wrong password from their address: it leaves a sign-in counter (email hash, address). */
    async mistypePassword() {
      await clientFor(server, who)
        .call('login', { body: { email: who.email, password: 'not the password' } })
        .catch(() => undefined);
    },
    /** Signs in again (a second session, from the same address). */
    async signInAgain() {
      const again = asSignedIn(await clientFor(server, who).call('login', { body: { email: who.email, password } }));
      token = again.accessToken;
      return again;
    },
  };
}
export type IdentifiedAgent = Awaited<ReturnType<typeof identifiedAgent>>;

/** A streamed export, fetched raw: its headers and its JSON. */
export async function download(server: TestServer, path: string, token: string) {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { res, text, json: res.ok ? (JSON.parse(text) as unknown) : null };
}

/** Uploads a PNG and makes it the agent's avatar, as the apps do: the URL Oceras serves it at, and its storage key. */
export async function uploadAvatar(server: TestServer, api: OcerasClient, organizationId: string) {
  const png = await files.png(300, 200);
  const upload = await api.call('createUpload', {
    body: { fileName: 'me.png', contentType: 'image/png', size: png.length },
  });
  const sent = await put(server, upload, png);
  if (sent.status !== 204) throw new Error(`avatar upload: ${sent.status}`);
  const me = await api.call('updateMe', { body: { avatarAttachmentId: upload.attachmentId } });
  const avatarUrl = me.avatarUrl!;
  return { avatarUrl, avatarKey: storedAvatarKey({ organizationId, id: me.id, avatarUrl })! };
}

/** Whether the storage still holds this file (either driver). */
export const hasFile = async (server: TestServer, key: string) =>
  (await server.services.storage.inspect(key, 1)) !== null;
