import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { DataKey } from './sealing';

/**
 * A loan's id as the ledger keeps it: the lending core's contract number, sealed under the person's
 * own data key — deterministically, so that a fulfilment still meets the signing it closes. The
 * contract number names the person in the lender's own books; kept in clear it would lead from them
 * back to the history an erasure must leave unattributable (Law 94-V Art. 18). The initialisation
 * vector is a keyed digest of the id (as in AES-SIV), so equal ids seal alike and nothing more is told.
 */
const LOAN_ID_PREFIX = 'loan~';

export const isSealedLoanId = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(LOAN_ID_PREFIX);

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealLoanId(loanId: string, dataKey: DataKey, boundTo: string): string {
  const ivKey = createHmac('sha256', dataKey.key).update('loan-id iv key').digest();
  const iv = createHmac('sha256', ivKey).update(`${boundTo}\n${loanId}`, 'utf8').digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv);
  cipher.setAAD(Buffer.from(`loan-id\n${boundTo}`, 'utf8'));
  const ct = Buffer.concat([cipher.update(loanId, 'utf8'), cipher.final()]);
  return LOAN_ID_PREFIX + Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url');
}

/** The contract number again, or undefined when it does not open with this key and stream. */
export function openLoanId(sealed: string, dataKey: DataKey, boundTo: string): string | undefined {
  if (!isSealedLoanId(sealed)) return undefined;
  const bytes = Buffer.from(sealed.slice(LOAN_ID_PREFIX.length), 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`loan-id\n${boundTo}`, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Where a person's events hold loan ids: sealed this way (not with `seal`), so that they still compare. */
export const LOAN_ID_FIELDS: Readonly<Record<string, readonly string[]>> = {
  LoanContractSigned: ['loanId'],
  LoanObligationsFulfilled: ['loanId'],
  WithdrawalRefused: ['openLoans[]'],
};
