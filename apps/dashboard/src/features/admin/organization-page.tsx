import type { TOrganization } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import { queries } from '../../lib/queries';
import { AssignmentSettings } from './assignment-settings';
import { DeleteOrganization } from './delete-organization';
import { IdentityVerification } from './identity-verification';
import { OrganizationSwitch } from './organization-switch';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';

export function OrganizationPage() {
  const t = useStrings().admin.organization;
  const org = useQuery(queries.organization());
  if (!org.data) return <section className="page" aria-busy="true" />;
  return (
    <section className="page">
      <h1>{t.title}</h1>
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
  const t = useStrings().admin.organization;
  const save = useSaveOrganization();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name, slug, timeZone });
  };
  return (
    <form className="card stack" onSubmit={submit}>
      <label>
        {t.name}
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t.slug}
        <input required pattern="[a-z0-9]+(-[a-z0-9]+)*" value={slug} onChange={(e) => setSlug(e.target.value)} />
      </label>
      {/* Labelled by `for`, not by wrapping: a wrapping label's name would hold every zone's name. */}
      <div className="field">
        <label htmlFor="organization-time-zone">{t.timeZone}</label>
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
          {t.timeZoneHint}
        </span>
      </div>
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t.save}
        </button>
      </div>
    </form>
  );
}

/** Organization-wide rules for conversations. */
function ConversationSettings({ org }: { org: TOrganization }) {
  const t = useStrings().admin.organization.conversations;
  return (
    <OrganizationSwitch
      org={org}
      name="autoAssignOnReply"
      title={t.title}
      label={t.label}
      hint={(isOn) => (isOn ? t.on : t.off)}
    />
  );
}

/** "Require two-factor": an admin switches it on once they use it themselves (the server says so otherwise). */
function SecuritySettings({ org }: { org: TOrganization }) {
  const t = useStrings().admin.organization.security;
  return (
    <OrganizationSwitch
      org={org}
      name="requireTwoFactor"
      title={t.title}
      label={t.label}
      hint={(isOn) => (isOn ? t.on : t.off)}
    />
  );
}

/** Every IANA time zone this browser knows, UTC first, with the saved one even if the browser lacks it. */
function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...new Set([current, ...known].filter((z) => z !== 'UTC'))];
}
