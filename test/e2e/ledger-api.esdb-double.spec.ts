import { loadEsdbEventStore } from '@ledger/event-store';
import { EsdbDouble, startEsdbDouble } from '../esdb-double/esdb-double';
import { StoreFactory } from '../support/ledger-harness';
import { ledgerApiSuite } from './ledger-api.suite';

/** The same end-to-end suite, with the ledger on the EventStoreDB adapter talking gRPC to the double. */
let double: EsdbDouble | undefined;

const esdbDoubleStores: StoreFactory = {
  name: 'EventStoreDB (adapter over the protocol double, BatchAppend path)',
  open: async () => {
    double = await startEsdbDouble({ batchAppend: true, caughtUp: true });
    return loadEsdbEventStore().connect(double.connectionString);
  },
  dispose: async () => {
    await double?.stop();
  },
};

ledgerApiSuite(esdbDoubleStores);
