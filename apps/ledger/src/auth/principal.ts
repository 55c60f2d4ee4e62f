import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../http/problems';
import { AuthenticatedRequest } from './auth.guard';
import { Principal } from './roles';

/** The verified caller of this request (set by the AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new ProblemException('unauthenticated', 'this route needs an authenticated caller');
  return principal;
});
