import type { ConversationUpdate, TConversationBase } from '@oceras/protocol';
import type { RecordedEvent } from '../../events/record-event.js';
import { createWorkerLoop, wakeOnEvents } from '../../lib/worker-loop.js';
import type { AssignmentQueue, CoreServices } from '../../services.js';
import { assignQueued } from './assign-queued.js';
import { organizationsWithAutoAssignment, organizationsWithQueue } from './assignment.repo.js';
import { releaseOfflineAssignees } from './release-offline.js';

export interface AssignmentWorkerOptions {
  /** The sweep: queues a missed wake-up left waiting, and assignees offline past the grace period. */
  pollMs: number;
}

/** Decisions for one organization in one go; the rest wait for the next pass (others' turns come first). */
const DECISIONS_PER_TURN = 100;
const ORGANIZATIONS_PER_SWEEP = 100;
const RELEASES_PER_SWEEP = 200;
/** Changes of a conversation that can open a place in the queue or free an agent's room. */
const MOVES = new Set(['status', 'assigneeId', 'teamId']);
/** Events that can open a place in the queue or change who has room, whatever their payload. */
const WAKING = new Set(['conversation.created', 'agent.updated', 'agent.removed']);

/**
 * Automatic assignment in one process, off the message path: it reacts after commit to the events that can change a
 * decision (a conversation created, reopened, resolved, unassigned or moved to a team; an agent's availability,
 * capacity or removal; the organization's settings) and to local wake-ups (teams), and sweeps every `pollMs`. Every
 * process runs one; their decisions for an organization are serialized by a transaction-scoped advisory lock
 * (assign-queued.ts), so any number of them may react to the same event.
 */
export function createAssignmentWorker(services: CoreServices, options: AssignmentWorkerOptions) {
  /** Organizations with the switch on somewhere (refreshed by every sweep): the only ones whose events count. */
  const watched = new Set<string>();
  const pending = new Set<string>();
  let sweep = true;
  let step = 'sweep';

  /** The organization whose decisions this event may change, or null. */
  function concerns(e: RecordedEvent): string | null {
    if (e.type === 'organization.updated') {
      // The switch may have just been turned on: watch it from now on (the sweep forgets it if not).
      if ((e.payload as { autoAssignment?: boolean }).autoAssignment) watched.add(e.organizationId);
    } else if (e.type === 'conversation.updated') {
      const { changes } = e.payload as ConversationUpdate<TConversationBase>;
      if (!changes.some((c) => MOVES.has(c))) return null;
    } else if (!WAKING.has(e.type)) return null;
    return watched.has(e.organizationId) ? e.organizationId : null;
  }

  async function pass() {
    if (sweep) {
      sweep = false;
      step = 'sweep';
      const ids = await organizationsWithAutoAssignment(services.db);
      watched.clear();
      for (const id of ids) watched.add(id);
      for (const id of await releaseOfflineAssignees(services, RELEASES_PER_SWEEP)) pending.add(id);
      for (const id of await organizationsWithQueue(services.db, ORGANIZATIONS_PER_SWEEP)) pending.add(id);
    }
    step = 'assign';
    for (const organizationId of [...pending]) {
      pending.delete(organizationId);
      try {
        const n = await assignQueued(services, organizationId, DECISIONS_PER_TURN);
        if (n === DECISIONS_PER_TURN) pending.add(organizationId);
      } catch (err) {
        services.errors.report(err, `assignment (organization ${organizationId})`);
      }
    }
  }

  const loop = createWorkerLoop({
    pass,
    report: (err) => services.errors.report(err, `assignment pass (${step})`),
    pollMs: options.pollMs,
    onTick: () => {
      sweep = true;
    },
    subscribe: wakeOnEvents(services.bus, concerns, (organizationId) => pending.add(organizationId)),
  });

  return {
    /** Something in this organization changed (a team, its members): look at its queue now. */
    wake(organizationId: string) {
      watched.add(organizationId);
      pending.add(organizationId);
      loop.run();
    },
    start: loop.start,
    /** Runs passes until nothing is pending (tests and shutdown). */
    settle: loop.settle,
    /** A sweep now: offline assignees and every waiting queue (tests, after moving time back). */
    async sweep() {
      sweep = true;
      await loop.settle();
    },
    stop: loop.stop,
  } satisfies AssignmentQueue & Record<string, unknown>;
}
export type AssignmentWorker = ReturnType<typeof createAssignmentWorker>;
