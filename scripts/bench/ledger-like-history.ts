/**
 * A history shaped like the ledger's, written straight into a store for benchmarks, since writing
 * millions of events through HTTP would take hours. What makes it the ledger's shape:
 *
 * - the events are decided by the domain's own deciders (a policy version, then per person a grant,
 *   a disclosure and a withdrawal of advertising), so their data is exactly what a command writes;
 * - each command is written as the command executor writes it: its idempotency claim and its events
 *   together, at the stream revision it expects, with the executor's envelope (keyed digests of the
 *   idempotency key, the request digest) and the person's free text and identifiers sealed;
 * - each person's data is looked at three times (two consent checks and the consent state), as the
 *   access log writes it;
 * - every event is hash-chained in its stream, and a signed checkpoint is written every 10,000
 *   events with the log hash, last event and last position, as the checkpoint writer signs them.
 *
 * So the projection runner (which checks every hash and chain) rebuilds read models from it, checks
 * are answered for its people, and `audit verify` passes on its export. Ten events per person.
 * The data keys that sealed are not kept (no key store is written): checks never open them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppendResult, EventStore, EventToAppend, StoredEvent } from '@ledger/event-store';
import {
  CatalogueIndex,
  evolveSubject,
  initialSubjectState,
  LENDER_CATALOGUE,
  PolicyBook,
  PolicyEvent,
  policyDecider,
  SubjectCommand,
  SubjectEvent,
  subjectDecider,
  SubjectState,
  TimeRules,
} from '@ledger/consent-domain';
import {
  accessStream,
  canonicalJson,
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  chainEvents,
  commandStream,
  Digests,
  entityIdFor,
  eventHash,
  GENESIS_HASH,
  nextLogHash,
  policyStream,
  signPayload,
  SigningKey,
  subjectStream,
  toAppend,
  toRecorded,
  uuidV5,
} from '@ledger/ledger-log';
import { seal } from '@ledger/personal-data';

/** Bump when what is generated changes: cached stores are keyed by it. */
export const LEDGER_LIKE_VERSION = 5;
export const EVENTS_PER_PERSON = 10;
const CHECKPOINT_EVERY = 10_000;
const START = Date.parse('2025-01-01T00:00:00Z');
const TIME: TimeRules = { lateWindowMs: 30 * 86_400_000, clockSkewMs: 120_000 };
const CATALOGUE = new CatalogueIndex(LENDER_CATALOGUE);
const LENDING_CORE = { kind: 'client' as const, id: 'lending-core', role: 'lending-core' };

/**
 * The ledger's clock as the history is written: never back in the log's order, as the service's
 * (audit verify refuses a log recorded more than the widest clock skew back). A fact is recorded a
 * second after it happened, or later — keyed in late — when the log has moved on past it.
 */
class LedgerClock {
  private last = 0;

  recordedAfter(occurredAt: string): string {
    this.last = Math.max(this.last, Date.parse(occurredAt) + 1000);
    return new Date(this.last).toISOString();
  }

  now(): string {
    return new Date(this.last).toISOString();
  }
}

/** Person n's pseudonym: derived, so that a benchmark can ask about people it did not write. */
export function benchSubjectId(person: number): string {
  return createHash('sha256').update(`bench-person-${person}`).digest('hex').slice(0, 32);
}

/** A question every generated person's consent answers yes to (the withdrawal took advertising only). */
export const BENCH_CHECK = {
  purpose: 'credit-and-pension-checks',
  recipient: 'first-credit-bureau',
  dataCategories: ['iin', 'full-name'],
} as const;

export interface FillOptions {
  /** The service's pseudonym key, so that the digests are the ones it would write. */
  readonly pseudonymKey?: Buffer;
  readonly onProgress?: (events: number) => void;
  /** Events between signed checkpoints (default 10,000). */
  readonly checkpointEvery?: number;
}

/** Writes at least `atLeast` events (whole people and checkpoints); returns how many. */
export async function fillLedgerLike(
  store: EventStore,
  atLeast: number,
  key: SigningKey,
  options: FillOptions = {},
): Promise<number> {
  return (await fillLedgerLikeHistory(store, atLeast, key, options)).events;
}

