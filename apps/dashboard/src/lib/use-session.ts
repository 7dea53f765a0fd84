import { useSyncExternalStore } from 'react';
import { session } from './api';

const subscribe = (fn: () => void) => session.subscribe(fn);
const snapshot = () => session.current;

/** The token pair, re-rendering on sign-in, refresh in any tab, and sign-out. */
export const useTokens = () => useSyncExternalStore(subscribe, snapshot, snapshot);
