import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { fastifyCookie } from '@fastify/cookie';
import { IsIn } from 'class-validator';
import { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookie } from '../auth/authenticate';
import { PublicRoute, Role, ROLES } from '../auth/roles';
import { ACTOR_IS_IIN } from '../auth/token-verifier';
import { LedgerConfig } from '../config/ledger-config';
import { ProblemException } from '../http/problems';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { ConsoleOidc } from './oidc';
import { CONSOLE_LANGUAGES, ConsoleLanguage, ConsoleSession, ConsoleSessions, SESSION_COOKIE } from './sessions';

const SIGN_IN_COOKIE = 'ledger_sign_in';

export class LocalSignInDto {
  @IsIn([...ROLES])
  role!: Role;
}

export class LanguageDto {
  @IsIn([...CONSOLE_LANGUAGES])
  language!: ConsoleLanguage;
}

/**
 * The console's backend for its front end: sign-in through the organisation's provider (the ledger
 * is the OpenID client), the session cookie, and the member of staff's language. Everything about
 * people the console shows comes from the ledger's own API, under the session's roles.
 */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  private readonly oidc?: ConsoleOidc;

  constructor(
    private readonly sessions: ConsoleSessions,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    const settings = config.console.oidc;
    if (settings) {
      this.oidc = new ConsoleOidc(
        settings,
        `${config.console.publicUrl}/console/auth/callback`,
        config.auth.rolesClaim,
      );
    }
  }

  @PublicRoute()
  @Get()
  root(@Res() reply: FastifyReply) {
    return reply.redirect('/console/', 302);
  }

  @PublicRoute()
  @Get('console')
  console(@Res() reply: FastifyReply) {
    return reply.redirect('/console/', 302);
  }

  /** Who is signed in, their CSRF token, and how one may sign in. */
  @PublicRoute()
  @Get('console/api/session')
  session(@Req() request: FastifyRequest) {
    const session = this.sessions.find(sessionCookie(request));
    const ways = { oidc: this.oidc !== undefined, localSignIn: this.config.console.localSignIn };
    if (!session) return { signedIn: false, ...ways };
    return {
      signedIn: true,
      ...ways,
      sub: session.sub,
      roles: session.roles,
      via: session.via,
      csrfToken: session.csrfToken,
      expiresAt: new Date(session.expiresAt).toISOString(),
      ...(this.sessions.language(session) ? { language: this.sessions.language(session) } : {}),
    };
  }

  /** Development only: sign in as a role, without a provider. */
  @PublicRoute()
  @Post('console/auth/local')
  @HttpCode(204)
  local(@Body() body: LocalSignInDto, @Res({ passthrough: true }) reply: FastifyReply) {
    if (!this.config.console.localSignIn) {
      throw new ProblemException('local-sign-in-off', 'sign in through the organisation’s identity provider');
    }
    const session = this.sessions.create({
      issuer: 'consent-ledger-console-local',
      sub: `local-${body.role}`,
      roles: [body.role],
      via: 'local',
    });
    this.setSessionCookie(reply, session);
  }

  @PublicRoute()
  @Get('console/auth/sign-in')
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.oidc) throw new ProblemException('route-not-found', 'no identity provider is configured for the console');
    let started;
    try {
      started = await this.oidc.start();
    } catch (error) {
      // Discovery failed: the provider is away or not answering as one; as for bearer tokens, a 503.
      request.log.error(
        { problem: 'identity-provider-unavailable' },
        `console sign-in: the identity provider could not be reached: ${(error as Error).message}`,
      );
      void reply.header('retry-after', '5');
      throw new ProblemException(
        'identity-provider-unavailable',
        'the organisation’s identity provider cannot be reached; try signing in again shortly',
      );
    }
    const id = this.sessions.beginSignIn(started);
    // Lax, not Strict: the provider sends the browser back with a cross-site navigation.
    void reply.header(
      'set-cookie',
      fastifyCookie.serialize(SIGN_IN_COOKIE, id, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.console.secureCookies,
        path: '/console/auth/callback',
        maxAge: 600,
      }),
    );
    return reply.redirect(started.url, 302);
  }

  @PublicRoute()
  @Get('console/auth/callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const cookie = request.headers.cookie ? fastifyCookie.parse(request.headers.cookie)[SIGN_IN_COOKIE] : undefined;
    const pending = this.oidc ? this.sessions.takeSignIn(cookie) : undefined;
    if (!this.oidc || !pending) {
      throw new ProblemException(
        'sign-in-failed',
        'no sign-in was under way in this browser (or it took over 10 minutes)',
      );
    }
    let who;
    try {
      who = await this.oidc.finish(new URL(request.url, this.config.console.publicUrl), pending);
    } catch (error) {
      const message = (error as Error).message;
      request.log.warn({ problem: 'sign-in-failed' }, `console sign-in failed: ${message}`);
      throw new ProblemException(
        'sign-in-failed',
        message === ACTOR_IS_IIN ? message : 'the identity provider’s answer could not be accepted',
      );
    }
    const session = this.sessions.create({ ...who, via: 'oidc' });
    this.setSessionCookie(reply, session, [
      fastifyCookie.serialize(SIGN_IN_COOKIE, '', { path: '/console/auth/callback', maxAge: 0 }),
    ]);
    // A page of our own takes the browser on, so the Strict cookie goes with a same-site navigation.
    return reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/console/">' +
          '<link rel="icon" href="data:,"><title>Signed in</title></head><body><p><a href="/console/">Continue to the console</a></p></body></html>',
      );
  }

  @PublicRoute()
  @Post('console/auth/sign-out')
  @HttpCode(204)
  signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    this.signedIn(request);
    this.sessions.end(sessionCookie(request));
    void reply.header(
      'set-cookie',
      fastifyCookie.serialize(SESSION_COOKIE, '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'strict' }),
    );
  }

  @PublicRoute()
  @Post('console/api/language')
  @HttpCode(204)
  language(@Req() request: FastifyRequest, @Body() body: LanguageDto) {
    this.sessions.setLanguage(this.signedIn(request), body.language);
  }

  /** The session of a state-changing console request, which must carry its CSRF token. */
  private signedIn(request: FastifyRequest): ConsoleSession {
    const session = this.sessions.find(sessionCookie(request));
    if (!session) throw new ProblemException('unauthenticated', 'sign in to the console first');
    const given = request.headers['x-csrf-token'];
    if (!this.sessions.csrfMatches(session, typeof given === 'string' ? given : undefined)) {
      throw new ProblemException('csrf-token-invalid', 'send the session’s X-CSRF-Token');
    }
    return session;
  }

  private setSessionCookie(reply: FastifyReply, session: ConsoleSession, others: string[] = []): void {
    void reply.header('set-cookie', [
      ...others,
      fastifyCookie.serialize(SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: 'strict',
        secure: this.config.console.secureCookies,
        path: '/',
        maxAge: Math.floor(this.config.console.sessionMs / 1000),
      }),
    ]);
  }
}
