import type { TAgent } from '@oceras/protocol';
import type { agents } from '../../db/schema.js';
import type { Presence } from '../../realtime/presence.js';

type Row = typeof agents.$inferSelect;

/** The only way an agent row leaves the server: no hash, no login counters. */
export const presentAgent = (row: Row, presence: Presence): TAgent => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  avatarUrl: row.avatarUrl,
  availability: row.availability,
  isConnected: presence.isConnected(row.id),
  isRestricted: row.restrictedAt !== null,
  capacity: row.capacity,
  createdAt: row.createdAt.toISOString(),
});
