import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api';

/** The integrations pages' queries: in their own lazy chunk, with the pages. */
export const integrationQueries = {
  apiTokens: () => queryOptions({ queryKey: ['api-tokens'] as const, queryFn: () => api.call('listApiTokens') }),
  webhooks: () => queryOptions({ queryKey: ['webhooks'] as const, queryFn: () => api.call('listWebhooks') }),
  deliveries: (id: string) =>
    queryOptions({
      queryKey: ['webhook-deliveries', id] as const,
      queryFn: () => api.call('listWebhookDeliveries', { params: { id } }),
      refetchInterval: 3_000,
    }),
};
