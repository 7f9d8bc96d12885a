// People who work in Truce. Roles decide what they may do; a liaison speaks for exactly one party.

export const ROLES = ['admin', 'analyst', 'reviewer', 'liaison', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  role: Role;
  /** For a liaison: the party they submit claims for. */
  partyId: string | null;
  disabled: boolean;
  version: number;
}
