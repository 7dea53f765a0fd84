import { savedViewCountLabel } from '@oceras/protocol/saved-view-limits';
import { useQuery } from '@tanstack/react-query';
import { useStrings } from '../../i18n/i18n';
import { paths } from '../../lib/paths';
import { queries, useSavedViews } from '../../lib/queries';
import { savedViewKey } from '../../lib/views';
import { NavCountLink } from '../shell/nav-count-link';

/** The sidebar's saved views (shared first, then the agent's own) with their live counts. */
export function SavedViewsNav({ location }: { location: string }) {
  const t = useStrings().savedViews;
  const views = useSavedViews();
  const counts = useQuery({ ...queries.savedViewCounts(), enabled: (views.data?.savedViews.length ?? 0) > 0 });
  const list = views.data?.savedViews ?? [];
  if (list.length === 0) return null;
  const countOf = new Map(counts.data?.counts.map((c) => [c.id, c.count]));
  return (
    <>
      <p className="nav-heading">{t.navHeading}</p>
      <ul className="nav-list" aria-label={t.navList}>
        {list.map((v) => {
          const n = countOf.get(v.id);
          return (
            <li key={v.id}>
              <NavCountLink
                href={paths.inbox(savedViewKey(v.id))}
                location={location}
                count={n === undefined ? undefined : savedViewCountLabel(n)}
              >
                {v.name}
                {v.scope === 'shared' && <span className="sr-only"> {t.sharedMark}</span>}
              </NavCountLink>
            </li>
          );
        })}
      </ul>
    </>
  );
}
