import { hash } from 'node:crypto';

/** The ledger's UUID namespace; fixed forever, since event ids derived from it are in the log. */
const LEDGER_NAMESPACE = '6f1d3c2a-8b4e-5d7f-9a1c-2e3b4c5d6e7f';

const LEDGER_NAMESPACE_BYTES = Buffer.from(LEDGER_NAMESPACE.replace(/-/g, ''), 'hex');

/**
 * Where a name is written after the ledger namespace's 16 bytes to be hashed: one buffer, reused (a
 * call runs to its end before the next), instead of three new ones for every id the ledger makes.
 */
let scratch = newScratch(512);

function newScratch(nameBytes: number): Buffer {
  const buffer = Buffer.alloc(16 + nameBytes);
  LEDGER_NAMESPACE_BYTES.copy(buffer, 0);
  return buffer;
}

/** The variant's hex digit (RFC 9562: 10xx) for each hex digit the hash gave there. */
const VARIANT: Record<string, string> = Object.fromEntries(
  [...'0123456789abcdef'].map((digit) => [digit, ((parseInt(digit, 16) & 0x3) | 0x8).toString(16)]),
);

/** RFC 9562 version-5 UUID: the same name always gives the same id, so retries resend the same ids. */
export function uuidV5(name: string, namespace: string = LEDGER_NAMESPACE): string {
  let hex: string;
  if (namespace === LEDGER_NAMESPACE) {
    // A UTF-16 unit is at most three bytes of UTF-8.
    if (16 + name.length * 3 > scratch.length) scratch = newScratch(name.length * 3);
    const length = scratch.write(name, 16, 'utf8');
    // One-shot SHA-1 (half the cost of a Hash object; every event and claim id is made here).
    hex = hash('sha1', scratch.subarray(0, 16 + length), 'hex');
  } else {
    const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    hex = hash('sha1', Buffer.concat([ns, Buffer.from(name, 'utf8')]), 'hex');
  }
  // Its first 16 bytes, with the version (5) and the variant set in.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${VARIANT[hex[16]]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The id of the n-th event a command writes. */
export const eventIdFor = (commandId: string, index: number) => uuidV5(`event/${commandId}/${index}`);

/** Ids the ledger gives to what a command creates (consent, withdrawal, disclosure). */
export const entityIdFor = (kind: string, commandId: string) => uuidV5(`${kind}/${commandId}`);
