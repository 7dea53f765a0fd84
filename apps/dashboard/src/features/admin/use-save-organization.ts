import type { TUpdateOrganizationRequest } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { keys } from '../../lib/queries';

/** Saves organization settings (the organization and widget pages); the nav's name follows at once. */
export function useSaveOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TUpdateOrganizationRequest) => api.call('updateOrganization', { body }),
    onSuccess: (org) => {
      qc.setQueryData(keys.organization(), org);
      qc.setQueryData(keys.me(), (m) => (m ? { ...m, organization: org } : m));
    },
  });
}
