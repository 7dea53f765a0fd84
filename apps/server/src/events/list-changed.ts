import type { TChangedList } from '@oceras/protocol';
import type { EventBus } from './bus.js';

/**
 * Tells agents' apps to refetch a list they hold whole (teams, saved views, canned responses). Call it after
 * commit. `ownerId` null: an organization's shared item, to every agent (the actor's other tabs too); an agent's
 * id: a personal item, to that agent's sockets only, since nobody else lists it. A signal, not a numbered event:
 * the apps refetch these lists on each `session.ready`, which heals one lost while disconnected
 * (docs/ARCHITECTURE.md, "Live lists").
 */
export function signalListChanged(bus: EventBus, organizationId: string, list: TChangedList, ownerId: string | null) {
  const signal = { event: 'list.changed' as const, payload: { list } };
  bus.signal(
    ownerId === null
      ? { kind: 'agents', organizationId, ...signal }
      : { kind: 'agent', organizationId, agentId: ownerId, ...signal },
  );
}
