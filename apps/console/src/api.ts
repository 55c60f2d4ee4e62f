import type { components } from './openapi';

/** The ledger's own HTTP API, called with the session cookie; state-changing calls carry the CSRF token. */
let csrfToken = '';
export const setCsrfToken = (token: string) => {
  csrfToken = token;
};

/**
 * `ended`: the ledger no longer knows the page's session (expired, or signed out elsewhere);
 * `changed`: the browser's session is another one than the page's (signed in again in another tab),
 * so the page's CSRF token is refused.
 */
export type SessionEnd = 'ended' | 'changed';
let sessionEnded = (_why: SessionEnd) => {};
/** What the page does when its session is gone. */
export const whenSessionEnds = (handler: (why: SessionEnd) => void) => {
  sessionEnded = handler;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The fields a 400 problem names (its `errors`), so the page can say which input was wrong. */
    readonly fields: readonly string[] = [],
  ) {
    super(message);
  }
}

export interface CallOptions {
  readonly body?: unknown;
  /** The stated reason for looking, sent as X-Access-Reason. */
  readonly reason?: string;
}

async function call(method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.reason) headers['x-access-reason'] = encodeURIComponent(options.reason);
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch (error) {
    // No answer at all (network down, ledger gone): status 0, so the page can say what to do.
    throw new ApiError(0, 'unreachable', (error as Error).message);
  }
  if (response.status === 401 && path !== '/console/api/session') sessionEnded('ended');
  if (!response.ok) {
    let code = 'error';
    let message = response.statusText;
    let fields: string[] = [];
    try {
      const problem = (await response.json()) as {
        code?: string;
        detail?: string;
        title?: string;
        errors?: { field?: string }[];
      };
      code = problem.code ?? code;
      message = problem.detail ?? problem.title ?? message;
      fields = (problem.errors ?? []).flatMap((e) => (e.field ? [e.field] : []));
    } catch {
      /* not problem+json */
    }
    if (response.status === 403 && code === 'csrf-token-invalid') sessionEnded('changed');
    throw new ApiError(response.status, code, message, fields);
  }
  return response;
}

export async function get<T>(path: string, options?: CallOptions): Promise<T> {
  return (await call('GET', path, options)).json() as Promise<T>;
}

export async function post<T>(path: string, options?: CallOptions): Promise<T | undefined> {
  const response = await call('POST', path, options);
  return response.status === 204 ? undefined : ((await response.json()) as T);
}

/** Saves an answer as a file: fetched with the reason header, then handed to the browser. */
export async function download(path: string, fileName: string, reason: string): Promise<void> {
  const response = await call('GET', path, { reason });
  const blob = new Blob([JSON.stringify(await response.json(), null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The API's answers, as the ledger's OpenAPI document declares them (src/openapi.d.ts, generated). */
type Schemas = components['schemas'];
export type Catalogue = Schemas['CatalogueDto'];
export type Resolved = Schemas['ResolvedSubjectDto'];
export type ConsentView = Schemas['ConsentViewDto'];
export type ConsentState = Schemas['ConsentStateDto'];
export type Matrix = Schemas['MatrixDto'];
export type MatrixCell = Schemas['MatrixCellDto'];
export type Timeline = Schemas['TimelineDto'];
export type TimelineEvent = Schemas['TimelineEntryDto'];
export type SubjectReport = Schemas['SubjectReportDto'];
export type ReportPage = Schemas['ComplianceReportPageDto'];
export type Checkpoints = Schemas['CheckpointsDto'];

/** The console's own session route (not part of the API document). */
export interface Session {
  signedIn: boolean;
  oidc: boolean;
  localSignIn: boolean;
  sub?: string;
  roles?: string[];
  csrfToken?: string;
  /** When the session ends by itself, on the ledger's clock. */
  expiresAt?: string;
  language?: 'kk' | 'ru' | 'en';
}
