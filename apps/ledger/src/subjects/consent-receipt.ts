import { CurrentPrincipal } from '../auth/principal';
import { Principal } from '../auth/roles';
import { AccessLogged } from '../access-log/access-log';
import { Allow, READERS } from '../auth/roles';
import { Controller, Get, Inject, Param, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CatalogueIndex,
  ConsentReceipt,
  consentReceipt,
  consentsAt,
  controllerDetails,
  Fact,
  LANGUAGES,
} from '@ledger/consent-domain';
import { LedgerConfig } from '../config/ledger-config';
import { ReadModels } from '../ledger/read-models';
import { Identities } from '../ledger/identities';
import { ReceiptProof, signReceipt, subjectStream } from '@ledger/ledger-log';
import { Clock, CLOCK } from '../ledger/clock';
import { CATALOGUE, LEDGER_CONFIG } from '../ledger/tokens';
import { ApiProblems } from '../http/openapi';
import { ProblemException } from '../http/problems';
import { ledgerUuid } from '../http/validation';
import { MomentQueryDto } from './consent-state';
import { knownState } from './subject-views';

/** A receipt as the API hands it: signed, so that whoever holds it can check it offline. */
export type IssuedReceipt = ConsentReceipt & { readonly publicKey: string; readonly proof: ReceiptProof };

export class GetReceiptQuery extends Query<IssuedReceipt> {
  constructor(
    readonly subjectId: string,
    readonly consentId: string,
    readonly viewer: Principal,
    readonly query: MomentQueryDto = {},
  ) {
    super();
  }
}

@QueryHandler(GetReceiptQuery)
export class GetReceiptHandler implements IQueryHandler<GetReceiptQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly identities: Identities,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ subjectId, consentId, viewer, query }: GetReceiptQuery): Promise<IssuedReceipt> {
    await this.readModels.freshness(query.minPosition);
    // Issued now, about now — or, as the audit CLI's receipt, about T as the ledger knew it at T′.
    const moment = await this.readModels.moment(query.at, query.knownAt, { subjectId });
    const { subjects, policies } = this.readModels.side;
    const state = knownState(subjects, subjectId);
    const book = policies.book();
    const consent = consentsAt(state, book, this.catalogue, moment).find((v) => v.consentId === consentId);
    if (!consent) throw new ProblemException('unknown-consent', `no consent ${consentId} for subject ${subjectId}`);
    const shown = consent.grant.policyShown;
    // The person as this consent names them (Law 94-V Art. 8(4)(2)); a grant that gave no name borrows
    // the newest given by a consent the ledger knew at T′, never one learned since.
    let identity = await this.identities.showSealed(subjectId, state, consent.grant.identifiers, viewer);
    if (identity.status === 'not-held' || (identity.status === 'held' && !identity.identifiers.fullName)) {
      const newestFirst = state.consents
        .filter((c) => c.consentId !== consentId && c.recordedAt <= moment.knownAt)
        .reverse();
      for (const other of newestFirst) {
        const named = await this.identities.showSealed(subjectId, state, other.identifiers, viewer);
        if (named.status === 'held' && named.identifiers.fullName) {
          identity = named;
          break;
        }
      }
    }
    const { fullName, phone, email } = identity.status === 'held' ? identity.identifiers : {};
    const receipt = consentReceipt({
      consent,
      catalogue: this.catalogue,
      policyShown: book[shown.policyId]?.versions.find((v) => v.version === shown.version),
      controller: controllerDetails(this.catalogue, this.config.operator),
      subject: {
        subjectId,
        // Their key is destroyed: about any T, the name and contacts the ledger held are stated erased.
        ...(identity.status === 'erased' && state.erased ? { identifiersErased: state.erased } : {}),
        ...(fullName ? { fullName } : {}),
        ...(phone ? { phone } : {}),
        ...(email ? { email } : {}),
      },
      issuedAt: moment.knownAt,
      at: moment.at,
      jurisdiction: 'KZ',
      retention: this.config.retention,
      purposesAchieved: state.purposesAchieved.filter((a) => a.consentId === consentId),
      ...(erasedBy(state.erased, moment) ? { erased: state.erased } : {}),
    });
    // Evidence references are sealed with the person's key: opened for those who may read them.
    const revealed = await this.identities.reveal(receipt, subjectId, subjectStream(subjectId), viewer);
    // Signed as shown to this viewer, with the key in use now: whoever holds it can check it offline.
    return signReceipt(revealed, this.config.signingKey, this.clock.now());
  }
}

