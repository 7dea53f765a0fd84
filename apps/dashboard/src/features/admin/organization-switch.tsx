import type { TOrganization } from '@oceras/protocol';
import { useState } from 'react';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';

type SwitchKey = 'autoAssignOnReply' | 'autoAssignment' | 'requireTwoFactor' | 'requireVerifiedIdentity';

/**
 * One organization-wide switch in its own card, saved as it is flipped. The value being saved is shown from the
 * click itself (a controlled checkbox would snap back until the mutation's state arrives); the saved value returns
 * if the save fails.
 */
export function OrganizationSwitch(props: {
  org: TOrganization;
  name: SwitchKey;
  title: string;
  label: string;
  hint: (isOn: boolean) => string;
}) {
  const { org, name } = props;
  const [saving, setSaving] = useState<boolean | null>(null);
  const save = useSaveOrganization();
  const isOn = saving ?? org[name];
  return (
    <section className="card stack narrow" aria-labelledby={`${name}-title`}>
      <h2 id={`${name}-title`}>{props.title}</h2>
      <div className="switches">
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={isOn}
            aria-checked={isOn}
            aria-describedby={`${name}-hint`}
            disabled={saving !== null}
            onChange={(e) => {
              const value = e.target.checked;
              setSaving(value);
              save.mutate({ [name]: value }, { onSettled: () => setSaving(null) });
            }}
          />
          {props.label}
        </label>
        <p className="muted" id={`${name}-hint`}>
          {props.hint(isOn)}
        </p>
      </div>
      <SaveStatus save={save} />
    </section>
  );
}
