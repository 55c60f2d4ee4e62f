import { initialSubjectState } from '@ledger/consent-domain';
import { StateCache, STATE_EVENTS_PER_PERSON } from './subjects.projection';

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
