import type { KeyboardEvent } from 'react';

/** What the results register so that the input's keys reach them (they live in another chunk). */
export type SearchKeys = { current: ((e: KeyboardEvent<HTMLInputElement>) => boolean) | null };
export const RESULTS_ID = 'search-results';
