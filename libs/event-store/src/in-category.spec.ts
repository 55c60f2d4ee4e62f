import fc from 'fast-check';
import { categoryOf, inCategory } from './event-store';

describe('inCategory', () => {
  it('answers as categoryOf(stream) === category, for every category the ledger names and any stream', () => {
    const categories = ['subject', 'access', 'policy', 'webhook', 'command', 'checkpoint'];
    const streams = fc.oneof(
      fc.string(),
      fc
        .tuple(
          fc.constantFrom(...categories, 'subjects', 'subjec', 'acc'),
          fc.constantFrom('', '-', '--', 'x', '-x-y'),
          fc.string(),
        )
        .map(([a, b, c]) => a + b + c),
    );
    fc.assert(
      fc.property(
        streams,
        fc.constantFrom(...categories),
        (stream, category) => inCategory(stream, category) === (categoryOf(stream) === category),
      ),
      { numRuns: 5000 },
    );
    expect(inCategory('subject', 'subject')).toBe(true);
    expect(inCategory('subject-1', 'subject')).toBe(true);
    expect(inCategory('subjects-1', 'subject')).toBe(false);
    expect(inCategory('access-subject-1', 'subject')).toBe(false);
  });
});
