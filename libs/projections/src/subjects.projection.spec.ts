import Database from 'better-sqlite3';
import { evolveSubject, initialSubjectState, Instant, SubjectEvent } from '@ledger/consent-domain';
import { Position } from '@ledger/event-store';
import { LedgerEvent, recordedOf } from './projection';
import { StateCache, STATE_EVENTS_PER_PERSON, SubjectsProjection, SubjectsQueries } from './subjects.projection';

describe('the subjects read model’s cache of states', () => {
  it('holds as many people as it may when each has a few events', () => {
    const cache = new StateCache(1_000);
    for (let i = 0; i < 999; i++)
      cache.set(`p${i}`, { state: initialSubjectState(), revision: STATE_EVENTS_PER_PERSON - 1 });
    expect(cache.held).toBe(999);
  });

  it('holds fewer people when each has many events: a state grows with its person’s history', () => {
    const cache = new StateCache(1_000);
    // People with 1,000 events each: a generation's budget (1,000 × 5 events) holds five of them.
    for (let i = 0; i < 500; i++) cache.set(`p${i}`, { state: initialSubjectState(), revision: 999 });
    expect(cache.held).toBeLessThanOrEqual(2 * STATE_EVENTS_PER_PERSON + 1);
    expect(cache.get('p499')).toBeDefined();
  });
});

describe('the subjects read model’s stored states', () => {
  /** An event of one person's stream as the runner hands it over (hash and position unused here; data only in part). */
  type SubjectLedgerEvent = Extract<LedgerEvent, SubjectEvent>;
  const event = (revision: number, type: SubjectEvent['type'], data: Record<string, unknown>): SubjectLedgerEvent => {
    const at = new Date(Date.UTC(2025, 0, 1) + revision * 60_000).toISOString();
    return {
      id: `event-${revision}`,
      stream: 'subject-p1',
      revision,
      position: String(revision + 1) as Position,
      type,
      data,
      metadata: {},
      meta: {} as LedgerEvent['meta'],
      hash: 'h',
      occurredAt: at as Instant,
      recordedAt: at as Instant,
    } as unknown as SubjectLedgerEvent;
  };

  it('are the folded state exactly, for long lists whose old elements change and batches that add to them', () => {
    const db = new Database(':memory:');
    const projection = new SubjectsProjection(db, new StateCache(10), true);
    projection.setUp();
    const events: SubjectLedgerEvent[] = [];
    for (let i = 0; i < 80; i++) {
      events.push(
        event(events.length, 'ConsentWithdrawn', { withdrawalId: `w${i}`, scope: { purposes: ['advertising'] } }),
      );
    }
    // An early withdrawal changes (its processing stopped), later ones are added, in batches.
    events.push(event(events.length, 'ProcessingStopped', { withdrawalId: 'w3' }));
    events.push(
      event(events.length, 'ConsentWithdrawn', { withdrawalId: 'w80', scope: { purposes: ['advertising'] } }),
    );
    events.push(event(events.length, 'ProcessingStopped', { withdrawalId: 'w3' }));
    events.push(event(events.length, 'ProcessingStopped', { withdrawalId: 'w79' }));
    let folded = initialSubjectState();
    for (const [i, e] of events.entries()) {
      projection.apply(e);
      folded = evolveSubject(folded, recordedOf(e));
      if (i % 7 === 6 || i === events.length - 1) {
        projection.flush();
        projection.committed();
        // Read as a query reads it, from the stored text.
        expect(new SubjectsQueries(db).state('p1')).toEqual({ state: folded, revision: i });
      }
    }
    expect(folded.withdrawals[3].stoppedAt).toBeDefined();
    expect(folded.withdrawals[79].stoppedAt).toBeDefined();
  });

  it('name the erased among a page of people, read from the stored text, in order', () => {
    const db = new Database(':memory:');
    const projection = new SubjectsProjection(db, new StateCache(10), true);
    projection.setUp();
    const person = (id: string, revision: number, type: SubjectEvent['type'], data: Record<string, unknown>) => ({
      ...event(revision, type, data),
      stream: `subject-${id}`,
    });
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) {
      projection.apply(person(id, 0, 'ConsentWithdrawn', { withdrawalId: `w-${id}`, scope: {} }));
    }
    projection.apply(person('a2', 1, 'SubjectErased', { reason: 'subject-request' }));
    projection.apply(person('a5', 1, 'SubjectErased', { reason: 'retention-expired' }));
    projection.flush();
    projection.committed();
    const queries = new SubjectsQueries(db);
    expect(queries.erasedAmong('', 3)).toEqual({ last: 'a3', erased: ['a2'] });
    expect(queries.erasedAmong('a3', 3)).toEqual({ last: 'a5', erased: ['a5'] });
    expect(queries.erasedAmong('a5', 3)).toEqual({ erased: [] });
    // As the fold says: the two erased, and no one else.
    expect(queries.state('a2')?.state.erased).toBeDefined();
    expect(queries.state('a3')?.state.erased).toBeUndefined();
  });
});
