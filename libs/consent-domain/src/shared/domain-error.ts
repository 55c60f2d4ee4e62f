/**
 * What went wrong, in the ledger's words. The kind says what sort of failure it is; the app maps
 * kinds to transport statuses in one place, so the domain knows nothing of HTTP.
 */
export type DomainErrorKind =
  /** The command is malformed or names something the catalogue does not know. */
  | 'invalid'
  /** The command refers to something the ledger has no record of. */
  | 'not-found'
  /** The command clashes with the current state (already done, concurrent change). */
  | 'conflict'
  /** A rule of the law or the policy forbids it. */
  | 'refused';

export interface ErrorDetail {
  readonly field?: string;
  readonly code: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details: readonly ErrorDetail[] = []) =>
  new DomainError('invalid', code, message, details);
export const notFound = (code: string, message: string) => new DomainError('not-found', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const refused = (code: string, message: string, details: readonly ErrorDetail[] = []) =>
  new DomainError('refused', code, message, details);
