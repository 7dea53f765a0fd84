import type { TOrganization } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { fillNodes, useStrings } from '../../i18n/i18n';
import { paths } from '../../lib/paths';
import { queries } from '../../lib/queries';
import { SaveStatus } from '../admin/save-status';
import { useSaveOrganization } from '../admin/use-save-organization';
import { AutoRepliesForm } from './auto-replies-form';
import { HoursEditor } from './hours-editor';
import './business-hours-page.css';

/**
 * Settings → Business hours & automatic replies (issue 18), for admins: when the team answers (a weekly grid in the
 * organization's time zone, holidays) and the three automatic replies with their texts per widget language. The
 * rule that reads the hours is the protocol's (`@oceras/protocol/business-hours`), shared by the server and widget.
 */
export function BusinessHoursPage() {
  const t = useStrings().businessHours;
  const org = useQuery(queries.organization());
  return (
    <section className="page">
      <h1>{t.title}</h1>
      {org.data ? (
        <>
          <HoursForm org={org.data} />
          <AutoRepliesForm replies={org.data.autoReplies} hasEmailFollowUp={org.data.emailFollowUp} />
        </>
      ) : (
        <div className="card" aria-busy="true" />
      )}
    </section>
  );
}

function HoursForm({ org }: { org: TOrganization }) {
  const t = useStrings().businessHours;
  const save = useSaveOrganization();
  return (
    <HoursEditor
      hours={org.businessHours}
      title={t.hoursTitle}
      note={fillNodes(t.help, {
        timeZone: <strong>{org.timeZone}</strong>,
        organization: <Link href={paths.organization}>{t.organizationPage}</Link>,
      })}
      status={<SaveStatus save={save} />}
      isSaving={save.isPending}
      onSave={(businessHours) => save.mutate({ businessHours })}
    />
  );
}
