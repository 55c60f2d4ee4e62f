import { hash } from 'node:crypto';

/** The ledger's UUID namespace; fixed forever, since event ids derived from it are in the log. */
const LEDGER_NAMESPACE = '6f1d3c2a-8b4e-5d7f-9a1c-2e3b4c5d6e7f';
const LEDGER_NAMESPACE_BYTES = Buffer.from(LEDGER_NAMESPACE.replace(/-/g, ''), 'hex');

/** RFC 9562 version-5 UUID: the same name always gives the same id, so retries resend the same ids. */
export function uuidV5(name: string, namespace: string = LEDGER_NAMESPACE): string {
  // The ledger's own namespace is read once: every event id is made under it.
  const ns = namespace === LEDGER_NAMESPACE ? LEDGER_NAMESPACE_BYTES : Buffer.from(namespace.replace(/-/g, ''), 'hex');
  // One-shot SHA-1 (half the cost of a Hash object; every event and claim id is made here).
  const bytes = (hash('sha1', Buffer.concat([ns, Buffer.from(name, 'utf8')]), 'buffer') as unknown as Buffer).subarray(
    0,
    16,
  );
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the n-th event a command writes. */
export const eventIdFor = (commandId: string, index: number) => uuidV5(`event/${commandId}/${index}`);

/** Ids the ledger gives to what a command creates (consent, withdrawal, disclosure). */
export const entityIdFor = (kind: string, commandId: string) => uuidV5(`${kind}/${commandId}`);
