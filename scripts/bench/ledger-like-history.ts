/**
 * A history shaped like the ledger's, written straight into a store for benchmarks: per person a
 * grant, a disclosure and a withdrawal (each behind its own idempotency claim, as the executor
 * writes them) and a look at their data; a signed checkpoint every 10,000 events. Every event is
 * chained and the checkpoints fold the log hash exactly as the ledger does, so the export verifies.
 */
import { randomBytes } from 'node:crypto';
import { EventStore, EventToAppend } from '@ledger/event-store';
import {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  chainEvents,
  eventHash,
  GENESIS_HASH,
  nextLogHash,
  signPayload,
  SigningKey,
  toAppend,
} from '@ledger/ledger-log';

const CHECKPOINT_EVERY = 10_000;
const BATCH = 200;

export async function fillLedgerLike(store: EventStore, atLeast: number, key: SigningKey): Promise<number> {
  let written = 0;
  let logHash = GENESIS_HASH;
  let lastEventId = '';
  let sinceCheckpoint = 0;
  let checkpointRevision = -1;
  let person = 0;
  const start = Date.parse('2025-01-01T00:00:00Z');
  while (written < atLeast) {
    // One batch of appends made together, so the store commits them as a group.
    const appends: { stream: string; events: EventToAppend[] }[] = [];
    for (let i = 0; i < BATCH && written < atLeast; i++, person++) {
      const subject = randomBytes(16).toString('hex');
      const at = new Date(start + person * 1000).toISOString();
      const subjectEvents: EventToAppend[] = [];
      for (const [n, event] of personEvents(person).entries()) {
        const commandId = `bench-${person}-${n}`;
        const envelope = {
          commandId,
          correlationId: commandId,
          actor: { kind: 'client' as const, id: 'lending-core', role: 'lending-core' },
          occurredAt: at,
          recordedAt: at,
          requestDigest: randomBytes(32).toString('hex'),
        };
        const digest = randomBytes(16).toString('hex');
        appends.push({
          stream: `command-${digest}`,
          events: toAppend([{ type: 'CommandReceived', data: { commandType: event.type, key: commandId } }], envelope),
        });
        subjectEvents.push(...toAppend([event], { ...envelope, commandId: `${commandId}-e` }));
      }
      appends.push({ stream: `subject-${subject}`, events: subjectEvents });
      appends.push({
        stream: `access-${subject}`,
        events: toAppend(
          [
            {
              type: 'PersonalDataAccessed',
              data: {
                accessor: { sub: 'support-7', role: 'support' },
                view: 'consents',
                parameters: { at, knownAt: at },
                reason: sealed(),
              },
            },
          ],
          {
            commandId: `look-${person}`,
            correlationId: `look-${person}`,
            actor: { kind: 'user', id: 'support-7', role: 'support' },
            occurredAt: at,
            recordedAt: at,
          },
        ),
      });
      written += subjectEvents.length + 4; // three claims and one look
    }
    const chained = appends.map((a) => ({
      stream: a.stream,
      events: chainEvents(a.stream, 0, GENESIS_HASH, a.events),
    }));
    await Promise.all(chained.map((a) => store.append(a.stream, a.events, 'no-stream')));
    // The store assigns global order; fold the log hash the way the log-chain projection does.
    for (const a of chained) {
      for (const e of a.events) {
        logHash = nextLogHash(logHash, e.metadata.hash as string);
        lastEventId = e.id;
        sinceCheckpoint += 1;
      }
    }
    if (sinceCheckpoint >= CHECKPOINT_EVERY) {
      const count = written;
      const body = { eventsCovered: count, lastEventId, logHash, keyId: key.keyId, algorithm: 'Ed25519' as const };
      const at = new Date(start + person * 1000).toISOString();
      const [event] = toAppend(
        [{ type: CHECKPOINT_EVENT_TYPE, data: { ...body, signature: signPayload(key, body) } }],
        {
          commandId: `checkpoint-${count}`,
          correlationId: `checkpoint-${count}`,
          actor: { kind: 'system', id: 'checkpoint-writer' },
          occurredAt: at,
          recordedAt: at,
        },
      );
      const previous = checkpointRevision < 0 ? GENESIS_HASH : await lastHashOf(store, CHECKPOINT_STREAM);
      const [chainedCheckpoint] = chainEvents(CHECKPOINT_STREAM, checkpointRevision + 1, previous, [event]);
      await store.append(
        CHECKPOINT_STREAM,
        [chainedCheckpoint],
        checkpointRevision < 0 ? 'no-stream' : checkpointRevision,
      );
      checkpointRevision += 1;
      logHash = nextLogHash(
        logHash,
        eventHash({ stream: CHECKPOINT_STREAM, revision: checkpointRevision, ...chainedCheckpoint }),
      );
      lastEventId = chainedCheckpoint.id;
      written += 1;
      sinceCheckpoint = 0;
    }
  }
  return written;
}

async function lastHashOf(store: EventStore, stream: string): Promise<string> {
  const events = await store.readStream(stream);
  return events[events.length - 1].metadata.hash as string;
}

function sealed() {
  return {
    $sealed: {
      v: 1,
      alg: 'A256GCM',
      kid: randomBytes(8).toString('hex'),
      iv: randomBytes(12).toString('base64'),
      ct: randomBytes(48).toString('base64'),
      tag: randomBytes(16).toString('base64'),
    },
  };
}

function personEvents(person: number): { type: string; data: Record<string, unknown> }[] {
  const consentId = `c-${person}`;
  return [
    {
      type: 'ConsentGranted',
      data: {
        consentId,
        purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
        dataCategories: ['full-name', 'iin', 'salary-amount', 'credit-history'],
        recipients: ['first-credit-bureau', 'advertising-partners'],
        crossBorderTransferAllowed: false,
        publicationAllowed: false,
        notifyOnDisclosure: false,
        term: { kind: 'until-purposes-achieved' },
        policyShown: { policyId: 'privacy', version: '2025.1' },
        language: person % 2 ? 'kk' : 'ru',
        collectionMethod: 'sms-one-time-code',
        evidence: [{ kind: 'sms-log', reference: `sms-gw/${person}` }],
        identifiers: sealed(),
      },
    },
    {
      type: 'DisclosureRecorded',
      data: {
        disclosureId: `d-${person}`,
        recipient: 'first-credit-bureau',
        purpose: 'credit-and-pension-checks',
        dataCategories: ['iin', 'credit-history'],
        basis: { kind: 'consent', consents: [{ consentId, dataCategories: ['iin', 'credit-history'] }] },
      },
    },
    {
      type: 'ConsentWithdrawn',
      data: {
        withdrawalId: `w-${person}`,
        scope: { purposes: ['advertising'] },
        channel: 'paper',
        consentIds: [consentId],
      },
    },
  ];
}
