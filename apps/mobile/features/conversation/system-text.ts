import type { TConversationStatus, TMessage } from '@oceras/protocol';
import { ratingText } from '@oceras/protocol/notices';
import { fill, type Strings } from '@/lib/i18n/i18n';

type Facts = Record<string, unknown>;

/** An email's files not kept, each with why (a reason unknown to this app: the file's name alone). */
function refusedFiles(files: unknown[], t: Strings['message']) {
  const why = t.refusedWhy as Record<string, string>;
  return files
    .map((f) => f as { fileName?: unknown; reason?: unknown })
    .map((f) => {
      const name = String(f.fileName ?? '');
      const reason = typeof f.reason === 'string' && Object.hasOwn(why, f.reason) ? why[f.reason] : null;
      return reason ? fill(t.fileRefused, { name, why: reason }) : name;
    })
    .join(', ');
}

/**
 * What a system line says, in the agent's language, from the facts the server sends in `system` (the server's
 * stored English, `body`, only for a line this app does not know): assignments, teams, status moves, ratings on
 * their scale, a low rating's reopen, an email's files not kept.
 */
export function systemText(m: TMessage, meId: string, strings: Pick<Strings, 'message' | 'statuses' | 'rating'>) {
  const t = strings.message;
  const s = (m.system ?? null) as Facts | null;
  if (!s) return m.body;
  const rating = () => ratingText({ score: Number(s.score), scale: String(s.scale ?? 'stars') }, strings.rating);
  switch (s.action) {
    case 'assigned':
      if (s.reason === 'replied') return s.to === meId ? t.youTook : t.colleagueTook;
      if (s.reason === 'auto_assigned') return t.autoAssigned;
      if (s.reason === 'assignee_offline') return t.assigneeOffline;
      if (!s.to) return t.unassigned;
      return s.to === meId ? t.assignedToYou : t.assigned;
    case 'team_changed':
      return s.to ? t.teamChanged : t.teamRemoved;
    case 'rated':
      return typeof s.score === 'number' ? fill(t.rated, { rating: rating() }) : m.body;
    case 'email_files_refused':
      return Array.isArray(s.files) ? fill(t.filesRefused, { files: refusedFiles(s.files, t) }) : m.body;
    case 'status_changed': {
      if (s.reason === 'low_rating' && typeof s.score === 'number')
        return fill(t.reopenedLowRating, { rating: rating() });
      if (s.by === null && s.from === 'snoozed' && s.reason === undefined) return t.snoozeEnded;
      const to = s.to as TConversationStatus;
      return typeof to === 'string' && Object.hasOwn(strings.statuses, to)
        ? fill(t.statusChanged, { status: strings.statuses[to] })
        : m.body;
    }
    default:
      return m.body;
  }
}
