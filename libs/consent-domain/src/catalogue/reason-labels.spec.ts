import { REASON_CODES } from '../subject/subject-events';
import { explained, REASON_LABELS } from './reason-labels';

describe('what each refusal reason means', () => {
  it('is told for every reason the domain gives, in Kazakh, Russian and English, each in its own script', () => {
    expect(Object.keys(REASON_LABELS).sort()).toEqual([...REASON_CODES].sort());
    for (const labels of Object.values(REASON_LABELS)) {
      expect(labels.en).toMatch(/^[\x20-\x7e’]+$/);
      expect(labels.ru).toMatch(/[а-яё]/);
      expect(labels.ru).not.toMatch(/[әғқңөұүһі]/);
      expect(labels.kk).toMatch(/[а-яәғқңөұүһі]/);
      expect(new Set([labels.kk, labels.ru, labels.en]).size).toBe(3);
    }
  });

  it('adds the explanation to a reason as recorded, and leaves a code it does not know as it is', () => {
    const reason = { code: 'withdrawn', message: 'consent c-1 was withdrawn', citation: 'Law 94-V Art. 8(7)' };
    expect(explained(reason, 'kk')).toEqual({ ...reason, explanation: REASON_LABELS.withdrawn.kk });
    const unknown = { code: 'from-a-newer-ledger', message: 'm' };
    expect(explained(unknown, 'ru')).toEqual(unknown);
  });
});
