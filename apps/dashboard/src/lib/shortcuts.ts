import { useEffect, useRef } from 'react';
import type { Strings } from '../i18n/i18n';

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

/** The keys and what they do (`shell.shortcuts` in each language's catalog). */
export const SHORTCUTS: [string, keyof Strings['shell']['shortcuts']][] = [
  ['j / k', 'move'],
  ['r', 'reply'],
  ['n', 'note'],
  ['e', 'resolve'],
  ['a', 'assign'],
  ['x', 'select'],
  ['Ctrl/⌘ K', 'palette'],
  ['/', 'search'],
  ['?', 'help'],
  ['Esc', 'close'],
];
