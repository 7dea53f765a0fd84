import { isServedAvatar } from '@oceras/protocol/avatars';
import { initials } from '../../lib/format';

/**
 * An agent's face where agents appear: their avatar as Oceras serves it (`avatarUrl`, on this server), else their
 * initials. Decorative: the name is always written beside it.
 */
export function AgentAvatar({ name, url, size = 24 }: { name: string; url: string | null; size?: number }) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  return isServedAvatar(url) ? (
    <img className="agent-avatar" src={url} alt="" width={size} height={size} style={style} />
  ) : (
    <span className="agent-avatar agent-avatar-initials" aria-hidden="true" style={style}>
      {initials(name)}
    </span>
  );
}
