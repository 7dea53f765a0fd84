import type { TMeResponse, TOrganization, TUpdateOrganizationRequest } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

export const useOrganization = () =>
  useQuery({ queryKey: ['organization'], queryFn: () => api.call('getOrganization') });

export function useSaveOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TUpdateOrganizationRequest) => api.call('updateOrganization', { body }),
    onSuccess: (org) => {
      qc.setQueryData<TOrganization>(['organization'], org);
      qc.setQueryData<TMeResponse>(['me'], (m) => (m ? { ...m, organization: org } : m));
    },
  });
}

export function OrganizationPage() {
  const org = useOrganization();
  if (!org.data) return <section className="page" aria-busy="true" />;
  return <OrganizationForm org={org.data} />;
}

function OrganizationForm({ org }: { org: TOrganization }) {
  const [name, setName] = useState(org.name);
  const [slug, setSlug] = useState(org.slug);
  const save = useSaveOrganization();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name, slug });
  };
  return (
    <section className="page">
      <h1>Organization</h1>
      <form className="card stack" onSubmit={submit}>
        <label>
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Slug
          <input required pattern="[a-z0-9]+(-[a-z0-9]+)*" value={slug} onChange={(e) => setSlug(e.target.value)} />
        </label>
        {save.isError && (
          <p className="error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        {save.isSuccess && (
          <p className="ok" role="status">
            Saved.
          </p>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
