import { CatalogueIndex } from '../catalogue/catalogue';
import { epochMs, Instant, laterOf, toInstant } from '../shared/instant';
import { invalid } from '../shared/domain-error';
import { consentsAt, isInForce } from '../validity/validity';
import { termEndAt } from './subject-events';
import { openLoansAt, SubjectState } from './subject-state';

/**
 * How long a person's data is kept after the relationship ends. Law 94-V keeps data only as long
 * as needed (Art. 8(5), 18); laws may require longer: a provider keeps its register of credit-bureau
 * consents at least 10 years after the last data sent to a bureau (Law 573-II Art. 23(5)-(6)), and
 * credit dossiers are kept for a period the legal notes leave unconfirmed (configurable).
 */
export interface RetentionRules {
  /** Years after the relationship ends, for any data not named below. */
  readonly defaultYears: number;
  /** Years per data category code, where a category must be kept longer. */
  readonly byDataCategory: Readonly<Record<string, number>>;
  /** Years after the last disclosure to a credit bureau. */
  readonly creditBureauYears: number;
}

/** Law 573-II Art. 23(6). */
export const CREDIT_BUREAU_MINIMUM_YEARS = 10;

export function validateRetentionRules(rules: RetentionRules): RetentionRules {
  const problems: string[] = [];
  if (!(Number.isInteger(rules.defaultYears) && rules.defaultYears > 0))
    problems.push('defaultYears must be a positive whole number');
  if (!Number.isInteger(rules.creditBureauYears)) {
    problems.push('creditBureauYears must be a whole number');
  } else if (rules.creditBureauYears < CREDIT_BUREAU_MINIMUM_YEARS) {
    problems.push(`creditBureauYears cannot be below ${CREDIT_BUREAU_MINIMUM_YEARS} (Law 573-II Art. 23(6))`);
  }
  for (const [code, years] of Object.entries(rules.byDataCategory)) {
    if (!(Number.isInteger(years) && years > 0))
      problems.push(`byDataCategory.${code} must be a positive whole number`);
  }
  if (problems.length) throw invalid('invalid-retention-rules', problems.join('; '));
  return rules;
}

/**
 * When the person's data may be destroyed: undefined while the relationship goes on (an open loan,
 * or a consent still in force at `now`), otherwise the latest of the retention periods that apply.
 */
export function erasureDueAt(
  state: SubjectState,
  rules: RetentionRules,
  catalogue: CatalogueIndex,
  now: Instant,
): Instant | undefined {
  if (state.erased || !state.lastActivity) return undefined;
  if (openLoansAt(state, now).length > 0) return undefined;
  const moment = { at: now, knownAt: now };
  if (consentsAt(state, {}, catalogue, moment).some((c) => isInForce(c.status))) return undefined;

  // The relationship ends with the last thing that happened, or the last consent term to run out.
  const ended = state.consents.reduce(
    (latest, c) => {
      const end = termEndAt(c.term);
      return end !== undefined && end <= now ? laterOf(latest, end) : latest;
    },
    state.lastActivity,
  );
  const years = retentionYears(state, rules, catalogue);
  let due = addYears(ended, years.afterRelationshipEnds);
  for (const [recipient, at] of Object.entries(state.lastDisclosedTo ?? {})) {
    if (catalogue.recipients.get(recipient)?.kind === 'credit-bureau') {
      due = laterOf(due, addYears(at, rules.creditBureauYears));
    }
  }
  return due;
}

/**
 * The storage periods that apply to this person (what Law 94-V Art. 24(1) lets them know): years
 * after the relationship ends, the longest of the default and those of their data categories, and,
 * once their data went to a credit bureau, years after the last such disclosure.
 */
export function retentionYears(
  state: SubjectState,
  rules: RetentionRules,
  catalogue: CatalogueIndex,
): { readonly afterRelationshipEnds: number; readonly afterLastCreditBureauDisclosure?: number } {
  const categories = new Set(state.consents.flatMap((c) => c.dataCategories));
  const afterRelationshipEnds = Math.max(
    rules.defaultYears,
    ...[...categories].map((c) => rules.byDataCategory[c] ?? 0),
  );
  const toBureau = Object.keys(state.lastDisclosedTo ?? {}).some(
    (recipient) => catalogue.recipients.get(recipient)?.kind === 'credit-bureau',
  );
  return { afterRelationshipEnds, ...(toBureau ? { afterLastCreditBureauDisclosure: rules.creditBureauYears } : {}) };
}

/** The same day and time `years` later, in UTC (29 February rolls to 1 March). */
function addYears(instant: Instant, years: number): Instant {
  const d = new Date(epochMs(instant));
  return toInstant(
    Date.UTC(
      d.getUTCFullYear() + years,
      d.getUTCMonth(),
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
}
