import type { TAgent, TConversationBase } from '@oceras/protocol';

export const visitorName = (c: Pick<TConversationBase, 'visitor' | 'number'>) =>
  c.visitor.name ?? c.visitor.email ?? `Visitor #${c.number}`;

export function timeAgo(iso: string, now = Date.now()) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)}d`;
  return new Date(iso).toLocaleDateString();
}

export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const agentName = (agents: TAgent[] | undefined, id: string | null) =>
  id ? (agents?.find((a) => a.id === id)?.name ?? 'Someone') : 'Nobody';

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('') || '?';

export function newClientId() {
  return `d-${crypto.randomUUID().replace(/-/g, '')}`.slice(0, 40);
}
