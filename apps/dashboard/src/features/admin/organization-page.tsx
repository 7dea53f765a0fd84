import type { TOrganization } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { queries } from '../../lib/queries';
import { AssignmentSettings } from './assignment-settings';
import { DeleteOrganization } from './delete-organization';
import { IdentityVerification } from './identity-verification';
import { OrganizationSwitch } from './organization-switch';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';

export function OrganizationPage() {
  const org = useQuery(queries.organization());
  if (!org.data) return <section className="page" aria-busy="true" />;
  return (
    <section className="page">
      <h1>Organization</h1>
      <OrganizationForm org={org.data} />
      <ConversationSettings org={org.data} />
      <AssignmentSettings org={org.data} />
      <SecuritySettings org={org.data} />
      <IdentityVerification org={org.data} />
      <DeleteOrganization org={org.data} />
    </section>
  );
}

function OrganizationForm({ org }: { org: TOrganization }) {
  const [name, setName] = useState(org.name);
  const [slug, setSlug] = useState(org.slug);
  const [timeZone, setTimeZone] = useState(org.timeZone);
  const save = useSaveOrganization();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name, slug, timeZone });
  };
  return (
    <form className="card stack" onSubmit={submit}>
      <label>
        Name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Slug
        <input required pattern="[a-z0-9]+(-[a-z0-9]+)*" value={slug} onChange={(e) => setSlug(e.target.value)} />
      </label>
      {/* Labelled by `for`, not by wrapping: a wrapping label's name would hold every zone's name. */}
      <div className="field">
        <label htmlFor="organization-time-zone">Time zone</label>
        <select
          id="organization-time-zone"
          value={timeZone}
          aria-describedby="time-zone-hint"
          onChange={(e) => setTimeZone(e.target.value)}
        >
          {timeZones(org.timeZone).map((z) => (
            <option key={z} value={z}>
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <span className="muted field-hint" id="time-zone-hint">
          Reports count days and hours in it.
        </span>
      </div>
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}

/** Organization-wide rules for conversations. */
const ConversationSettings = ({ org }: { org: TOrganization }) => (
  <OrganizationSwitch
    org={org}
    name="autoAssignOnReply"
    title="Conversations"
    label="Assign a conversation to the agent who replies first"
    hint={(isOn) =>
      isOn
        ? 'An unassigned conversation becomes yours when you reply to it. Notes do not assign it.'
        : 'Replies leave unassigned conversations unassigned; assign them by hand.'
    }
  />
);

/** "Require two-factor": an admin switches it on once they use it themselves (the server says so otherwise). */
const SecuritySettings = ({ org }: { org: TOrganization }) => (
  <OrganizationSwitch
    org={org}
    name="requireTwoFactor"
    title="Security"
    label="Require two-factor authentication"
    hint={(isOn) =>
      isOn
        ? 'Everyone signs in with a code from an authenticator app. Agents without one are asked to set it up before anything else; nobody is signed out.'
        : 'Agents choose whether to use two-factor authentication (Your account). Turn it on for yourself first.'
    }
  />
);

/** Every IANA time zone this browser knows, UTC first, with the saved one even if the browser lacks it. */
function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...new Set([current, ...known].filter((z) => z !== 'UTC'))];
}
