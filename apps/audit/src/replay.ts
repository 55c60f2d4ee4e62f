import {
  CatalogueIndex,
  checkCoverage,
  ConsentView,
  consentsAt,
  CoverageAnswer,
  fold,
  Moment,
  openLoansAsKnown,
  PolicyBook,
  PolicyEvent,
  policyDecider,
  Recorded,
  subjectDecider,
  SubjectEvent,
  SubjectState,
} from '@ledger/consent-domain';
import { StoredEvent } from '@ledger/event-store';
import { categoryOf, ExportedEvent, idOf, POLICY, SUBJECT, toRecorded } from '@ledger/ledger-log';
import { readExport } from './export-reader';
import { Progress } from './progress';

/**
 * The ledger's answers rebuilt from an export alone, with the very domain code the service runs:
 * the same fold, the same validity rule, the same catalogue.
 */
export class Replay {
  private readonly subjects = new Map<string, Recorded<SubjectEvent>[]>();
  private readonly policies = new Map<string, Recorded<PolicyEvent>[]>();

  /** `wanted`: the people to keep; undefined keeps everyone in the export. */
  constructor(
    private readonly catalogue: CatalogueIndex,
    private readonly wanted?: ReadonlySet<string>,
  ) {}

  accept(event: ExportedEvent): void {
    const category = categoryOf(event.stream);
    const id = idOf(event.stream);
    const stored = event as unknown as StoredEvent;
    if (category === SUBJECT && (!this.wanted || this.wanted.has(id))) {
      push(this.subjects, id, toRecorded<SubjectEvent>(stored));
    } else if (category === POLICY) {
      push(this.policies, id, toRecorded<PolicyEvent>(stored));
    }
  }

  subjectIds(): string[] {
    return [...this.subjects.keys()].sort();
  }

  has(subjectId: string): boolean {
    return this.subjects.has(subjectId);
  }

  events(subjectId: string): readonly Recorded<SubjectEvent>[] {
    return this.subjects.get(subjectId) ?? [];
  }

  state(subjectId: string): SubjectState {
    return fold(subjectDecider, this.events(subjectId));
  }

  book(): PolicyBook {
    return Object.fromEntries([...this.policies].map(([id, events]) => [id, fold(policyDecider, events)]));
  }

  consents(subjectId: string, moment: Moment): { consents: ConsentView[]; openLoans: string[] } {
    const state = this.state(subjectId);
    return {
      consents: consentsAt(state, this.book(), this.catalogue, moment),
      openLoans: openLoansAsKnown(state, moment),
    };
  }

  check(
    subjectId: string,
    question: { purpose: string; recipient?: string; dataCategories: string[]; legalBasis?: string },
    moment: Moment,
  ): CoverageAnswer {
    return checkCoverage(this.state(subjectId), this.book(), this.catalogue, { ...question, ...moment });
  }
}

function push<E>(map: Map<string, E[]>, key: string, value: E): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Reads (and by default verifies) an export, keeping the given people and the policies. */
export async function replayExport(
  file: string,
  catalogue: CatalogueIndex,
  subjectIds: ReadonlySet<string>,
  options: { publicKeyPem?: string; verify: boolean },
): Promise<{ replay: Replay; createdAt: string }> {
  const replay = new Replay(catalogue, subjectIds);
  let createdAt = '';
  await readExport(file, {
    ...options,
    progress: new Progress('reading'),
    onHeader: (header) => (createdAt = header.createdAt),
    onEvent: (event) => replay.accept(event),
  });
  return { replay, createdAt };
}
