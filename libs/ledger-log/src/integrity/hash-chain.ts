import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson, inCanonicalForm, jsonTexts, memberTexts, withMember } from '../canonical-json';
import { StoredText } from '@ledger/event-store';

/**
 * Tamper evidence, as the docs define it (docs/integrity.md):
 *
 *   eventHash = SHA-256( JCS({ stream, revision, id, type, data, metadata without `hash` }) )
 *
 * where JCS is RFC 8785 canonical JSON, and `metadata.previousHash` is the hash of the previous
 * event of the same stream (64 zeros for revision 0). Changing, removing or reordering any event
 * breaks its stream's chain. The log as a whole is chained too, in global order:
 *
 *   logHash(0) = 64 zeros;  logHash(n) = SHA-256( logHash(n-1) ‖ eventHash(n) )   (hex strings)
 *
 * and signed checkpoints commit to a count and a logHash, which catches truncation and reordering
 * across streams.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashableEvent {
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

export function eventHash(event: HashableEvent): string {
  const { hash: _hash, ...metadata } = event.metadata;
  if (event.data === undefined) return sha256(canonicalJson({ ...event, metadata }));
  return hashOfTexts(event, canonicalJson(event.data), canonicalJson(metadata));
}

/**
 * The hash from the canonical JSON of the event's data and of its metadata (without `hash`): the
 * canonical JSON of { stream, revision, id, type, data, metadata }, written with its members
 * already in canonical order: data, id, metadata, revision, stream, type.
 */
function hashOfTexts(
  event: Pick<HashableEvent, 'stream' | 'revision' | 'id' | 'type'>,
  data: string,
  metadata: string,
): string {
  return sha256(
    `{"data":${data},"id":${canonicalJson(event.id)},"metadata":${metadata},` +
      `"revision":${canonicalJson(event.revision)},"stream":${canonicalJson(event.stream)},"type":${canonicalJson(event.type)}}`,
  );
}

/**
 * Adds `previousHash` and `hash` to events about to be appended at `firstRevision`. Data and metadata
 * are stored with their keys in canonical order (same content, same hash), so that exports and
 * projections can write their canonical JSON with JSON.stringify alone.
 *
 * Each event also carries (not enumerable, so a copy of it does not) its data and metadata as the
 * JSON text a store keeps (`EventToAppend.json`): the text written for its hash, written once.
 */
export function chainEvents<E extends { id: string; type: string; data: unknown; metadata: Record<string, unknown> }>(
  stream: string,
  firstRevision: number,
  previousHash: string,
  events: readonly E[],
): E[] {
  let previous = previousHash;
  return events.map((event, i) => {
    // Already canonical when it comes from toAppend: then it is checked, not copied again.
    const data = inCanonicalForm(event.data);
    const given = inCanonicalForm(event.metadata);
    const metadata = withMember(given, 'previousHash', previous);
    const revision = firstRevision + i;
    const members = data === undefined || 'hash' in given ? undefined : memberTexts(metadata);
    if (!members) {
      const hash = eventHash({ stream, revision, id: event.id, type: event.type, data, metadata });
      previous = hash;
      return { ...event, data, metadata: withMember(metadata, 'hash', hash) };
    }
    const dataText = jsonTexts(data);
    const body = members.texts.join(',');
    const hash = hashOfTexts({ stream, revision, id: event.id, type: event.type }, dataText.canonical, `{${body}}`);
    previous = hash;
    // The stored metadata is the hashed one with `hash` in its canonical place: before the first
    // member whose key comes after it, found by the lengths of the members' texts and their commas.
    const member = `"hash":${JSON.stringify(hash)}`;
    let at = 0;
    let n = 0;
    for (; n < members.keys.length && members.keys[n] < 'hash'; n++) at += members.texts[n].length + 1;
    const metadataText =
      n === members.keys.length
        ? `{${body}${body === '' ? '' : ','}${member}}`
        : `{${body.slice(0, at)}${member},${body.slice(at)}}`;
    const chained = { ...event, data, metadata: withMember(metadata, 'hash', hash) };
    Object.defineProperty(chained, 'json', {
      value: { data: dataText.plain, metadata: metadataText },
      enumerable: false,
    });
    return chained;
  });
}

/** An event as a store keeps it (data and metadata as the JSON text that was written), wherever it lies. */
export type HashableText = Omit<StoredText, 'position'>;

