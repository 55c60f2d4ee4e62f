import { createHmac } from 'node:crypto';
import { categoryOf, idOf, streamName } from '@ledger/event-store';

/**
 * Stream names in EventStoreDB's `category-id` form. A person's stream is named by a keyed
 * pseudonym of the IIN, never by the IIN itself: stream names end up in logs, URLs and exports.
 */
export const SUBJECT = 'subject';
export const POLICY = 'policy';
export const COMMAND = 'command';
export const CHECKPOINT = 'checkpoint';

export const subjectStream = (subjectId: string) => streamName(SUBJECT, subjectId);
export const policyStream = (policyId: string) => streamName(POLICY, policyId);
export const commandStream = (keyDigest: string) => streamName(COMMAND, keyDigest);
/** Signed checkpoints over the whole log. */
export const CHECKPOINT_STREAM = streamName(CHECKPOINT, 'log');

export { categoryOf, idOf };

/** HMAC-SHA-256 of the IIN under the ledger's pseudonym key, 128 bits in hex. */
export class Pseudonymiser {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the pseudonym key must be at least 32 bytes');
  }

  subjectId(iin: string): string {
    return createHmac('sha256', this.key).update(`iin:${iin}`, 'utf8').digest('hex').slice(0, 32);
  }
}

export const isSubjectId = (value: string) => /^[0-9a-f]{32}$/.test(value);
