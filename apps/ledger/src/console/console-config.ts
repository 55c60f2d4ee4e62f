import { ConfigError, integer } from '../config/env-values';

/** The browser console: how staff sign in, and how long a session lives. */
export interface ConsoleConfig {
  /** The organisation's OpenID Connect provider (its issuer URL, for discovery); absent: no provider sign-in. */
  readonly oidc?: {
    readonly issuer: string;
    readonly clientId: string;
    /** Absent: a public client, protected by PKCE alone. */
    readonly clientSecret?: string;
  };
  /** The ledger's origin as browsers reach it: the provider sends people back to `<publicUrl>/console/auth/callback`. */
  readonly publicUrl: string;
  /** A development sign-in that picks a role, without a provider; never in production. */
  readonly localSignIn: boolean;
  readonly sessionMs: number;
  /** Cookies marked Secure (whenever the public URL is https). */
  readonly secureCookies: boolean;
}

/**
 * The host part of the default origin: a listener on every interface (0.0.0.0, or :: which takes IPv4
 * too) is reached on the loopback, and an IPv6 address is written in brackets — `http://:::3000` was
 * no origin a browser (or the provider's redirect) could use.
 */
function originHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export function consoleFrom(env: NodeJS.ProcessEnv, production: boolean, host: string, port: number): ConsoleConfig {
  const issuer = env.LEDGER_CONSOLE_OIDC_ISSUER?.trim();
  const publicUrl = (env.LEDGER_CONSOLE_PUBLIC_URL?.trim() || `http://${originHost(host)}:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(publicUrl)) {
    throw new ConfigError('LEDGER_CONSOLE_PUBLIC_URL must be an origin, such as https://ledger.example.kz');
  }
  if (production && issuer && !publicUrl.startsWith('https://')) {
    throw new ConfigError('LEDGER_CONSOLE_PUBLIC_URL must be https in production (the session cookie is Secure)');
  }
  if (issuer && !isHttpUrl(issuer)) {
    throw new ConfigError(
      'LEDGER_CONSOLE_OIDC_ISSUER must be an http(s) URL, such as https://idp.example.kz/realms/staff',
    );
  }
  if (production && issuer && !issuer.startsWith('https://')) {
    throw new ConfigError('LEDGER_CONSOLE_OIDC_ISSUER must be https in production');
  }
  const local = env.LEDGER_CONSOLE_LOCAL_SIGN_IN?.trim() || undefined;
  if (local !== undefined && local !== 'on' && local !== 'off') {
    throw new ConfigError('LEDGER_CONSOLE_LOCAL_SIGN_IN must be on or off');
  }
  if (production && local === 'on') {
    throw new ConfigError(
      'LEDGER_CONSOLE_LOCAL_SIGN_IN cannot be on in production: staff sign in through the provider',
    );
  }
  const secret = env.LEDGER_CONSOLE_OIDC_CLIENT_SECRET;
  return {
    ...(issuer
      ? {
          oidc: {
            issuer,
            clientId: env.LEDGER_CONSOLE_OIDC_CLIENT_ID?.trim() || 'consent-ledger-console',
            ...(secret ? { clientSecret: secret } : {}),
          },
        }
      : {}),
    publicUrl,
    localSignIn: !production && local !== 'off',
    sessionMs: integer(env, 'LEDGER_CONSOLE_SESSION_MINUTES', 60, 1, 24 * 60) * 60 * 1000,
    secureCookies: publicUrl.startsWith('https://'),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
