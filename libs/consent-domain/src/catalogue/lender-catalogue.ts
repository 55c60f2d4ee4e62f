import catalogueJson from './catalogue.json';
import { Catalogue } from './catalogue';

/** The catalogue of «AUTO SIYLIQ FINANCE», from its privacy policy; versioned with the repo. */
export const LENDER_CATALOGUE: Catalogue = catalogueJson as Catalogue;

export const DATA_CATEGORY_CODES: readonly string[] = LENDER_CATALOGUE.dataCategories.map((c) => c.code);
