import { session } from './api';
import { paths } from './paths';

/**
 * After the server deleted the signed-in account (or its organization): its sessions are already ended there, so
 * this only forgets them here and goes to the sign-in page, which says what happened.
 */
export function signOutDeleted(what: 'account' | 'organization', navigate: (to: string) => void) {
  navigate(paths.deleted(what));
  session.signOut();
}