/**
 * The hashed JSON of a stored event — `{data, id, metadata without hash, revision, stream, type}` —
 * written around its stored data and metadata text as they are, or undefined when those bytes do not
 * hash to `recordedHash`. The ledger stores data and metadata in canonical order (`chainEvents`), so
 * for its own events this is the JCS form `eventHash` hashes, without parsing or writing JSON again.
 * Undefined means "not settled here": text in another order or spelling (an older event), or changed;
 * the caller then parses and canonicalises it, as `eventHash` does, and decides.
 *
 * As strict as hashing the canonical form: SHA-256 ties `recordedHash` to exactly these bytes, and the
 * caller uses what it parses from these same bytes (a valid JSON value cannot end early inside the
 * hashed text, so the data and the metadata are those that were hashed; the one member cut out is
 * the top-level `hash`, the only one the hashed metadata lacks). It is the rule `audit verify` applies
 * to an export line: the hash of the bytes as written.
 */
export function hashedText(event: HashableText, recordedHash: string): string | undefined {
  // No need to check that `recordedHash` is hex before searching for it: only a SHA-256 in hex can
  // equal the digest compared at the end, and for such a value the member searched is one member.
  const metadata = event.metadata;
  const member = `"hash":"${recordedHash}"`;
  const at = metadata.indexOf(member);
  if (at < 0) return undefined;
  const end = at + member.length;
  const withoutHash =
    metadata.charCodeAt(end) === 44 /* , */
      ? metadata.slice(0, at) + metadata.slice(end + 1)
      : metadata.charCodeAt(at - 1) === 44
        ? metadata.slice(0, at - 1) + metadata.slice(end)
        : metadata.slice(0, at) + metadata.slice(end);
  const body =
    `{"data":${event.data},"id":${jsonString(event.id)},"metadata":${withoutHash},` +
    `"revision":${JSON.stringify(event.revision)},"stream":${jsonString(event.stream)},"type":${jsonString(event.type)}}`;
  return sha256(body) === recordedHash ? body : undefined;
}

/** What JSON.stringify would escape: a quote, a backslash, a control character, a surrogate (a lone one is escaped). */
// eslint-disable-next-line no-control-regex -- control characters are among what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(text)`, written without the serialiser when nothing in it needs escaping (ids,
 * stream names and types, three times an event): the same text, for a third of the cost.
 */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Whether JSON.stringify would write `text` otherwise than between two quotes. */
export function needsEscape(text: string): boolean {
  return NEEDS_ESCAPE.test(text);
}

export function nextLogHash(logHash: string, hashOfEvent: string): string {
  return sha256(logHash + hashOfEvent);
}

/** SHA-256 of the UTF-8 bytes, hex. One-shot `crypto.hash`: it runs once or twice per event in an export. */
export function sha256(text: string | Uint8Array): string {
  return oneShotHash('sha256', text, 'hex');
}

/**
 * A stored event does not match its recorded hash, or does not chain to the event before it: the
 * log was changed outside the ledger. Nothing may be decided or answered on it.
 */
export class IntegrityFailure extends Error {
  readonly code = 'integrity-failure';
  constructor(
    readonly stream: string,
    readonly revision: number,
    readonly reason: 'content-changed' | 'chain-broken' | 'revision-gap',
  ) {
    super(`${stream} revision ${revision}: ${reason.replace('-', ' ')}`);
    this.name = 'IntegrityFailure';
  }
}

/**
 * `verifiedHash` for an event read as stored text, its metadata parsed: the recorded hash once the
 * stored bytes hash to it (`hashedText`) and it chains to `previous`; undefined when the bytes do not
 * settle it, and the caller then checks the parsed event with `verifiedHash`. A revision gap or a
 * broken chain throws here as there.
 */
export function verifiedStoredHash(
  event: HashableText,
  metadata: Record<string, unknown>,
  previous: { readonly revision: number; readonly hash: string },
): string | undefined {
  if (event.revision !== previous.revision + 1)
    throw new IntegrityFailure(event.stream, event.revision, 'revision-gap');
  const recorded = metadata.hash;
  if (typeof recorded !== 'string' || hashedText(event, recorded) === undefined) return undefined;
  if (metadata.previousHash !== previous.hash) throw new IntegrityFailure(event.stream, event.revision, 'chain-broken');
  return recorded;
}

/** The hash of a stored event after checking it against its record and its predecessor's. */
export function verifiedHash(
  event: HashableEvent,
  previous: { readonly revision: number; readonly hash: string },
): string {
  if (event.revision !== previous.revision + 1)
    throw new IntegrityFailure(event.stream, event.revision, 'revision-gap');
  const hash = eventHash(event);
  if (event.metadata.hash !== hash) throw new IntegrityFailure(event.stream, event.revision, 'content-changed');
  if (event.metadata.previousHash !== previous.hash)
    throw new IntegrityFailure(event.stream, event.revision, 'chain-broken');
  return hash;
}
