import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyReply } from 'fastify';
import { BEARER_CHALLENGE, ProblemException } from '../http/problems';
import { IdentifiedRequest, identityOf } from './authenticate';
import { Principal, PUBLIC_KEY, Role, ROLES_KEY, roleFor } from './roles';
import { TokenVerifier } from './token-verifier';

export type AuthenticatedRequest = IdentifiedRequest & { principal?: Principal };

/**
 * Every route is closed unless it says who may call it: a bearer JWT from the lender's identity
 * provider (verified before the rate limits, see `authenticate`) carrying one of the route's roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const identity = await identityOf(this.verifier, request);
    switch (identity.kind) {
      case 'anonymous':
        throw new ProblemException('unauthenticated', 'send a bearer token from the lender’s identity provider');
      case 'refused':
        throw new ProblemException('unauthenticated', identity.detail, {}, undefined, {
          'www-authenticate': `${BEARER_CHALLENGE}, error="invalid_token"`,
        });
      case 'csrf-refused':
        throw new ProblemException(
          'csrf-token-invalid',
          'a console request that changes anything must carry the session’s X-CSRF-Token',
        );
      case 'keys-unavailable':
        void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', '5');
        throw new ProblemException(
          'identity-provider-unavailable',
          'the identity provider’s keys could not be fetched; no token can be checked now',
        );
    }
    const { token } = identity;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    const role = roleFor(token.roles, allowed);
    if (!role) {
      throw new ProblemException(
        'forbidden',
        allowed.length ? `this needs one of the roles: ${allowed.join(', ')}` : 'this route is closed',
      );
    }
    request.principal = { issuer: token.issuer, sub: token.sub, roles: token.roles, role };
    return true;
  }
}
