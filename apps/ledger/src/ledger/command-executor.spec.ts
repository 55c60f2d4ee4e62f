import { HEAD_EVENTS_PER_STREAM, headWeight } from './command-executor';

describe('what a cached stream head weighs', () => {
  it('counts the events folded into a state, so a long history weighs more than a short one', () => {
    expect(headWeight({ revision: 0, state: {} })).toBe(2);
    expect(headWeight({ revision: 999, state: {} })).toBe(1_001);
    // A typical person's stream fits the average a generation allows per stream.
    expect(headWeight({ revision: 9, state: {} })).toBeLessThanOrEqual(HEAD_EVENTS_PER_STREAM);
  });

  it('weighs a head-only stream (an access log, the checkpoints) as one, however long it is', () => {
    expect(headWeight({ revision: 5_000_000, state: undefined })).toBe(1);
  });
});
