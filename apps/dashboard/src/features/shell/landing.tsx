import { useQuery } from '@tanstack/react-query';
import { Redirect } from 'wouter';
import { useStrings } from '../../i18n/i18n';
import { paths } from '../../lib/paths';
import { queries } from '../../lib/queries';
import { hasShownView, landingView, lastView } from '../../lib/views';

/**
 * `/` (and `/signin`, `/signup` once signed in): the inbox view with work in it, chosen once from the counts. A view
 * this tab already showed is kept; a deep link never comes here.
 */
export function Landing() {
  const counts = useQuery({ ...queries.counts(), enabled: !hasShownView() });
  const t = useStrings().shell;
  if (hasShownView()) return <Redirect to={paths.inbox(lastView.get())} replace />;
  if (counts.isPending) return <section className="page" aria-busy="true" aria-label={t.openingInbox} />;
  return <Redirect to={paths.inbox(counts.data ? landingView(counts.data) : 'mine')} replace />;
}
