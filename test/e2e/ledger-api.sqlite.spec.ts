import { sqliteStores } from '../support/ledger-harness';
import { ledgerApiSuite } from './ledger-api.suite';

ledgerApiSuite(sqliteStores);
