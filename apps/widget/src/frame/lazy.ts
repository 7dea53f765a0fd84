import { type FunctionComponent, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code is fetched the first time it is drawn (nothing until then): for what many visits never
 * show (the pre-chat form, the rating card), so the chat's first load stays under its weight goal (docs/PERFORMANCE.md).
 * A failed fetch (offline) is tried again at the next draw.
 */
export function lazyComponent<P>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let pending: Promise<void> | null = null;
  const fetchOnce = () => {
    pending ??= load().then(
      (component) => {
        loaded = component;
      },
      () => {
        pending = null;
      },
    );
    return pending;
  };
  return function Lazy(props: P) {
    const [, redraw] = useState(0);
    useEffect(() => {
      if (!loaded) void fetchOnce().then(() => redraw((n) => n + 1));
    }, []);
    return loaded ? h(loaded as FunctionComponent<object>, props as object) : null;
  };
}
