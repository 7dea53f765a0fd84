import type { TOrganization } from '@oceras/protocol';
import { type FormEvent, useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import { OrganizationSwitch } from './organization-switch';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';

/**
 * Automatic assignment for conversations without a team (teams have their own switch, Settings → Teams), how long
 * an assignee may stay offline before their conversations go back to the queue, and when an idle agent goes away.
 */
export function AssignmentSettings({ org }: { org: TOrganization }) {
  const t = useStrings().admin.assignment;
  return (
    <>
      <OrganizationSwitch
        org={org}
        name="autoAssignment"
        title={t.title}
        label={t.label}
        hint={(isOn) => (isOn ? t.on : t.off)}
      />
      <MinutesSetting
        org={org}
        name="reassignOfflineAfterMinutes"
        title={t.offlineTitle}
        label={t.offlineLabel}
        hint={t.offlineHint}
        max={10080}
        action={t.offlineAction}
      />
      <MinutesSetting
        org={org}
        name="awayAfterInactiveMinutes"
        title={t.inactiveTitle}
        label={t.inactiveLabel}
        hint={t.inactiveHint}
        max={1440}
        action={t.inactiveAction}
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
  const t = useStrings().admin.assignment;
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
          placeholder={t.never}
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
