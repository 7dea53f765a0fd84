import type { TOrganization } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { queries } from '../../lib/queries';
import { DeleteOrganization } from './delete-organization';
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
      <SecuritySettings org={org.data} />
      <DeleteOrganization org={org.data} />
    </section>
  );
}

function OrganizationForm({ org }: { org: TOrganization }) {
  const [name, setName] = useState(org.name);
  const [slug, setSlug] = useState(org.slug);
  const save = useSaveOrganization();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name, slug });
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
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}

/** Organization-wide rules for conversations: each switch is saved as it is flipped. */
function ConversationSettings({ org }: { org: TOrganization }) {
  // The value being saved, shown from the click itself (a controlled checkbox would snap back until the mutation's
  // state arrives); the saved value returns if the save fails.
  const [saving, setSaving] = useState<boolean | null>(null);
  const save = useSaveOrganization();
  const isOn = saving ?? org.autoAssignOnReply;
  return (
    <section className="card stack narrow" aria-labelledby="conversation-settings-title">
      <h2 id="conversation-settings-title">Conversations</h2>
      <div className="switches">
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={isOn}
            aria-checked={isOn}
            aria-describedby="auto-assign-hint"
            disabled={saving !== null}
            onChange={(e) => {
              const autoAssignOnReply = e.target.checked;
              setSaving(autoAssignOnReply);
              save.mutate({ autoAssignOnReply }, { onSettled: () => setSaving(null) });
            }}
          />
          Assign a conversation to the agent who replies first
        </label>
        <p className="muted" id="auto-assign-hint">
          {isOn
            ? 'An unassigned conversation becomes yours when you reply to it. Notes do not assign it.'
            : 'Replies leave unassigned conversations unassigned; assign them by hand.'}
        </p>
      </div>
      <SaveStatus save={save} />
    </section>
  );
}

/** "Require two-factor": an admin switches it on once they use it themselves (the server says so otherwise). */
function SecuritySettings({ org }: { org: TOrganization }) {
  const [saving, setSaving] = useState<boolean | null>(null);
  const save = useSaveOrganization();
  const isOn = saving ?? org.requireTwoFactor;
  return (
    <section className="card stack narrow" aria-labelledby="security-settings-title">
      <h2 id="security-settings-title">Security</h2>
      <div className="switches">
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={isOn}
            aria-checked={isOn}
            aria-describedby="require-two-factor-hint"
            disabled={saving !== null}
            onChange={(e) => {
              const requireTwoFactor = e.target.checked;
              setSaving(requireTwoFactor);
              save.mutate({ requireTwoFactor }, { onSettled: () => setSaving(null) });
            }}
          />
          Require two-factor authentication
        </label>
        <p className="muted" id="require-two-factor-hint">
          {isOn
            ? 'Everyone signs in with a code from an authenticator app. Agents without one are asked to set it up before anything else; nobody is signed out.'
            : 'Agents choose whether to use two-factor authentication (Your account). Turn it on for yourself first.'}
        </p>
      </div>
      <SaveStatus save={save} />
    </section>
  );
}