/** As fillLedgerLike; also says how many people (0 … people − 1, see benchSubjectId) it wrote. */
export async function fillLedgerLikeHistory(
  store: EventStore,
  atLeast: number,
  key: SigningKey,
  options: FillOptions = {},
): Promise<{ events: number; people: number }> {
  const digests = new Digests(options.pseudonymKey ?? randomBytes(32));
  const checkpointEvery = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const log = new LogFold(store, key, checkpointEvery);
  const policies = await log.publishPolicy(digests);
  // People written per round, one group commit per step of a round: a checkpoint's worth at most.
  const roundSize = Math.max(1, Math.floor(checkpointEvery / EVENTS_PER_PERSON));
  let person = 0;
  while (log.events < atLeast) {
    const round: Person[] = [];
    for (let i = 0; i < roundSize && log.events + round.length * EVENTS_PER_PERSON < atLeast; i++) {
      round.push(new Person(person++, digests, policies, log.clock));
    }
    if (round.length === 0) round.push(new Person(person++, digests, policies, log.clock));
    // Step by step, everyone in the round at once: the log interleaves people as a busy ledger does.
    for (let step = 0; step < STEPS.length; step++) {
      await log.write(round.map((p) => p.step(step)).flat());
    }
    await log.checkpointIfDue();
    options.onProgress?.(log.events);
  }
  return { events: log.events, people: person };
}

/** One person's commands, in the order they happen, as the executor would write them. */
class Person {
  private state: SubjectState = initialSubjectState();
  private revision = -1;
  private lastHash = GENESIS_HASH;
  private readonly subjectId: string;
  private readonly stream: string;
  private readonly dataKey = { keyId: randomBytes(8).toString('hex'), key: randomBytes(32) };
  private readonly at: number;
  private consentId = '';

  constructor(
    private readonly n: number,
    private readonly digests: Digests,
    private readonly policies: PolicyBook,
    private readonly clock: LedgerClock,
  ) {
    this.subjectId = benchSubjectId(n);
    this.stream = subjectStream(this.subjectId);
    // One new person a second from the start of 2025.
    this.at = START + n * 1000;
  }

  step(step: number): Append[] {
    return STEPS[step](this);
  }

  grant(): Append[] {
    const key = `grant-${this.n}`;
    this.consentId = entityIdFor('consent', this.digests.command(key));
    const occurredAt = this.time(0);
    return this.command(key, occurredAt, {
      type: 'GrantConsent',
      data: {
        consentId: this.consentId,
        purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
        dataCategories: ['full-name', 'iin', 'salary-amount', 'pension-contributions', 'credit-history'],
        recipients: ['first-credit-bureau', 'enpf', 'advertising-partners'],
        crossBorderTransferAllowed: false,
        publicationAllowed: false,
        notifyOnDisclosure: false,
        term: { kind: 'until-purposes-achieved' },
        policyShown: { policyId: 'privacy', version: '2025.1' },
        language: this.n % 2 ? 'kk' : 'ru',
        collectionMethod: 'sms-one-time-code',
        evidence: [{ kind: 'sms-log', reference: this.seal(`sms-gw/${this.n}`) as unknown as string }],
        identifiers: this.seal({ iin: `bench-${this.n}`, fullName: `Person ${this.n}`, phone: '+77010000000' }),
        occurredAt,
      },
    });
  }

  disclose(): Append[] {
    const key = `disclose-${this.n}`;
    return this.command(key, this.time(600_000), {
      type: 'RecordDisclosure',
      data: {
        disclosureId: entityIdFor('disclosure', this.digests.command(key)),
        recipient: 'first-credit-bureau',
        purpose: 'credit-and-pension-checks',
        dataCategories: ['iin', 'full-name', 'credit-history'],
        occurredAt: this.time(600_000),
      },
    });
  }

  withdraw(): Append[] {
    const key = `withdraw-${this.n}`;
    return this.command(key, this.time(3_600_000), {
      type: 'WithdrawConsent',
      data: {
        withdrawalId: entityIdFor('withdrawal', this.digests.command(key)),
        consentId: this.consentId,
        scope: { purposes: ['advertising'] },
        channel: 'web-checkbox',
        evidence: [],
        occurredAt: this.time(3_600_000),
      },
    });
  }

