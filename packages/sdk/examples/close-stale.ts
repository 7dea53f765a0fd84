// Resolve every open conversation with no activity for 14 days. Run with OCERAS_URL and OCERAS_TOKEN (an API token
// with conversations:read and conversations:write), e.g. `node --experimental-strip-types close-stale.ts`.
import { ApiError, createOcerasClient, pages } from '@oceras/sdk';

const oceras = createOcerasClient({ baseUrl: process.env.OCERAS_URL ?? '', token: process.env.OCERAS_TOKEN ?? '' });
const cutoff = Date.now() - 14 * 24 * 60 * 60 * 1000;

let resolved = 0;
const openConversations = (cursor: string | undefined) =>
  oceras.call('listConversations', { query: { view: 'all', status: 'open', limit: 100, cursor } });
for await (const page of pages(openConversations)) {
  for (const conversation of page.conversations) {
    if (Date.parse(conversation.lastActivityAt) > cutoff) continue;
    try {
      await oceras.call('updateConversation', { params: { id: conversation.id }, body: { status: 'resolved' } });
      resolved++;
    } catch (err) {
      // Someone resolved it meanwhile, or the token lacks conversations:write.
      if (err instanceof ApiError && err.code === 'ILLEGAL_TRANSITION') continue;
      throw err;
    }
  }
}
console.log(`resolved ${resolved} stale conversations`);
