import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Role } from '../auth/roles';
import { LedgerConfig } from '../config/ledger-config';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { ConsolePreferences } from '../infrastructure/console-preferences';

export const SESSION_COOKIE = 'ledger_session';
export const CONSOLE_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];

/** A signed-in member of staff, as the provider (or the development sign-in) said. */
export interface ConsoleSession {
  readonly id: string;
  readonly issuer: string;
  readonly sub: string;
  readonly roles: readonly Role[];
  /** Sent back by the page on every state-changing request (synchronizer token). */
  readonly csrfToken: string;
  readonly expiresAt: number;
  readonly via: 'oidc' | 'local';
}

/** A sign-in under way: what the callback must find again (state, nonce, PKCE verifier). */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly expiresAt: number;
}

const MAX_SESSIONS = 10_000;
const SIGN_IN_MS = 10 * 60 * 1000;

/**
 * Sessions of the console, in this process's memory: the browser holds only a random id in an
 * HttpOnly cookie. The language each member of staff chose is kept on disk, by a digest of who they
 * are, so it is remembered from one sign-in to the next.
 */
@Injectable()
export class ConsoleSessions implements OnModuleDestroy {
  private readonly sessions = new Map<string, ConsoleSession>();
  private readonly pending = new Map<string, PendingSignIn>();
  private readonly preferences: ConsolePreferences;

  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    this.preferences = new ConsolePreferences(config.dataDir);
  }

  create(who: { issuer: string; sub: string; roles: readonly Role[]; via: 'oidc' | 'local' }, now = Date.now()) {
    this.sweep(now);
    const session: ConsoleSession = {
      ...who,
      id: randomBytes(32).toString('base64url'),
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: now + this.config.console.sessionMs,
    };
    this.sessions.set(digest(session.id), session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    return session;
  }

  find(id: string | undefined, now = Date.now()): ConsoleSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(digest(id));
    if (!session) return undefined;
    if (session.expiresAt <= now) {
      this.sessions.delete(digest(id));
      return undefined;
    }
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  /** Whether `given` is the session's CSRF token (compared in constant time). */
  csrfMatches(session: ConsoleSession, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  beginSignIn(sign: Omit<PendingSignIn, 'expiresAt'>, now = Date.now()): string {
    this.sweep(now);
    const id = randomBytes(24).toString('base64url');
    this.pending.set(digest(id), { ...sign, expiresAt: now + SIGN_IN_MS });
    if (this.pending.size > MAX_SESSIONS) this.pending.delete(this.pending.keys().next().value as string);
    return id;
  }

  /** The sign-in under way for this cookie, used once. */
  takeSignIn(id: string | undefined, now = Date.now()): PendingSignIn | undefined {
    if (!id) return undefined;
    const found = this.pending.get(digest(id));
    this.pending.delete(digest(id));
    return found && found.expiresAt > now ? found : undefined;
  }

  language(session: ConsoleSession): ConsoleLanguage | undefined {
    const language = this.preferences.language(userKey(session));
    return (CONSOLE_LANGUAGES as readonly string[]).includes(language ?? '')
      ? (language as ConsoleLanguage)
      : undefined;
  }

  setLanguage(session: ConsoleSession, language: ConsoleLanguage): void {
    this.preferences.setLanguage(userKey(session), language);
  }

  onModuleDestroy(): void {
    this.preferences.close();
  }

  private sweep(now: number): void {
    for (const [key, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(key);
    for (const [key, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(key);
  }
}

/** Ids are kept by digest: a dump of memory does not hand out live cookies. */
const digest = (id: string) => createHash('sha256').update(id).digest('base64url');
/** Who a member of staff is, without keeping their provider id in the clear. */
const userKey = (s: { issuer: string; sub: string }) =>
  createHash('sha256').update(`${s.issuer}\n${s.sub}`).digest('hex');
