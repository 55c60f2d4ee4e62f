import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Catalogue, CatalogueIndex, Labels, REASON_LABELS } from '@ledger/consent-domain';
import { CATALOGUE } from '../ledger/tokens';

/** The lender's catalogue, with what each refusal reason means (CatalogueDto). */
export type CatalogueAnswer = Catalogue & {
  readonly reasons: { readonly code: string; readonly labels: Labels }[];
};

export class GetCatalogueQuery extends Query<CatalogueAnswer> {}

@QueryHandler(GetCatalogueQuery)
export class GetCatalogueHandler implements IQueryHandler<GetCatalogueQuery> {
  private readonly answer: Promise<CatalogueAnswer>;

  constructor(@Inject(CATALOGUE) catalogue: CatalogueIndex) {
    // The reasons the ledger gives for a refusal, in words a person reads, beside the policy's codes.
    const reasons = Object.entries(REASON_LABELS).map(([code, labels]) => ({ code, labels }));
    this.answer = Promise.resolve({ ...catalogue.catalogue, reasons });
  }

  execute(): Promise<CatalogueAnswer> {
    return this.answer;
  }
}
