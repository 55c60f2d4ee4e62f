import { SetMetadata } from '@nestjs/common';

/** Who may call the ledger, by what they do. */
export const ROLES = ['lending-core', 'support', 'auditor', 'regulator', 'compliance-admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/** The roles allowed on a route. A route without this (or @PublicRoute) is closed to everyone. */
export const Allow = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Open without a token: only liveness. */
export const PublicRoute = () => SetMetadata(PUBLIC_KEY, true);

export const READERS: Role[] = ['support', 'auditor', 'regulator'];
export const AUDITORS: Role[] = ['auditor', 'regulator'];
export const EVERYONE: Role[] = [...ROLES];

/** The caller, as its verified token says. */
export interface Principal {
  /** The token's subject: a person's or a system's id at the identity provider. */
  readonly sub: string;
  readonly roles: readonly Role[];
  /** The role this request is allowed under (the first of the route's roles the caller holds). */
  readonly role: Role;
}
