import { LIMITS, type TAgent } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { initials } from '../../lib/format';
import { keys } from '../../lib/queries';

/**
 * The agent's own name and avatar (rectification, privacy policy §7). Avatars are served by Oceras or not at all
 * (§5: a visitor's browser contacts no third party), and Oceras has no avatar upload yet: an avatar set earlier is
 * shown and can be removed, none is added from an address elsewhere.
 */
export function ProfileCard({ agent }: { agent: TAgent }) {
  const qc = useQueryClient();
  const [name, setName] = useState(agent.name);
  const save = useMutation({
    mutationFn: (body: { name?: string; avatarUrl?: null }) => api.call('updateMe', { body }),
    onSuccess: (a) => qc.setQueryData(keys.me(), (m) => (m ? { ...m, agent: a } : m)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name: name.trim() });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <div className="profile-avatar">
        {agent.avatarUrl ? (
          <img src={agent.avatarUrl} alt={`Avatar of ${agent.name}`} width={48} height={48} />
        ) : (
          <span className="avatar-initials" aria-hidden="true">
            {initials(agent.name)}
          </span>
        )}
        {agent.avatarUrl ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={save.isPending}
            onClick={() => save.mutate({ avatarUrl: null })}
          >
            Remove avatar
          </button>
        ) : (
          <span className="muted">Colleagues and visitors see your initials.</span>
        )}
      </div>
      <label>
        Name
        <input
          required
          autoComplete="name"
          maxLength={LIMITS.nameMax}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      {save.isSuccess && (
        <p className="ok" role="status">
          Saved.
        </p>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending || name.trim() === agent.name}>
          Save profile
        </button>
      </div>
    </form>
  );
}
