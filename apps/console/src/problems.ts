import { ApiError } from './api';
import type { Words } from './i18n';

/** A failed call told to a member of staff: in the page's words, what to do next, and whether trying again may help. */
export interface Explained {
  readonly text: string;
  readonly retry: boolean;
}

/**
 * The ledger's problem in the page's language. Its code stays in brackets for the operators; its
 * detail is the ledger's English, which support staff may not read and cannot act on.
 */
export function explain(t: Words, error: unknown): Explained {
  if (!(error instanceof ApiError)) return { text: `${t.failed} (${String(error)})`, retry: true };
  const { status, code } = error;
  if (status === 0) return { text: t.unreachable, retry: true };
  if (status === 429) return { text: t.tooMany, retry: true };
  if (status === 502 || status === 503 || status === 504)
    return { text: `${t.unavailable} (${status} ${code})`, retry: true };
  if (status >= 500) return { text: `${t.failed} (${status} ${code})`, retry: true };
  if (code === 'unknown-subject') return { text: t.notFound, retry: false };
  if (status === 403 && code === 'forbidden') return { text: t.notAllowedPage, retry: false };
  return { text: `${code}: ${error.message}`, retry: false };
}
