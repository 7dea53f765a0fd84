import type { TCannedResponse } from '@oceras/protocol';
import { scopeOf } from './canned-response.policy.js';
import type { CannedResponseRow } from './canned-response.repo.js';

export function presentCannedResponse(row: CannedResponseRow): TCannedResponse {
  return {
    id: row.id,
    scope: scopeOf(row),
    shortcode: row.shortcode,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