  /** Two checks by the lending core and a look at the consent state, as the access log writes them. */
  looks(): Append[] {
    const stream = accessStream(this.subjectId);
    const events: EventToAppend[] = [];
    let previous = GENESIS_HASH;
    for (const [i, offset] of [30_000, 590_000, 4_000_000].entries()) {
      const at = this.time(offset);
      const check = i < 2;
      const decided = {
        type: 'PersonalDataAccessed',
        data: {
          accessor: { sub: 'lending-core', role: 'lending-core' },
          view: check ? 'consent-check' : 'consents',
          parameters: check ? { ...BENCH_CHECK, at, knownAt: at } : { at, knownAt: at },
        },
      };
      const lookId = this.digests.command(`look-${this.n}-${i}`);
      const [event] = chainEvents(
        stream,
        i,
        previous,
        toAppend([decided], {
          commandId: lookId,
          correlationId: lookId,
          actor: LENDING_CORE,
          occurredAt: at,
          recordedAt: this.clock.recordedAfter(at),
        }),
      );
      previous = event.metadata.hash as string;
      events.push(event);
    }
    return [{ stream, events, expected: 'no-stream' }];
  }

  /** Decide, seal, envelope, chain; the claim beside the events (CommandExecutor.executeNow). */
  private command(key: string, occurredAt: string, command: SubjectCommand): Append[] {
    const recordedAt = this.clock.recordedAfter(occurredAt);
    const decided = subjectDecider.decide(command, this.state, {
      now: recordedAt,
      time: TIME,
      catalogue: CATALOGUE,
      policies: this.policies,
    });
    const commandDigest = this.digests.command(key);
    const requestDigest = this.digests.of(
      'request',
      canonicalJson({ commandType: command.type, target: this.stream, request: command.data }),
    );
    const envelope = {
      commandId: commandDigest,
      correlationId: commandDigest,
      actor: LENDING_CORE,
      occurredAt,
      recordedAt,
      requestDigest,
    };
    const events = chainEvents(this.stream, this.revision + 1, this.lastHash, toAppend(decided, envelope));
    const expected = this.revision < 0 ? ('no-stream' as const) : this.revision;
    for (const event of events) {
      this.revision += 1;
      this.lastHash = event.metadata.hash as string;
      this.state = evolveSubject(this.state, toRecorded<SubjectEvent>(stored(this.stream, this.revision, event)));
    }
    const claimStream = commandStream(commandDigest);
    const [claim] = toAppend(
      [{ type: 'CommandReceived', data: { commandType: command.type, stream: this.stream, requestDigest } }],
      envelope,
    );
    const id = uuidV5(`claim/${commandDigest}/${requestDigest}/${this.stream}`);
    return [
      {
        stream: claimStream,
        events: chainEvents(claimStream, 0, GENESIS_HASH, [{ ...claim, id }]),
        expected: 'no-stream',
      },
      { stream: this.stream, events, expected },
    ];
  }

  private seal(value: unknown) {
    return seal(value, this.dataKey, this.stream);
  }

  private time(offsetMs: number): string {
    return new Date(this.at + offsetMs).toISOString();
  }
}

const STEPS: ((p: Person) => Append[])[] = [
  (p) => p.grant(),
  (p) => p.looks(),
  (p) => p.disclose(),
  (p) => p.withdraw(),
];

interface Append {
  readonly stream: string;
  readonly events: EventToAppend[];
  readonly expected: 'no-stream' | number;
}

/**
 * The log as the log-chain projection folds it: appends submitted together are committed in one
 * group, in the order submitted, so the fold follows that order (a wrong guess fails verification).
 */
class LogFold {
  events = 0;
  readonly clock = new LedgerClock();
  private logHash = GENESIS_HASH;
  private lastEventId = '';
  private lastPosition = '';
  private sinceCheckpoint = 0;
  private checkpointRevision = -1;
  private checkpointHash = GENESIS_HASH;

  constructor(
    private readonly store: EventStore,
    private readonly key: SigningKey,
    private readonly checkpointEvery: number,
  ) {}

  async write(appends: readonly Append[]): Promise<void> {
    const results: AppendResult[] = store_appendAll(this.store)
      ? await this.store.appendAll!(appends)
      : await Promise.all(appends.map((a) => this.store.append(a.stream, a.events, a.expected)));
    for (const a of appends) {
      for (const e of a.events) {
        this.logHash = nextLogHash(this.logHash, e.metadata.hash as string);
        this.lastEventId = e.id;
        this.events += 1;
        this.sinceCheckpoint += 1;
      }
    }
    this.lastPosition = results[results.length - 1].position;
  }

