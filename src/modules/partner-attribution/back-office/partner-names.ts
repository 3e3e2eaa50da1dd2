import type { TraderUser } from '../../../kernel/users';

/** How staff see a person in the partner pages: their name, else their email, else the cTID user id. */
export function personLabel(user: Pick<TraderUser, 'firstName' | 'lastName' | 'email'> | undefined, ctidUserId: number | null): string {
  const name = user ? `${user.firstName} ${user.lastName}`.trim() : '';
  if (name) return name;
  if (user?.email) return user.email;
  return ctidUserId !== null ? `cTID ${ctidUserId}` : '—';
}
