import { invalid, ErrorDetail } from '../shared/domain-error';

/** Labels in the state language, the official language and English. */
export interface Labels {
  readonly kk: string;
  readonly ru: string;
  readonly en: string;
}

export interface Purpose {
  readonly code: string;
  readonly labels: Labels;
  /** Where the lender's privacy policy names it. */
  readonly policyReference: string;
  /**
   * Whether consent for this purpose may be withdrawn while the person still has unfulfilled loan
   * obligations (Law 94-V Art. 8(2), 24(1)(5); policy §7.1). An interpretation per purpose.
   */
  readonly withdrawableWithOpenLoan: boolean;
  /**
   * A law requires this processing, so consent to it cannot be withdrawn at all, loan or no loan
   * (Law 94-V Art. 8(2): "if it contradicts the laws"). An interpretation per purpose.
   */
  readonly requiredByLaw: boolean;
  /** A legal basis other than consent may apply to this processing. */
  readonly legalBasisMayApply: boolean;
  /** W3C DPV purpose concepts it maps to, for receipts. */
  readonly dpv: readonly string[];
}

export type DataCategorySource = 'subject' | 'automatic' | 'third-party';

export interface DataCategory {
  readonly code: string;
  readonly labels: Labels;
  readonly source: DataCategorySource;
  /** Identifies the person on its own; such values are kept encrypted wherever the ledger holds them. */
  readonly directIdentifier: boolean;
}

export type RecipientKind =
  'credit-bureau' | 'pension-centre' | 'collector' | 'assignee' | 'processor' | 'marketing-partner' | 'state-body';

export interface LegalBasisGrant {
  /** Code of a legal basis in the catalogue. */
  readonly legalBasis: string;
  /** The purposes for which this basis allows disclosure to the recipient without consent. */
  readonly purposes: readonly string[];
}

export interface Recipient {
  readonly code: string;
  readonly labels: Labels;
  readonly kind: RecipientKind;
  /** ISO 3166-1 alpha-2; `ZZ` stands for "any country outside Kazakhstan". */
  readonly country: string;
  readonly legalBases: readonly LegalBasisGrant[];
}

export interface LegalBasis {
  readonly code: string;
  readonly labels: Labels;
  /** The article of law the basis comes from. */
  readonly citation: string;
}

export interface Catalogue {
  readonly version: string;
  readonly jurisdiction: string;
  /** The operator as its privacy policy names it; the rest (BIN, address) is configuration. */
  readonly controller: {
    readonly name: string;
    /**
     * Its name in each language as the policy gives it (kk: the policy's preamble; ru: its title, with
     * the Russian legal form), so that a receipt names the operator in the consent's language
     * (Law 94-V Art. 8(4)(1)).
     */
    readonly names?: Labels;
    readonly policyUrl: string;
    readonly website?: string;
    readonly phone?: string;
  };
  readonly purposes: readonly Purpose[];
  readonly dataCategories: readonly DataCategory[];
  readonly recipients: readonly Recipient[];
  readonly legalBases: readonly LegalBasis[];
}

export const HOME_COUNTRY = 'KZ';

export function isCrossBorder(recipient: Recipient): boolean {
  return recipient.country !== HOME_COUNTRY;
}

/** Look-ups over a catalogue, built once. */
export class CatalogueIndex {
  readonly purposes: ReadonlyMap<string, Purpose>;
  readonly dataCategories: ReadonlyMap<string, DataCategory>;
  readonly recipients: ReadonlyMap<string, Recipient>;
  readonly legalBases: ReadonlyMap<string, LegalBasis>;

  constructor(readonly catalogue: Catalogue) {
    this.purposes = byCode(catalogue.purposes, 'purpose');
    this.dataCategories = byCode(catalogue.dataCategories, 'data category');
    this.recipients = byCode(catalogue.recipients, 'recipient');
    this.legalBases = byCode(catalogue.legalBases, 'legal basis');
    for (const recipient of catalogue.recipients) {
      for (const grant of recipient.legalBases) {
        if (!this.legalBases.has(grant.legalBasis)) {
          throw new Error(`catalogue: recipient ${recipient.code} names unknown legal basis ${grant.legalBasis}`);
        }
        for (const purpose of grant.purposes) {
          if (!this.purposes.has(purpose)) {
            throw new Error(`catalogue: recipient ${recipient.code} names unknown purpose ${purpose}`);
          }
        }
      }
    }
  }

  get version(): string {
    return this.catalogue.version;
  }

  recipient(code: string): Recipient {
    const recipient = this.recipients.get(code);
    if (!recipient) throw invalid('unknown-code', `unknown recipient ${code}`);
    return recipient;
  }

  /** The legal basis that lets `purpose` data go to `recipient` without consent, if `basis` is one. */
  legalBasisFor(recipient: string, purpose: string, basis: string): LegalBasis | undefined {
    const grant = this.recipients
      .get(recipient)
      ?.legalBases.find((g) => g.legalBasis === basis && g.purposes.includes(purpose));
    return grant ? this.legalBases.get(grant.legalBasis) : undefined;
  }

  /** Throws one `unknown-code` error listing every code the catalogue does not know. */
  assertKnown(codes: {
    purposes?: readonly string[];
    dataCategories?: readonly string[];
    recipients?: readonly string[];
    legalBases?: readonly string[];
  }): void {
    const details: ErrorDetail[] = [];
    const check = (field: string, list: readonly string[] | undefined, known: ReadonlyMap<string, unknown>) =>
      list?.forEach((code, i) => {
        if (!known.has(code)) {
          details.push({
            field: `${field}[${i}]`,
            code: 'unknown-code',
            message: `${code} is not in catalogue ${this.version}`,
          });
        }
      });
    check('purposes', codes.purposes, this.purposes);
    check('dataCategories', codes.dataCategories, this.dataCategories);
    check('recipients', codes.recipients, this.recipients);
    check('legalBases', codes.legalBases, this.legalBases);
    if (details.length > 0) {
      throw invalid(
        'unknown-code',
        `codes not in catalogue ${this.version}: ${details.map((d) => d.message).join('; ')}`,
        details,
      );
    }
  }
}

function byCode<T extends { code: string }>(items: readonly T[], what: string): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(item.code))
      throw new Error(`catalogue: ${what} code ${item.code} is not kebab-case`);
    if (map.has(item.code)) throw new Error(`catalogue: duplicate ${what} ${item.code}`);
    map.set(item.code, item);
  }
  return map;
}
