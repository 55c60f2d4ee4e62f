import { ErrorDetail } from '@ledger/consent-domain';
import { GrantConsentDto } from '../granting/grant-consent.dto';
import { CheckpointsQueryDto } from '../integrity/integrity.controller';
import { TimelineQueryDto } from '../subjects/timeline';
import { ProblemException } from './problems';
import { CheckQueryDto } from '../subjects/consent-check';
import { ledgerValidationPipe, VALID_QUERIES_PER_CLASS } from './validation';

// Each field reports one error, and it is the first thing wrong with it: its type before its size,
// its size before its elements.
async function errorsFor(metatype: new () => object, value: object, type: 'body' | 'query'): Promise<ErrorDetail[]> {
  try {
    await ledgerValidationPipe().transform(value, { type, metatype });
  } catch (error) {
    if (error instanceof ProblemException) return [...(error.errors ?? [])];
    throw error;
  }
  throw new Error('expected the request to be refused');
}

const about = (errors: ErrorDetail[], field: string) => errors.filter((e) => e.field === field);

describe('the validation pipe', () => {
  it('reports a wrong type as such, not as a broken size or element rule', async () => {
    const errors = await errorsFor(GrantConsentDto, { purposes: 'x', recipients: 5, evidence: null }, 'body');
    expect(about(errors, 'purposes')).toEqual([
      { field: 'purposes', code: 'isArray', message: 'purposes must be an array' },
    ]);
    expect(about(errors, 'recipients')).toEqual([
      { field: 'recipients', code: 'isArray', message: 'recipients must be an array' },
    ]);
    expect(about(errors, 'evidence')).toEqual([
      { field: 'evidence', code: 'isArray', message: 'evidence must be an array' },
    ]);
  });

  it('reports a bad element once, on the list, without a second error from inside it', async () => {
    const errors = await errorsFor(GrantConsentDto, { evidence: [1] }, 'body');
    expect(errors.filter((e) => e.field?.startsWith('evidence'))).toEqual([
      { field: 'evidence', code: 'isObject', message: 'each piece of evidence must be an object' },
    ]);
  });

  it('still reports what is wrong inside a well-formed element', async () => {
    const errors = await errorsFor(GrantConsentDto, { evidence: [{ kind: 'sms-log' }] }, 'body');
    expect(about(errors, 'evidence[0].reference')).toEqual([
      { field: 'evidence[0].reference', code: 'required', message: 'evidence[0].reference is required' },
    ]);
  });

  it('reads whole numbers from the query string and says which rule a bad one breaks', async () => {
    await expect(
      ledgerValidationPipe().transform(
        { afterRevision: '-1', limit: '7' },
        { type: 'query', metatype: TimelineQueryDto },
      ),
    ).resolves.toEqual(expect.objectContaining({ afterRevision: -1, limit: 7 }));
    expect(await errorsFor(TimelineQueryDto, { limit: 'abc' }, 'query')).toEqual([
      { field: 'limit', code: 'isInt', message: 'limit must be an integer number' },
    ]);
    expect(await errorsFor(CheckpointsQueryDto, { limit: '1.5' }, 'query')).toEqual([
      { field: 'limit', code: 'isInt', message: 'limit must be an integer number' },
    ]);
    expect(await errorsFor(CheckpointsQueryDto, { limit: '-3' }, 'query')).toEqual([
      { field: 'limit', code: 'min', message: 'limit must not be less than 1' },
    ]);
    expect(await errorsFor(CheckpointsQueryDto, { limit: '501' }, 'query')).toEqual([
      { field: 'limit', code: 'max', message: 'limit must not be greater than 500' },
    ]);
  });

  describe('remembers query strings that passed', () => {
    const query = { type: 'query' as const, metatype: CheckQueryDto };
    const asked = () => ({ purpose: 'credit-and-pension-checks', dataCategories: 'iin,full-name' });

    it('answers the same question again with an equal copy of its own, which the caller may change', async () => {
      const pipe = ledgerValidationPipe();
      const first = (await pipe.transform(asked(), query)) as CheckQueryDto;
      expect(first).toBeInstanceOf(CheckQueryDto);
      expect(first).toEqual(
        Object.assign(new CheckQueryDto(), {
          purpose: 'credit-and-pension-checks',
          dataCategories: ['iin', 'full-name'],
        }),
      );
      first.dataCategories.push('salary-amount');
      first.purpose = 'advertising';
      const again = (await pipe.transform(asked(), query)) as CheckQueryDto;
      const third = (await pipe.transform(asked(), query)) as CheckQueryDto;
      expect(again).toBeInstanceOf(CheckQueryDto);
      expect(again).toEqual(
        Object.assign(new CheckQueryDto(), {
          purpose: 'credit-and-pension-checks',
          dataCategories: ['iin', 'full-name'],
        }),
      );
      expect(again).not.toBe(third);
      expect(again.dataCategories).not.toBe(third.dataCategories);
    });

    it('refuses a bad query every time: a refusal is never remembered, nor taken for a near miss', async () => {
      const pipe = ledgerValidationPipe();
      await pipe.transform(asked(), query);
      for (let i = 0; i < 2; i++) {
        await expect(pipe.transform({ ...asked(), dataCategories: 'IIN!' }, query)).rejects.toThrow(ProblemException);
        await expect(pipe.transform({ ...asked(), extra: 'x' }, query)).rejects.toThrow(ProblemException);
      }
      // The same members under another class are judged by that class's rules.
      await expect(pipe.transform(asked(), { type: 'query', metatype: TimelineQueryDto })).rejects.toThrow(
        ProblemException,
      );
    });

    it('keeps a bounded number per class, and still answers those it let go', async () => {
      const pipe = ledgerValidationPipe();
      const remembered = () =>
        (pipe as unknown as { validQueries: Map<unknown, Map<string, unknown>> }).validQueries.get(CheckQueryDto)?.size;
      for (let i = 0; i < VALID_QUERIES_PER_CLASS + 10; i++) {
        await pipe.transform({ purpose: `purpose-${i}`, dataCategories: 'iin' }, query);
      }
      expect(remembered()).toBe(VALID_QUERIES_PER_CLASS);
      await expect(pipe.transform({ purpose: 'purpose-0', dataCategories: 'iin' }, query)).resolves.toEqual(
        Object.assign(new CheckQueryDto(), { purpose: 'purpose-0', dataCategories: ['iin'] }),
      );
    });
  });
});
