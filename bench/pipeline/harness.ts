import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { cpuTimeMs, loopbackAddress, now, postgresCpu, postgresCpuSince, request, sleep, stats } from '../lib.js';
import type { SendCommand, SendResult, Target } from './sender.js';

export const AGENTS = 20;

/** How the load is spread: one organization (the default, issue 2's mix) or many (a hosted installation's). */
export interface Mix {
  organizations: number;
  /** Agent sockets per organization; each message reaches its organization's agents only. */
  agentsPerOrganization: number;
}
export const ONE_ORGANIZATION: Mix = { organizations: 1, agentsPerOrganization: AGENTS };

/**
 * Organizations on our server (`mix`), `visitors` visitors spread among them, each with an open conversation.
 * Automatic assignment is on (issue 17: the message path's goals hold with it), so the conversations are handed out
 * as they are started and the engine runs beside the message path for the whole benchmark.
 */
export async function setupOurs(baseUrl: string, visitors: number, mix: Mix = ONE_ORGANIZATION) {
  const password = 'correct horse battery staple';
  const agentAuth: { token: string }[] = [];
  const targets: Target[] = [];
  for (let org = 0; org < mix.organizations; org++) {
    const signup = await request(`${baseUrl}/api/v1/auth/signup`, {
      from: loopbackAddress(60_000 + org),
      body: {
        organizationName: `Bench ${org}`,
        slug: `bench-${randomUUID().slice(0, 8)}`,
        name: 'Agent 0',
        email: `agent0-${randomUUID()}@bench.test`,
        password,
      },
    });
    if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.json)}`);
    const admin = signup.json as { accessToken: string; organization: { widgetKey: string } };
    const on = await request(`${baseUrl}/api/v1/organization`, {
      method: 'PATCH',
      token: admin.accessToken,
      // BENCH_AUTO_ASSIGNMENT=0 leaves it off: an experiment, to see what assignment costs the message path.
      body: { autoAssignment: process.env.BENCH_AUTO_ASSIGNMENT !== '0' },
    });
    if (on.status !== 200) throw new Error(`automatic assignment: ${on.status} ${JSON.stringify(on.json)}`);
    agentAuth.push({ token: admin.accessToken });
    for (let i = 1; i < mix.agentsPerOrganization; i++) {
      const inv = await request(`${baseUrl}/api/v1/invitations`, {
        token: admin.accessToken,
        body: { email: `agent${i}-${randomUUID()}@bench.test` },
      });
      const token = (inv.json.inviteUrl as string).split('#token=')[1];
      const acc = await request(`${baseUrl}/api/v1/auth/invitations/accept`, {
        from: loopbackAddress(org * mix.agentsPerOrganization + i),
        body: { token, name: `Agent ${i}`, password },
      });
      if (acc.status !== 201) throw new Error(`accept: ${acc.status} ${JSON.stringify(acc.json)}`);
      agentAuth.push({ token: acc.json.accessToken });
    }
    const first = Math.floor((org * visitors) / mix.organizations);
    const last = Math.floor(((org + 1) * visitors) / mix.organizations);
    for (let start = first; start < last; start += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, last - start) }, async (_, k) => {
          const from = loopbackAddress(start + k);
          const s = await request(`${baseUrl}/api/v1/widget/sessions`, {
            from,
            body: { widgetKey: admin.organization.widgetKey },
          });
          if (s.status !== 200 && s.status !== 201) throw new Error(`session: ${s.status} ${JSON.stringify(s.json)}`);
          const c = await request(`${baseUrl}/api/v1/widget/conversations`, {
            from,
            token: s.json.sessionToken,
            body: { clientId: randomUUID() },
          });
          if (c.status !== 201) throw new Error(`conversation: ${c.status} ${JSON.stringify(c.json)}`);
          return { path: `/api/v1/widget/conversations/${c.json.id}/messages`, token: s.json.sessionToken, from };
        }),
      );
      for (const b of batch) targets.push({ url: b.path, token: b.token, from: b.from });
    }
  }
  return { agentAuth, targets };
}

/**
 * The baseline has no accounts: conversation ids are labels (`<organization>.<n>`), sent from the same spread of
 * addresses; an agent socket names its organization (`auth.org`) and joins that room only.
 */
export function setupBaseline(visitors: number, mix: Mix = ONE_ORGANIZATION) {
  const targets: Target[] = Array.from({ length: visitors }, (_, i) => ({
    url: `/conversations/${Math.floor((i * mix.organizations) / visitors)}.${i}/messages`,
    from: loopbackAddress(i),
  }));
  const agentAuth = Array.from({ length: mix.organizations * mix.agentsPerOrganization }, (_, n) => ({
    org: String(Math.floor(n / mix.agentsPerOrganization)),
  }));
  return { agentAuth, targets };
}

interface RunTally {
  latencies: number[];
  seen: Set<string>;
  duplicates: number;
}

/** 20 agent sockets in this process, recording when each bench message arrives. */
export async function connectAgents(baseUrl: string, auth: Record<string, string>[]) {
  const runs = new Map<string, RunTally>();
  const sockets: Socket[] = [];
  await Promise.all(
    auth.map(
      (a, n) =>
        new Promise<void>((resolve, reject) => {
          const s = io(`${baseUrl}/agent`, { transports: ['websocket'], auth: a, reconnection: false });
          sockets.push(s);
          s.on('message.created', (e: { data: { body: string } }) => {
            const t = now();
            const [tag, run, i, at] = e.data.body.split(':');
            if (tag !== 'b' || !run) return;
            const tally = runs.get(run);
            if (!tally) return;
            const key = `${n}:${i}`;
            if (tally.seen.has(key)) tally.duplicates++;
            else {
              tally.seen.add(key);
              tally.latencies.push(t - Number(at));
            }
          });
          // Our server says session.ready after replay; the baseline just connects.
          s.once('session.ready', () => resolve());
          s.once('connect', () => {
            if (!('token' in a)) resolve();
          });
          s.once('connect_error', reject);
        }),
    ),
  );
  return {
    track(run: string) {
      const t: RunTally = { latencies: [], seen: new Set(), duplicates: 0 };
      runs.set(run, t);
      return t;
    },
    close: () => {
      for (const s of sockets) s.disconnect();
    },
  };
}
export type Agents = Awaited<ReturnType<typeof connectAgents>>;

export function startSender() {
  const child: ChildProcess = fork(fileURLToPath(new URL('./sender.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return {
    send(cmd: SendCommand): Promise<SendResult> {
      return new Promise((resolve) => {
        const onMessage = (r: SendResult) => {
          if (r.run !== cmd.run) return;
          child.off('message', onMessage);
          resolve(r);
        };
        child.on('message', onMessage);
        child.send(cmd);
      });
    },
    stop: () => child.kill(),
  };
}
export type Sender = ReturnType<typeof startSender>;

export interface PhaseOptions {
  sender: Sender;
  agents: Agents;
  /** Where messages are posted (base URL) and which process's CPU is counted. */
  postTo: { baseUrl: string; pids: number[] };
  targets: Target[];
  /** Agent sockets each message reaches (its organization's). */
  agentsPerMessage?: number;
  load:
    | { kind: 'open'; rate: number; durationMs: number }
    | { kind: 'closed'; concurrency: number; durationMs: number };
}

/** One measured run: send, wait for every delivery (or 10 s), and tally. */
export async function phase(o: PhaseOptions) {
  const run = randomUUID().slice(0, 8);
  const tally = o.agents.track(run);
  const targets = o.targets.map((t) => ({ ...t, url: `${o.postTo.baseUrl}${t.url}` }));
  const cpu0 = await Promise.all(o.postTo.pids.map(cpuTimeMs));
  const db0 = await postgresCpu();
  const me0 = process.cpuUsage();
  const sent = await o.sender.send({ ...o.load, run, targets } as SendCommand);
  const perMessage = o.agentsPerMessage ?? AGENTS;
  const expected = sent.ok * perMessage;
  const deadline = Date.now() + 10_000;
  while (tally.seen.size < expected && Date.now() < deadline) await sleep(20);
  const cpu1 = await Promise.all(o.postTo.pids.map(cpuTimeMs));
  const cpuMs = cpu1.reduce((a, b, i) => a + b - cpu0[i]!, 0);
  const dbMs = await postgresCpuSince(db0);
  const me = process.cpuUsage(me0);
  const latency = stats(tally.latencies);
  return {
    sent: sent.sent,
    stored: sent.ok,
    statuses: sent.statuses,
    storedPerSecond: Math.round((sent.ok / sent.elapsedMs) * 1000),
    deliveries: tally.seen.size,
    expectedDeliveries: expected,
    lost: expected - tally.seen.size + (sent.sent - sent.ok) * perMessage,
    duplicates: tally.duplicates,
    latencyMs: latency,
    responseMs: stats(sent.responseMs),
    serverCpuMsPerMessage: Math.round((cpuMs / Math.max(1, sent.ok)) * 1000) / 1000,
    postgresCpuMsPerMessage: Math.round((dbMs / Math.max(1, sent.ok)) * 1000) / 1000,
    receiversCpuMsPerMessage: Math.round(((me.user + me.system) / 1000 / Math.max(1, sent.ok)) * 1000) / 1000,
  };
}
export type PhaseResult = Awaited<ReturnType<typeof phase>>;

/** The median of the measured rounds for one figure (lower median when the count is even). */
export const medianOf = (rs: PhaseResult[], pick: (r: PhaseResult) => number) => {
  const v = rs.map(pick).sort((a, b) => a - b);
  return v[Math.floor((v.length - 1) / 2)]!;
};
