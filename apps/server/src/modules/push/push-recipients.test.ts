/** The recipient rule on its own: rows in, pushes out (push-recipients.ts, rules R1–R13). */
import { describe, expect, it } from 'vitest';
import {
  composePushes,
  isPushable,
  PUSH_BODY_MAX,
  type PushConversation,
  type PushDevice,
  type PushMessage,
  pushRecipients,
  recipientAgents,
  shorten,
} from './push-recipients.js';

const ORG = 'org-1';
const OTHER_ORG = 'org-2';

const conversation = (over: Partial<PushConversation> = {}): PushConversation => ({
  id: 'conv-1',
  organizationId: ORG,
  assigneeId: null,
  number: 7,
  who: 'Vera',
  isVisitorRestricted: false,
  ...over,
});

let nextMessage = 0;
const message = (over: Partial<PushMessage> = {}): PushMessage => ({
  id: `msg-${nextMessage++}`,
  conversationId: 'conv-1',
  type: 'message',
  author: { type: 'visitor' },
  body: 'Hello',
  ...over,
});

const device = (agentId: string, over: Partial<PushDevice> = {}): PushDevice => ({
  deviceId: `${agentId}-phone`,
  agentId,
  organizationId: ORG,
  availability: 'online',
  settings: {},
  isRemoved: false,
  isRestricted: false,
  isPermissionDenied: false,
  ...over,
});

/** The (agent, device) pairs told about each message, in order. */
function recipients(
  input: {
    messages?: PushMessage[];
    conversations?: PushConversation[];
    devices: PushDevice[];
    viewers?: Record<string, string[]>;
  },
  organizationId = ORG,
) {
  return pushRecipients({
    organizationId,
    messages: input.messages ?? [message()],
    conversations: input.conversations ?? [conversation()],
    devices: input.devices,
    viewers: new Map(Object.entries(input.viewers ?? {}).map(([id, agents]) => [id, new Set(agents)])),
  }).map((r) => `${r.message.id}:${r.deviceId}`);
}

describe('R1: only a visitor message is pushed', () => {
  it("never a note, an agent's reply or a system line", () => {
    const devices = [device('ana')];
    const visitor = message();
    const note = message({ type: 'note', author: { type: 'agent' } });
    const reply = message({ author: { type: 'agent' } });
    const system = message({ type: 'system', author: { type: 'system' } });
    expect(recipients({ messages: [note, reply, system, visitor], devices })).toEqual([`${visitor.id}:ana-phone`]);
    expect([visitor, note, reply, system].map(isPushable)).toEqual([true, false, false, false]);
  });
});

describe('R2: never across organizations', () => {
  it("no device of another organization's agent, and no conversation of another organization", () => {
    const mine = device('ana');
    const theirs = device('zed', { organizationId: OTHER_ORG });
    const m = message();
    expect(recipients({ messages: [m], devices: [mine, theirs] })).toEqual([`${m.id}:ana-phone`]);
    expect(recipients({ conversations: [conversation({ organizationId: OTHER_ORG })], devices: [mine] })).toEqual([]);
    // Asked for the other organization, our conversation and our agents get nothing either.
    expect(recipients({ devices: [mine, theirs] }, OTHER_ORG)).toEqual([]);
  });

  it('an assignee id that is an agent of another organization reaches nobody', () => {
    const theirs = device('zed', { organizationId: OTHER_ORG });
    expect(recipients({ conversations: [conversation({ assigneeId: 'zed' })], devices: [theirs] })).toEqual([]);
  });
});

describe('R3: a removed agent gets nothing, nor a restricted one', () => {
  it('assigned or not', () => {
    const gone = device('bo', { isRemoved: true });
    expect(recipients({ devices: [gone] })).toEqual([]);
    expect(recipients({ conversations: [conversation({ assigneeId: 'bo' })], devices: [gone] })).toEqual([]);
  });

  it('a restricted agent (objection, policy §7), assigned or not, while colleagues are still told', () => {
    const restricted = device('bo', { isRestricted: true });
    const m = message();
    expect(recipients({ messages: [m], devices: [restricted, device('ana')] })).toEqual([`${m.id}:ana-phone`]);
    expect(recipients({ conversations: [conversation({ assigneeId: 'bo' })], devices: [restricted] })).toEqual([]);
  });
});

describe('R4: an agent with the conversation open gets nothing', () => {
  it('only for that conversation, on all their devices, and the others are still told', () => {
    const m1 = message({ conversationId: 'conv-1' });
    const m2 = message({ conversationId: 'conv-2' });
    const devices = [device('ana'), device('ana', { deviceId: 'ana-tablet' }), device('bo')];
    expect(
      recipients({
        messages: [m1, m2],
        conversations: [conversation(), conversation({ id: 'conv-2' })],
        devices,
        viewers: { 'conv-1': ['ana'] },
      }),
    ).toEqual([`${m1.id}:bo-phone`, `${m2.id}:ana-phone`, `${m2.id}:ana-tablet`, `${m2.id}:bo-phone`]);
  });

  it('even the assignee', () => {
    const assigned = conversation({ assigneeId: 'ana' });
    expect(recipients({ conversations: [assigned], devices: [device('ana')], viewers: { 'conv-1': ['ana'] } })).toEqual(
      [],
    );
  });
});

