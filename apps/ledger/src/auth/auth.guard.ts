import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { createLocalJWKSet, JWTPayload, jwtVerify, KeyLike } from 'jose';
import { LedgerConfig } from '../config/ledger-config';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { ProblemException } from '../http/problems';
import { Principal, PUBLIC_KEY, Role, ROLES, ROLES_KEY } from './roles';

const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256'];

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Every route is closed unless it says who may call it: a bearer JWT from the lender's identity
 * provider, checked for signature, issuer, audience and expiry, carrying one of the route's roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifyKeys: (token: string) => Promise<JWTPayload>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    const { auth } = config;
    const options = {
      issuer: auth.issuer,
      audience: auth.audience,
      clockTolerance: auth.clockToleranceSeconds,
      algorithms: ALGORITHMS,
    };
    if (auth.keys.kind === 'jwks') {
      const jwks = createLocalJWKSet(auth.keys.jwks as Parameters<typeof createLocalJWKSet>[0]);
      this.verifyKeys = async (token) => (await jwtVerify(token, jwks, options)).payload;
    } else {
      const keys = auth.keys.keys;
      this.verifyKeys = async (token) => {
        let last: unknown;
        for (const key of keys) {
          try {
            return (await jwtVerify(token, key as unknown as KeyLike, options)).payload;
          } catch (error) {
            last = error;
          }
        }
        throw last;
      };
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token =
      typeof header === 'string' && /^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(header)
        ? header.slice(7)
        : undefined;
    if (!token)
      throw new ProblemException('unauthenticated', 'send a bearer token from the lender’s identity provider');
    let payload: JWTPayload;
    try {
      payload = await this.verifyKeys(token);
    } catch {
      throw new ProblemException(
        'unauthenticated',
        'the bearer token is not valid (signature, issuer, audience or expiry)',
      );
    }
    const held = rolesOf(payload, this.config.auth.rolesClaim);
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    const role = allowed.find((r) => held.includes(r));
    if (!role || typeof payload.sub !== 'string' || payload.sub === '') {
      throw new ProblemException(
        'forbidden',
        allowed.length ? `this needs one of the roles: ${allowed.join(', ')}` : 'this route is closed',
      );
    }
    request.principal = { sub: payload.sub, roles: held, role };
    return true;
  }
}

function rolesOf(payload: JWTPayload, claim: string): Role[] {
  const value = claim
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], payload);
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return list.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string));
}
