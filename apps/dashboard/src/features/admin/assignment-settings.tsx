import type { TOrganization } from '@oceras/protocol';
import { type FormEvent, useState } from 'react';
import { OrganizationSwitch } from './organization-switch';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';

/**
 * Automatic assignment for conversations without a team (teams have their own switch, Settings → Teams), how long
 * an assignee may stay offline before their conversations go back to the queue, and when an idle agent goes away.
 */
export function AssignmentSettings({ org }: { org: TOrganization }) {
  return (
    <>
      <OrganizationSwitch
        org={org}
        name="autoAssignment"
        title="Automatic assignment"
        label="Assign new and reopened conversations automatically"
        hint={(isOn) =>
          isOn
            ? 'Conversations without a team go to the online agent with the fewest open conversations, within their capacity (Agents). When nobody has room they wait, oldest first.'
            : 'Conversations without a team wait unassigned until someone takes them. Teams have their own switch.'
        }
      />
      <MinutesSetting
        org={org}
        name="reassignOfflineAfterMinutes"
        title="Offline agents"
        label="Give back an offline agent’s conversations after (minutes)"
        hint="Their unresolved conversations go back to the queue, with a line saying why. Empty: they keep them."
        max={10080}
        action="Apply grace period"
      />
      <MinutesSetting
        org={org}
        name="awayAfterInactiveMinutes"
        title="Inactive agents"
        label="Set an online agent away after (minutes without activity)"
        hint="Activity is a key or a click in the dashboard, or sending and typing in the app. They are back online at their next activity, unless they chose away themselves. Empty: never."
        max={1440}
        action="Apply"
      />
    </>
  );
}

/** An organization setting in minutes, empty for never. */
function MinutesSetting(props: {
  org: TOrganization;
  name: 'reassignOfflineAfterMinutes' | 'awayAfterInactiveMinutes';
  title: string;
  label: string;
  hint: string;
  max: number;
  action: string;
}) {
  const { org, name } = props;
  const [minutes, setMinutes] = useState(org[name] === null ? '' : String(org[name]));
  const save = useSaveOrganization();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ [name]: minutes.trim() === '' ? null : Math.round(Number(minutes)) });
  };
  return (
    <form className="card stack narrow" onSubmit={submit} aria-labelledby={`${name}-title`}>
      <h2 id={`${name}-title`}>{props.title}</h2>
      <label>
        {props.label}
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={props.max}
          placeholder="Never"
          aria-describedby={`${name}-hint`}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>
      <p className="muted" id={`${name}-hint`}>
        {props.hint}
      </p>
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {props.action}
        </button>
      </div>
    </form>
  );
}