describe("R5: each agent's settings decide", () => {
  it('enabled off silences everything', () => {
    const off = { enabled: false };
    expect(recipients({ devices: [device('ana', { settings: off })] })).toEqual([]);
    expect(
      recipients({ conversations: [conversation({ assigneeId: 'ana' })], devices: [device('ana', { settings: off })] }),
    ).toEqual([]);
  });

  it('unassigned off: no unassigned pushes, assigned ones still', () => {
    const settings = { unassigned: false };
    const m = message();
    expect(recipients({ devices: [device('ana', { settings })] })).toEqual([]);
    expect(
      recipients({
        messages: [m],
        conversations: [conversation({ assigneeId: 'ana' })],
        devices: [device('ana', { settings })],
      }),
    ).toEqual([`${m.id}:ana-phone`]);
  });

  it('assigned off: no assigned pushes, unassigned ones still', () => {
    const settings = { assigned: false };
    const m = message();
    expect(
      recipients({ conversations: [conversation({ assigneeId: 'ana' })], devices: [device('ana', { settings })] }),
    ).toEqual([]);
    expect(recipients({ messages: [m], devices: [device('ana', { settings })] })).toEqual([`${m.id}:ana-phone`]);
  });

  it('missing or malformed settings are the defaults (everything on)', () => {
    const m = message();
    for (const settings of [null, undefined, {}, 'junk', { enabled: 'no' }]) {
      expect(recipients({ messages: [m], devices: [device('ana', { settings })] })).toEqual([`${m.id}:ana-phone`]);
    }
  });
});

describe('R6: assigned, only the assignee, whatever their availability', () => {
  it("every device of the assignee, even offline; nobody else's, even online", () => {
    const m = message();
    const devices = [
      device('bo', { availability: 'offline' }),
      device('bo', { deviceId: 'bo-tablet', availability: 'offline' }),
      device('ana', { availability: 'online' }),
      device('cy', { availability: 'away' }),
    ];
    expect(recipients({ messages: [m], conversations: [conversation({ assigneeId: 'bo' })], devices })).toEqual([
      `${m.id}:bo-phone`,
      `${m.id}:bo-tablet`,
    ]);
  });
});

describe('R7: unassigned, every device of the agents online or away', () => {
  it('nobody offline (or in any other state)', () => {
    const m = message();
    const devices = [
      device('ana', { availability: 'online' }),
      device('ana', { deviceId: 'ana-tablet', availability: 'online' }),
      device('bo', { availability: 'away' }),
      device('cy', { availability: 'offline' }),
      device('di', { availability: 'busy' }),
    ];
    expect(recipients({ messages: [m], devices })).toEqual([
      `${m.id}:ana-phone`,
      `${m.id}:ana-tablet`,
      `${m.id}:bo-phone`,
    ]);
  });

  it('a message whose conversation is gone (erased since) reaches nobody', () => {
    expect(recipients({ messages: [message({ conversationId: 'gone' })], devices: [device('ana')] })).toEqual([]);
  });
});

describe("R10: a device whose phone's notification permission was withdrawn gets nothing", () => {
  it('skips that device only, whether the conversation is assigned or not', () => {
    const devices = [device('ana', { isPermissionDenied: true }), device('ana', { deviceId: 'ana-tablet' })];
    const m = message();
    expect(recipients({ messages: [m], devices })).toEqual([`${m.id}:ana-tablet`]);
    expect(recipients({ messages: [m], devices, conversations: [conversation({ assigneeId: 'ana' })] })).toEqual([
      `${m.id}:ana-tablet`,
    ]);
  });
});

