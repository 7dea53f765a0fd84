import { useEffect } from 'react';

// The tab's title is the unread badge (the shell's), the page's name (a page that has one), then "Oceras":
// "(2) Contacts · Oceras". One place writes it, so neither part overwrites the other.
let badge = 0;
let page: string | null = null;
const render = () => {
  document.title = `${badge > 0 ? `(${badge}) ` : ''}${page ? `${page} · ` : ''}Oceras`;
};

/** The unread conversations shown in the title (the shell's count). */
export function setTitleBadge(n: number) {
  badge = n;
  render();
}

/** Names the page in the tab's title while it is shown. */
export function usePageTitle(name: string | null) {
  useEffect(() => {
    page = name;
    render();
    return () => {
      page = null;
      render();
    };
  }, [name]);
}
