import type { TAgent, TBusinessHours, TTeam, TUpdateTeamRequest } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys, queries, useAgents, useTeams } from '../../lib/queries';
import { SaveStatus } from '../admin/save-status';
import { HoursEditor } from '../business-hours/hours-editor';
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
      <TeamHours team={team} isSaving={saving !== null} save={save} />
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

/**
 * The team's own business hours (issue 18): off, its conversations follow the organization's (`businessHours:
 * null`); on, the business-hours page's form, first filled with the organization's hours, saved on the team.
 */
function TeamHours({
  team,
  isSaving,
  save,
}: {
  team: TTeam;
  isSaving: boolean;
  save: (body: TUpdateTeamRequest) => void;
}) {
  const t = useStrings().teamHours;
  const org = useQuery(queries.organization());
  const [isOwn, setOwn] = useState(team.businessHours !== null);
  const invalidate = useInvalidateTeams();
  const saveHours = useMutation({
    mutationFn: (businessHours: TBusinessHours) =>
      api.call('updateTeam', { params: { id: team.id }, body: { businessHours } }),
    onSuccess: invalidate,
  });
  const choose = (own: boolean) => {
    setOwn(own);
    saveHours.reset();
    // Back to the organization's at once; own hours are saved with the form's button.
    if (!own && team.businessHours !== null) save({ businessHours: null });
  };
  return (
    <div className="stack team-hours">
      <label className="team-hours-switch">
        <input
          type="checkbox"
          role="switch"
          checked={isOwn}
          aria-checked={isOwn}
          disabled={isSaving || saveHours.isPending}
          onChange={(e) => choose(e.target.checked)}
        />
        {fill(t.own, { team: team.name })}
      </label>
      {!isOwn && <p className="muted">{fill(t.followsOrganization, { team: team.name })}</p>}
      {isOwn && org.data && (
        <HoursEditor
          hours={team.businessHours ?? org.data.businessHours}
          title={fill(t.title, { team: team.name })}
          note={fillNodes(t.note, { team: team.name, zone: <strong>{org.data.timeZone}</strong> })}
          status={<SaveStatus save={saveHours} />}
          isSaving={saveHours.isPending}
          onSave={(hours) => saveHours.mutate(hours)}
        />
      )}
    </div>
  );
}
