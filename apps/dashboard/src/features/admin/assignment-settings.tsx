import type { TOrganization } from '@oceras/protocol';
import { type FormEvent, useState } from 'react';
import { OrganizationSwitch } from './organization-switch';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';

/**
 * Automatic assignment for conversations without a team (teams have their own switch, Settings → Teams), and how
 * long an assignee may stay offline before their conversations go back to the queue.
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
      <OfflineGrace org={org} />
    </>
  );
}

function OfflineGrace({ org }: { org: TOrganization }) {
  const [minutes, setMinutes] = useState(
    org.reassignOfflineAfterMinutes === null ? '' : String(org.reassignOfflineAfterMinutes),
  );
  const save = useSaveOrganization();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ reassignOfflineAfterMinutes: minutes.trim() === '' ? null : Math.round(Number(minutes)) });
  };
  return (
    <form className="card stack narrow" onSubmit={submit} aria-labelledby="offline-grace-title">
      <h2 id="offline-grace-title">Offline agents</h2>
      <label>
        Give back an offline agent’s conversations after (minutes)
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={10080}
          placeholder="Never"
          aria-describedby="offline-grace-hint"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>
      <p className="muted" id="offline-grace-hint">
        Their unresolved conversations go back to the queue, with a line saying why. Empty: they keep them.
      </p>
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Apply grace period
        </button>
      </div>
    </form>
  );
}