/** The receipt's members, each described where its standard describes it (README, docs/integrity.md). */
const RECEIPT_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  required: [
    'version',
    'jurisdiction',
    'consentTimestamp',
    'collectionMethod',
    'consentReceiptID',
    'language',
    'piiPrincipalId',
    'piiControllers',
    'policyUrl',
    'services',
    'sensitive',
    'spiCat',
    'iso27560',
    'law94v',
    'publicKey',
    'proof',
  ],
  properties: {
    version: { type: 'string' },
    jurisdiction: { type: 'string', enum: ['KZ'] },
    consentTimestamp: { type: 'integer', description: 'Epoch seconds of when the consent was given (its occurredAt).' },
    collectionMethod: { type: 'string' },
    consentReceiptID: { type: 'string' },
    language: { type: 'string', enum: [...LANGUAGES] },
    piiPrincipalId: { type: 'string', description: 'The person’s pseudonym, never the IIN.' },
    piiControllers: { type: 'array', items: { type: 'object', additionalProperties: true } },
    policyUrl: { type: 'string' },
    services: { type: 'array', items: { type: 'object', additionalProperties: true } },
    sensitive: { type: 'boolean' },
    spiCat: { type: 'array', items: { type: 'string' } },
    iso27560: { type: 'object', additionalProperties: true, description: 'The ISO/IEC TS 27560 consent record.' },
    law94v: { type: 'object', additionalProperties: true, description: 'What Law 94-V Art. 8(4) asks a consent to state.' },
    publicKey: { type: 'string', description: 'The ledger’s Ed25519 public key that signed `proof`.' },
    proof: { type: 'object', additionalProperties: true, description: 'The signed digests of the receipt’s parts.' },
  },
};

@ApiTags('queries')
@Controller('v1/subjects')
export class ConsentReceiptController {
  constructor(private readonly queries: QueryBus) {}

  @Allow(...READERS)
  @Get(':subjectId/consents/:consentId/receipt')
  @ApiOperation({
    summary:
      'A receipt for one consent: Kantara Consent Receipt v1.1 fields, an ISO/IEC TS 27560 record, and the content Law 94-V Art. 8(4) requires',
  })
  @ApiOkResponse({
    schema: RECEIPT_SCHEMA,
    description:
      'The receipt as of now, or about `at` as known at `knownAt` (issued at `knownAt`): Kantara Consent Receipt v1.1 fields ' +
      '(their own schema, kantara-consent-receipt-v1_1), the ISO/IEC TS 27560 record under iso27560, what Law 94-V Art. 8(4) ' +
      'asks under law94v, and the ledger’s signature over it (publicKey, proof; `audit verify-receipt` checks it offline).',
  })
  @ApiProblems(400, 404)
  // What was looked at: the consent, and the T and T′ its receipt was issued about (as for the consents view).
  @AccessLogged('receipt', (_, { params, query }) => ({
    person: params.subjectId,
    parameters: { consentId: params.consentId, ...query },
  }))
  receipt(
    @Param('subjectId') subjectId: string,
    @Param('consentId') consentId: string,
    @CurrentPrincipal() viewer: Principal,
    @QueryParams() query: MomentQueryDto,
  ) {
    return this.queries.execute(new GetReceiptQuery(subjectId, ledgerUuid(consentId, 'consentId'), viewer, query));
  }
}

/** The person's erasure, when it had happened by T and the ledger knew it at T′ (as the audit CLI's receipt). */
function erasedBy(erased: Fact | undefined, moment: { at: string; knownAt: string }): erased is Fact {
  return erased !== undefined && erased.occurredAt <= moment.at && erased.recordedAt <= moment.knownAt;
}
