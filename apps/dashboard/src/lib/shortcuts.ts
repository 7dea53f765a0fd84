import { useEffect, useRef } from 'react';

/** Single-key shortcuts, ignored while typing in a field or with a modifier held. */
export function isTypingTarget(t: EventTarget | null) {
  const el = t as HTMLElement | null;
  if (!el?.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function useShortcuts(map: Record<string, (e: KeyboardEvent) => void>) {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTypingTarget(e.target)) return;
      const fn = ref.current[e.key === 'Escape' ? 'esc' : e.key];
      if (fn) {
        e.preventDefault();
        fn(e);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
}

export const SHORTCUTS: [string, string][] = [
  ['j / k', 'Next / previous conversation'],
  ['r', 'Reply'],
  ['n', 'Internal note'],
  ['e', 'Resolve'],
  ['a', 'Assign to me'],
  ['x', 'Select the focused conversation (shift-click selects a range)'],
  ['Ctrl/⌘ K', 'Command palette: go anywhere, act on the open conversation'],
  ['/', 'Search'],
  ['?', 'This list'],
  ['Esc', 'Close'],
];
