import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { currentLocale, plural, useStrings } from '../../i18n/i18n';

/** A link of the nav's inbox lists (built-in views and saved ones): its label and, once known, its count. */
export function NavCountLink({
  href,
  location,
  count,
  children,
}: {
  href: string;
  location: string;
  count: string | number | undefined;
  children: ReactNode;
}) {
  const t = useStrings().shell;
  return (
    <Link
      href={href}
      className={location === href ? 'active' : ''}
      aria-current={location === href ? 'page' : undefined}
    >
      <span>{children}</span>
      {count !== undefined && (
        <span className="count">
          {typeof count === 'number' ? count.toLocaleString(currentLocale()) : count}
          <span className="sr-only"> {plural(t.conversations, Number(count))}</span>
        </span>
      )}
    </Link>
  );
}
