import { createHmac } from 'node:crypto';
import { pooledRandomBytes } from './random';
import { RecentCache } from './recent-cache';
import { categoryOf, idOf, inCategory, streamName } from '@ledger/event-store';

/**
 * Stream names in EventStoreDB's `category-id` form. A person's stream is named by a random
 * pseudonym, never by the IIN or anything computed from it: stream names end up in logs, URLs and
 * exports, and outlive the person's erasure.
 */
export const SUBJECT = 'subject';
export const POLICY = 'policy';
export const COMMAND = 'command';
export const CHECKPOINT = 'checkpoint';
export const ACCESS = 'access';
export const DEADLINE = 'deadline';
export const WEBHOOK = 'webhook';
export const IMPORT = 'import';

export const subjectStream = (subjectId: string) => streamName(SUBJECT, subjectId);
export const policyStream = (policyId: string) => streamName(POLICY, policyId);
export const commandStream = (keyDigest: string) => streamName(COMMAND, keyDigest);
/** Alarms about a person's open deadlines (Art. 8(7), Art. 19): codes only, apart from their facts. */
export const deadlineStream = (subjectId: string) => streamName(DEADLINE, subjectId);
/** A webhook subscriber's configuration, as compliance-admin set it. */
export const webhookStream = (subscriberId: string) => streamName(WEBHOOK, subscriberId);
/** One imported file, named by its digest: who imported it, when, and how it ended. */
export const importStream = (fileDigest: string) => streamName(IMPORT, fileDigest);
/** Who looked at a person's data; `access-bulk` for reads across many people. */
export const accessStream = (owner: string) => streamName(ACCESS, owner);
export const BULK = 'bulk';
/** Looks for people the ledger does not know, which name nobody. */
export const LOOKUP_MISSES_STREAM = streamName(ACCESS, 'misses');
/** Signed checkpoints over the whole log. */
export const CHECKPOINT_STREAM = streamName(CHECKPOINT, 'log');

export { categoryOf, idOf, inCategory };

/**
 * Keyed digests (HMAC-SHA-256 under the pseudonym key) of values the ledger must recognise again
 * without storing them: an IIN, to find the person's link in the key store; an idempotency key and a
 * correlation id, to spot a retry. A plain hash of a 12-digit IIN could be reversed by trying them
 * all; with the key it cannot, by anyone who does not hold it.
 */
export class Digests {
  /**
   * The digests of the idempotency keys seen last: one command asks for its key's digest several
   * times (its entity id, its claim, its events' correlation). A digest never changes, so a memo is safe.
   */
  private readonly recent = new RecentCache<string, string>(4096);

  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the pseudonym key must be at least 32 bytes');
  }

  /** Where the key store keeps the person's link: a name for the IIN that is not the IIN. */
  iin(iin: string): string {
    return this.of('iin', iin);
  }

  /** An idempotency key, correlation id or request as stored in the log. */
  command(value: string): string {
    let digest = this.recent.get(value);
    if (digest === undefined) {
      digest = this.of('command', value).slice(0, 32);
      this.recent.set(value, digest);
    }
    return digest;
  }

  of(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}:${value}`, 'utf8').digest('hex');
  }
}

/**
 * A new person's pseudonym: random, so that once their IIN link is destroyed nothing — no key the
 * ledger keeps — leads from the IIN back to the stream (Law 94-V Art. 18).
 */
export function newSubjectId(): string {
  return pooledRandomBytes(16).toString('hex');
}

/**
 * A command id the ledger draws for a write of its own (a look in the access log): random, in the
 * shape of a stored keyed digest (32 hex), so that it can be stored as it is (CommandMeta.drawn).
 */
export function drawnCommandId(): string {
  return pooledRandomBytes(16).toString('hex');
}
