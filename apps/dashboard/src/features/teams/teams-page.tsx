import type { TAgent, TTeam, TUpdateTeamRequest } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys, useAgents, useTeams } from '../../lib/queries';
import './teams.css';

/**
 * Settings → Teams, for admins: teams, their members, and each team's automatic assignment (its conversations go to
 * its online members with the fewest open conversations, within their capacity). Loaded on first visit.
 */
export function TeamsPage() {
  const t = useStrings().teams;
  const teams = useTeams();
  const agents = useAgents();
  return (
    <section className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.help}</p>
      <CreateTeam />
      {teams.isError && (
        <p className="error" role="alert">
          {errorMessage(teams.error)}
        </p>
      )}
      {teams.data?.teams.length === 0 && <p className="muted">{t.none}</p>}
      {teams.data?.teams.map((team) => (
        <TeamCard key={team.id} team={team} agents={agents.data?.agents ?? []} />
      ))}
    </section>
  );
}

const useInvalidateTeams = () => {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.teams() });
};

function CreateTeam() {
  const t = useStrings().teams;
  const [name, setName] = useState('');
  const invalidate = useInvalidateTeams();
  const create = useMutation({
    mutationFn: () => api.call('createTeam', { body: { name } }),
    onSuccess: async () => {
      setName('');
      await invalidate();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="new-team-title">
      <h2 id="new-team-title">{t.newTeam}</h2>
      <label>
        {t.teamName}
        <input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-primary" disabled={create.isPending}>
        {t.create}
      </button>
      {create.isError && (
        <p className="error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}

function TeamCard({ team, agents }: { team: TTeam; agents: TAgent[] }) {
  const t = useStrings().teams;
  const named = { team: team.name };
  const invalidate = useInvalidateTeams();
  const [name, setName] = useState(team.name);
  const [confirming, setConfirming] = useState(false);
  // What is being saved, shown from the click itself until the server's answer replaces it.
  const [saving, setSaving] = useState<TUpdateTeamRequest | null>(null);
  const update = useMutation({
    mutationFn: (body: TUpdateTeamRequest) => api.call('updateTeam', { params: { id: team.id }, body }),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: () => api.call('deleteTeam', { params: { id: team.id } }),
    onSuccess: invalidate,
  });
  const save = (body: TUpdateTeamRequest) => {
    setSaving(body);
    update.mutate(body, { onSettled: () => setSaving(null) });
  };
  const isAuto = saving?.autoAssignment ?? team.autoAssignment;
  const members = new Set(saving?.agentIds ?? team.agentIds);
  const titleId = `team-${team.id}`;
  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && name.trim() !== team.name) save({ name: name.trim() });
  };

  return (
    <section className="card stack team-card" aria-labelledby={titleId}>
      <h2 id={titleId}>{team.name}</h2>
      <form className="inline-form" onSubmit={rename}>
        <label>
          {fill(t.nameOf, named)}
          <input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="btn" disabled={saving !== null}>
          {t.rename}
        </button>
      </form>
      <div className="switches">
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={isAuto}
            aria-checked={isAuto}
            disabled={saving !== null}
            onChange={(e) => save({ autoAssignment: e.target.checked })}
          />
          {fill(t.autoAssign, named)}
        </label>
      </div>
      <fieldset className="team-members" disabled={saving !== null}>
        <legend>{fill(t.membersOf, named)}</legend>
        {agents.map((a) => (
          <label key={a.id}>
            <input
              type="checkbox"
              checked={members.has(a.id)}
              onChange={(e) =>
                save({
                  agentIds: e.target.checked ? [...members, a.id] : [...members].filter((id) => id !== a.id),
                })
              }
            />
            {a.name}
          </label>
        ))}
      </fieldset>
      {(update.isError || remove.isError) && (
        <p className="error" role="alert">
          {errorMessage(update.error ?? remove.error)}
        </p>
      )}
      <div>
        {confirming ? (
          <span className="confirm">
            <span className="muted">{t.deleteWarning}</span>
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              {fill(t.confirmDelete, named)}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
              {t.keep}
            </button>
          </span>
        ) : (
          <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirming(true)}>
            {fill(t.delete, named)}
          </button>
        )}
      </div>
    </section>
  );
}
