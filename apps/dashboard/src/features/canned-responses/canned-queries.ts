import { queries } from '../../lib/queries';

/** The caller's canned responses (own and shared): the picker's and the settings page's query (lib/queries.ts). */
export const cannedQueries = {
  list: queries.cannedResponses,
};