describe('R8: one push per message and device, its content and badge', () => {
  it('files alone say what was sent, and the data names no file', () => {
    const photo = { id: 'a1', fileName: 'screen.png', contentType: 'image/png', size: 10 };
    const pdf = { ...photo, id: 'a2', fileName: 'invoice.pdf', contentType: 'application/pdf' };
    const bodies = [[photo], [pdf], [photo, pdf]].map((attachments) => {
      const found = pushRecipients({
        organizationId: ORG,
        messages: [message({ body: '', attachments })],
        conversations: [conversation()],
        devices: [device('ana')],
        viewers: new Map(),
      });
      const [push] = composePushes(found, new Map());
      expect(JSON.stringify(push!.data)).not.toMatch(/screen|invoice|a1|a2/);
      return push!.body;
    });
    expect(bodies).toEqual(['Sent a photo', 'Sent a file', 'Sent 2 files']);
  });

  it("title, shortened body, and data with the recipient's unread count as data.badge (no badge field)", () => {
    const long = 'word '.repeat(100);
    const m1 = message({ body: long });
    const m2 = message({ body: 'My order #1234\n\nhas not arrived' });
    const found = pushRecipients({
      organizationId: ORG,
      messages: [m1, m2],
      conversations: [conversation()],
      devices: [device('ana'), device('bo')],
      viewers: new Map(),
    });
    expect(recipientAgents(found)).toEqual(['ana', 'bo']);
    const pushes = composePushes(
      found,
      new Map([
        ['ana', 3],
        ['bo', 0],
      ]),
    );
    expect(pushes.map((p) => [p.messageId, p.deviceId, p.data.badge])).toEqual([
      [m1.id, 'ana-phone', 3],
      [m1.id, 'bo-phone', 0],
      [m2.id, 'ana-phone', 3],
      [m2.id, 'bo-phone', 0],
    ]);
    expect(pushes[2]).toEqual({
      agentId: 'ana',
      deviceId: 'ana-phone',
      conversationId: 'conv-1',
      messageId: m2.id,
      title: 'Vera',
      body: 'My order #1234 has not arrived',
      data: { kind: 'message', conversationId: 'conv-1', messageId: m2.id, badge: 3 },
    });
    expect(pushes[0]!.body.length).toBeLessThanOrEqual(PUSH_BODY_MAX);
    expect(pushes[0]!.body.endsWith('…')).toBe(true);
  });

  it('a visitor with neither name nor email is "Visitor #n"; a long name is cut at 60', () => {
    const [anonymous] = composePushes(
      pushRecipients({
        organizationId: ORG,
        messages: [message()],
        conversations: [conversation({ who: null, number: 42 })],
        devices: [device('ana')],
        viewers: new Map(),
      }),
      new Map(),
    );
    expect(anonymous!.title).toBe('Visitor #42');
    expect(anonymous!.data).not.toHaveProperty('badge');
    expect(shorten('x'.repeat(80), 60)).toHaveLength(60);
  });

  it('shortens on a word when there is one late enough, else mid-word', () => {
    expect(shorten('  short  text ')).toBe('short text');
    expect(shorten('aaaaaaaa bbbb', 10)).toBe('aaaaaaaa…');
    expect(shorten('a bbbbbbbbbbbb', 10)).toBe('a bbbbbbb…');
  });
});

describe("R9: a restricted visitor's messages are pushed to nobody", () => {
  it('assigned or not, while other visitors still push', () => {
    const devices = [device('ana')];
    const restricted = conversation({ isVisitorRestricted: true });
    const other = conversation({ id: 'conv-2' });
    const m1 = message({ conversationId: 'conv-1' });
    const m2 = message({ conversationId: 'conv-2' });
    expect(recipients({ messages: [m1, m2], conversations: [restricted, other], devices })).toEqual([
      `${m2.id}:ana-phone`,
    ]);
    expect(
      recipients({ conversations: [conversation({ isVisitorRestricted: true, assigneeId: 'ana' })], devices }),
    ).toEqual([]);
  });
});

describe("R13: every push in the recipient agent's language", () => {
  it("the visitor's title and a files-only body in each agent's language; English when none or unknown", () => {
    const photo = message({ body: ' ', attachments: [{ contentType: 'image/png' }] });
    const files = message({ body: '', attachments: [{ contentType: 'image/png' }, { contentType: 'text/plain' }] });
    const pushes = composePushes(
      pushRecipients({
        organizationId: ORG,
        messages: [photo, files],
        conversations: [conversation({ who: null, number: 9 })],
        devices: [
          device('fr', { language: 'fr' }),
          device('de', { language: 'de' }),
          device('es', { language: 'es' }),
          device('none', { language: null }),
          device('xx', { language: 'xx' }),
        ],
        viewers: new Map(),
      }),
      new Map(),
    );
    expect(pushes.map((p) => [p.agentId, p.title, p.body])).toEqual([
      ['fr', 'Visiteur n° 9', 'A envoyé une photo'],
      ['de', 'Besucher #9', 'Hat ein Foto gesendet'],
      ['es', 'Visitante n.º 9', 'Envió una foto'],
      ['none', 'Visitor #9', 'Sent a photo'],
      ['xx', 'Visitor #9', 'Sent a photo'],
      ['fr', 'Visiteur n° 9', 'A envoyé 2 fichiers'],
      ['de', 'Besucher #9', 'Hat 2 Dateien gesendet'],
      ['es', 'Visitante n.º 9', 'Envió 2 archivos'],
      ['none', 'Visitor #9', 'Sent 2 files'],
      ['xx', 'Visitor #9', 'Sent 2 files'],
    ]);
  });
});
