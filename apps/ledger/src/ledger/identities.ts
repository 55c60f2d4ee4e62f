import { Inject, Injectable } from '@nestjs/common';
import { SubjectState } from '@ledger/consent-domain';
import { subjectStream } from '@ledger/ledger-log';
import {
  Identifiers,
  isSealed,
  isSealedLoanId,
  isWithheld,
  KeyStore,
  maskIdentifiers,
  openLoanId,
  unseal,
} from '@ledger/personal-data';
import { Principal } from '../auth/roles';
import { KEY_STORE } from './tokens';

export type ShownIdentity =
  | { readonly status: 'held'; readonly masked: boolean; readonly identifiers: Identifiers }
  | { readonly status: 'erased'; readonly erasedAt?: string; readonly reason?: string }
  | { readonly status: 'not-held' };

/**
 * Who a pseudonym is, for the people allowed to know: auditors and regulators see the identifiers,
 * everyone else sees them masked. Nothing is shown once the person's key is destroyed.
 */
@Injectable()
export class Identities {
  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  async show(subjectId: string, state: SubjectState, viewer: Principal): Promise<ShownIdentity> {
    const newest = [...state.consents].reverse().find((c) => isSealed(c.identifiers))?.identifiers;
    return this.showSealed(subjectId, state, newest, viewer);
  }

  /** The identifiers one grant sealed (a consent names the person as it gave them), as `show` shows them. */
  async showSealed(subjectId: string, state: SubjectState, sealed: unknown, viewer: Principal): Promise<ShownIdentity> {
    if (state.erased) return { status: 'erased', erasedAt: state.erased.occurredAt, reason: state.erased.reason };
    if (!sealed || !isSealed(sealed)) return { status: 'not-held' };
    const key = await this.keys.find(subjectId);
    if (key === 'destroyed') return { status: 'erased' };
    if (!key) return { status: 'not-held' };
    const identifiers = unseal<Identifiers>(sealed, key, subjectStream(subjectId));
    const full = viewer.role === 'auditor' || viewer.role === 'regulator';
    return { status: 'held', masked: !full, identifiers: full ? identifiers : maskIdentifiers(identifiers) };
  }

  /**
   * A person's data as a viewer may see it: free text sealed with their key (references, notes,
   * reasons) opened for auditors and regulators, shown as a placeholder to everyone else, and as
   * erased once the key is destroyed. `stream` is the stream the values were sealed for.
   */
  async reveal<T>(value: T, owner: string, stream: string, viewer: Principal): Promise<T> {
    if (!containsSealed(value)) return value;
    const full = viewer.role === 'auditor' || viewer.role === 'regulator';
    const key = full ? await this.keys.find(owner) : undefined;
    const open = (node: unknown): unknown => {
      if (isSealed(node)) {
        if (key === 'destroyed') return '[erased]';
        if (!key) return '[personal data]';
        try {
          return unseal(node, key, stream);
        } catch {
          return '[personal data]';
        }
      }
      if (isWithheld(node)) return '[erased]';
      if (isSealedLoanId(node)) {
        if (key === 'destroyed') return '[erased]';
        return (key && openLoanId(node, key, stream)) ?? '[personal data]';
      }
      if (Array.isArray(node)) return node.map(open);
      if (node !== null && typeof node === 'object') {
        return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, open(v)]));
      }
      return node;
    };
    return open(value) as T;
  }
}

/**
 * A person's sealed data as a view that shows none of it: each sealed value as `[personal data]`
 * (`[erased]` where it was withheld), never its envelope. For answers that have no need of it at all,
 * such as the compliance reports.
 */
export function sealedAsPlaceholders<T>(value: T): T {
  if (!containsSealed(value)) return value;
  const hide = (node: unknown): unknown => {
    if (isSealed(node) || isSealedLoanId(node)) return '[personal data]';
    if (isWithheld(node)) return '[erased]';
    if (Array.isArray(node)) return node.map(hide);
    if (node !== null && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, hide(v)]));
    return node;
  };
  return hide(value) as T;
}

function containsSealed(value: unknown): boolean {
  if (isSealed(value) || isWithheld(value) || isSealedLoanId(value)) return true;
  if (Array.isArray(value)) return value.some(containsSealed);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsSealed);
  return false;
}
