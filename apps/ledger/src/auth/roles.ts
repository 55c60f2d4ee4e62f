import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/** Who may call the ledger, by what they do. */
export const ROLES = ['lending-core', 'support', 'auditor', 'regulator', 'compliance-admin', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/** The roles allowed on a route. A route without this (or @PublicRoute) is closed to everyone. */
export const Allow = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Marks an open route in the OpenAPI document, which then says it needs no token (`security: []`). */
export const OPEN_ROUTE_EXTENSION = 'x-ledger-open';

/** Open without a token: liveness, the orchestrator's readiness probe. */
export const PublicRoute = () =>
  applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(OPEN_ROUTE_EXTENSION, true));

export const READERS: Role[] = ['support', 'auditor', 'regulator'];
export const AUDITORS: Role[] = ['auditor', 'regulator'];
export const EVERYONE: Role[] = [...ROLES];

/**
 * The role a request is made under: the first of the route's roles the caller holds — except that
 * on a route open to `support`, a caller holding `support` always acts as support, whatever else
 * it holds. Those routes are the support-scope reads (resolve, both checks, a person's consents,
 * timeline and receipts; the rest open to support is open to everyone and shows no one), and
 * support must state a reason and sees identifiers masked there: another role on the same token
 * does not lift that.
 */
export function roleFor(held: readonly Role[], allowed: readonly Role[]): Role | undefined {
  if (held.includes('support') && allowed.includes('support')) return 'support';
  return allowed.find((r) => held.includes(r));
}

/** The caller, as its verified token says. */
export interface Principal {
  /** The identity provider that issued the token. */
  readonly issuer: string;
  /** The token's subject: a person's or a system's id at the identity provider. */
  readonly sub: string;
  readonly roles: readonly Role[];
  /** The role this request is made under (see `roleFor`). */
  readonly role: Role;
}