  /** The privacy policy's first version, published before anyone consents; returns the book. */
  async publishPolicy(digests: Digests): Promise<PolicyBook> {
    const at = new Date(START - 86_400_000).toISOString();
    const command = {
      type: 'PublishPolicyVersion' as const,
      data: {
        policyId: 'privacy',
        version: '2025.1',
        effectiveFrom: at,
        texts: {
          kk: { sha256: sha('privacy 2025.1 kk'), url: 'https://acredit.kz/privacy/2025.1/kk' },
          ru: { sha256: sha('privacy 2025.1 ru'), url: 'https://acredit.kz/privacy/2025.1/ru' },
        },
        materialChange: true,
        occurredAt: at,
      },
    };
    const stream = policyStream('privacy');
    const decided = policyDecider.decide(command, policyDecider.initialState(), { now: at, time: TIME });
    const commandDigest = digests.command('policy-privacy-2025.1');
    const requestDigest = digests.of(
      'request',
      canonicalJson({ commandType: command.type, target: stream, request: command.data }),
    );
    const envelope = {
      commandId: commandDigest,
      correlationId: commandDigest,
      actor: { kind: 'user' as const, id: 'compliance-1', role: 'compliance-admin' },
      occurredAt: at,
      recordedAt: at,
      requestDigest,
    };
    const events = chainEvents(stream, 0, GENESIS_HASH, toAppend(decided, envelope));
    const claimStream = commandStream(commandDigest);
    const [claim] = toAppend(
      [{ type: 'CommandReceived', data: { commandType: command.type, stream, requestDigest } }],
      envelope,
    );
    const id = uuidV5(`claim/${commandDigest}/${requestDigest}/${stream}`);
    await this.write([
      {
        stream: claimStream,
        events: chainEvents(claimStream, 0, GENESIS_HASH, [{ ...claim, id }]),
        expected: 'no-stream',
      },
      { stream, events, expected: 'no-stream' },
    ]);
    const state = events.reduce(
      (s, e, i) => policyDecider.evolve(s, toRecorded<PolicyEvent>(stored(stream, i, e))),
      policyDecider.initialState(),
    );
    return { privacy: state };
  }

  /** A signed checkpoint over the log so far, as CheckpointWriter.write signs it. */
  async checkpointIfDue(): Promise<void> {
    if (this.sinceCheckpoint < this.checkpointEvery) return;
    const body = {
      eventsCovered: this.events,
      lastEventId: this.lastEventId,
      lastPosition: this.lastPosition,
      logHash: this.logHash,
      keyId: this.key.keyId,
      algorithm: 'Ed25519' as const,
    };
    const at = this.clock.now();
    const commandId = `checkpoint-${this.events}`;
    const [event] = chainEvents(
      CHECKPOINT_STREAM,
      this.checkpointRevision + 1,
      this.checkpointHash,
      toAppend([{ type: CHECKPOINT_EVENT_TYPE, data: { ...body, signature: signPayload(this.key, body) } }], {
        commandId,
        correlationId: commandId,
        actor: { kind: 'system', id: 'checkpoint-writer' },
        occurredAt: at,
        recordedAt: at,
      }),
    );
    await this.write([
      {
        stream: CHECKPOINT_STREAM,
        events: [event],
        expected: this.checkpointRevision < 0 ? 'no-stream' : this.checkpointRevision,
      },
    ]);
    this.checkpointRevision += 1;
    this.checkpointHash = event.metadata.hash as string;
    // Sanity: the hash the fold used is the one the store will report for this revision.
    if (eventHash({ stream: CHECKPOINT_STREAM, revision: this.checkpointRevision, ...event }) !== this.checkpointHash) {
      throw new Error('checkpoint hash mismatch');
    }
    this.sinceCheckpoint = 0;
  }
}

function store_appendAll(store: EventStore): boolean {
  return typeof store.appendAll === 'function';
}

function stored(stream: string, revision: number, event: EventToAppend): StoredEvent {
  return { ...event, stream, revision, position: '0' } as unknown as StoredEvent;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
