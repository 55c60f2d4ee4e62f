import { EventToAppend } from '@ledger/event-store';
import { canonicalCopy, canonicalJson, inCanonicalForm, jsonTexts } from './canonical-json';
import { CommandEnvelope, LedgerMetadata, SCHEMA_VERSIONS, toAppend } from './envelope';
import { eventIdFor } from './ids';
import { chainEvents, sha256 } from './integrity/hash-chain';

/**
 * The metadata every event of one command carries (toAppend's), written as JSON text once: each of
 * the command's events, and its claim, set in only their previous hash, their own hash and their
 * schema version. Undefined texts: the envelope holds something whose JSON.stringify text is not its
 * canonical JSON (a key like "0"), and its events are made the general way.
 */
export interface CommandMetadata {
  readonly envelope: CommandEnvelope;
  readonly texts?: {
    /** `{"$causationId":…,"$correlationId":…,"actor":…,"commandId":…` */
    readonly head: string;
    /** `,"imported":…,"occurredAt":…` (no `imported` when there is none) */
    readonly middle: string;
    /** `,"recordedAt":…,"requestDigest":…,"schemaVersion":` (no `requestDigest` when there is none) */
    readonly tail: string;
    readonly actor: CommandEnvelope['actor'];
    readonly imported?: CommandEnvelope['imported'];
  };
}

/** The metadata a command's events will share, its text written once. */
export function commandMetadata(envelope: CommandEnvelope): CommandMetadata {
  const causationId = envelope.causationId ?? envelope.commandId;
  const strings = [causationId, envelope.correlationId, envelope.commandId, envelope.occurredAt, envelope.recordedAt];
  if (!strings.every((s) => typeof s === 'string')) return { envelope };
  if (envelope.requestDigest !== undefined && typeof envelope.requestDigest !== 'string') return { envelope };
  // As toAppend takes them: in canonical form (the same object when it is already).
  const actorValue = inCanonicalForm(envelope.actor);
  const importedValue = envelope.imported ? inCanonicalForm(envelope.imported) : undefined;
  const actor = jsonTexts(actorValue);
  const imported = importedValue ? jsonTexts(importedValue) : undefined;
  // Only where the stored text is the hashed one: otherwise the store writes what JSON.stringify does.
  if (actor.canonical !== actor.plain || (imported && imported.canonical !== imported.plain)) return { envelope };
  return {
    envelope,
    texts: {
      head:
        `{"$causationId":${JSON.stringify(causationId)},"$correlationId":${JSON.stringify(envelope.correlationId)},` +
        `"actor":${actor.plain},"commandId":${JSON.stringify(envelope.commandId)}`,
      middle: `${imported ? `,"imported":${imported.plain}` : ''},"occurredAt":${JSON.stringify(envelope.occurredAt)}`,
      tail:
        `,"recordedAt":${JSON.stringify(envelope.recordedAt)}` +
        `${envelope.requestDigest ? `,"requestDigest":${JSON.stringify(envelope.requestDigest)}` : ''},"schemaVersion":`,
      actor: actorValue,
      imported: importedValue,
    },
  };
}

/**
 * A command's events as `chainEvents(stream, firstRevision, previousHash, toAppend(events, envelope))`
 * makes them — the same ids, data, metadata, hashes and stored text (`EventToAppend.json`) — but
 * each written once: the shared metadata's text comes from `metadata` (made once per command, its
 * claim's too), each event's data is copied and written once, its hash taken over one text, and its
 * metadata object made as it is stored rather than copied member by member twice. An event may
 * bring its own id (a claim's).
 */
export function commandEvents(
  stream: string,
  firstRevision: number,
  previousHash: string,
  events: readonly { readonly type: string; readonly data: object; readonly id?: string }[],
  metadata: CommandMetadata,
): EventToAppend[] {
  const { envelope, texts } = metadata;
  if (!texts) {
    const general = toAppend(events, envelope).map((e, i) =>
      events[i].id === undefined ? e : { ...e, id: events[i].id! },
    );
    return chainEvents(stream, firstRevision, previousHash, general);
  }
  const streamText = JSON.stringify(stream);
  let previous = previousHash;
  return events.map((event, index) => {
    const schemaVersion = SCHEMA_VERSIONS[event.type];
    if (schemaVersion === undefined) throw new Error(`no schema version for event type ${event.type}`);
    const id = event.id ?? eventIdFor(envelope.commandId, index);
    const data = canonicalCopy(event.data) as Record<string, unknown>;
    const dataText = jsonTexts(data);
    const previousMember = `,"previousHash":${JSON.stringify(previous)}`;
    const rest = `${texts.middle}${previousMember}${texts.tail}${schemaVersion}}`;
    const hash = sha256(
      `{"data":${dataText.canonical},"id":${JSON.stringify(id)},"metadata":${texts.head}${rest},` +
        `"revision":${canonicalJson(firstRevision + index)},"stream":${streamText},"type":${JSON.stringify(event.type)}}`,
    );
    // Its members in canonical order, as toAppend and chainEvents leave them.
    const stored: Record<string, unknown> = {
      $causationId: envelope.causationId ?? envelope.commandId,
      $correlationId: envelope.correlationId,
      actor: texts.actor,
      commandId: envelope.commandId,
      hash,
    };
    if (texts.imported) stored.imported = texts.imported;
    stored.occurredAt = envelope.occurredAt;
    stored.previousHash = previous;
    stored.recordedAt = envelope.recordedAt;
    if (envelope.requestDigest) stored.requestDigest = envelope.requestDigest;
    stored.schemaVersion = schemaVersion;
    previous = hash;
    const chained: EventToAppend = {
      id,
      type: event.type,
      data,
      metadata: stored as LedgerMetadata & Record<string, unknown>,
    };
    Object.defineProperty(chained, 'json', {
      value: { data: dataText.plain, metadata: `${texts.head},"hash":${JSON.stringify(hash)}${rest}` },
      enumerable: false,
    });
    return chained;
  });
}
