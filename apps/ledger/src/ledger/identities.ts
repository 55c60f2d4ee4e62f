import { Inject, Injectable } from '@nestjs/common';
import { SubjectState } from '@ledger/consent-domain';
import { subjectStream } from '@ledger/ledger-log';
import { Identifiers, isSealed, KeyStore, maskIdentifiers, unseal } from '@ledger/personal-data';
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
    if (state.erased) return { status: 'erased', erasedAt: state.erased.occurredAt, reason: state.erased.reason };
    const sealed = [...state.consents].reverse().find((c) => isSealed(c.identifiers))?.identifiers;
    if (!sealed || !isSealed(sealed)) return { status: 'not-held' };
    const key = await this.keys.find(subjectId);
    if (key === 'destroyed') return { status: 'erased' };
    if (!key) return { status: 'not-held' };
    const identifiers = unseal<Identifiers>(sealed, key, subjectStream(subjectId));
    const full = viewer.role === 'auditor' || viewer.role === 'regulator';
    return { status: 'held', masked: !full, identifiers: full ? identifiers : maskIdentifiers(identifiers) };
  }
}
