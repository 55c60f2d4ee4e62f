import Database from 'better-sqlite3';
import { accessStream } from '@ledger/ledger-log';
import { AccessProjection, AccessQueries } from './access.projection';
import { LedgerEvent } from './projection';

const PERSON = '3f1c9a0be4d27a86c5e0f1b2a3d4c5e6';

/** A look at PERSON's data, recorded at `at`. */
function look(n: number, at: string): LedgerEvent {
  return {
    id: `look-${n}`,
    stream: accessStream(PERSON),
    type: 'PersonalDataAccessed',
    data: { accessor: { sub: 'auditor-1', role: 'auditor' }, view: 'consents', parameters: {} },
    recordedAt: at,
    occurredAt: at,
  } as unknown as LedgerEvent;
}

describe('the access log read model', () => {
  it('gives a person every look at their data, however many pages of the store it takes', () => {
    const db = new Database(':memory:');
    const projection = new AccessProjection(db);
    projection.setUp();
    // Two looks in the same millisecond: the page boundary falls between them.
    const times = ['2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z', '2025-03-02T00:00:00.000Z'];
    times.forEach((at, n) => projection.apply(look(n, at)));
    projection.apply(look(3, '2025-03-03T00:00:00.000Z'));
    const queries = new AccessQueries(db);
    const first = queries.list({ subjectId: PERSON, limit: 2 });
    expect(first).toHaveLength(2);
    const after = { at: first[1].at, eventId: first[1].eventId };
    const rest = queries.list({ subjectId: PERSON, after, limit: 2 });
    expect([...first, ...rest].map((e) => e.eventId)).toEqual(['look-0', 'look-1', 'look-2', 'look-3']);
    db.close();
  });
});
