export * from './event-store';
export * from './stream-tail';
export * from './written-names';
export * from './sqlite/sqlite-event-store';
export type { EsdbEventStore, EsdbEventStoreOptions, RetryNotice } from './esdb/esdb-event-store';
export * from './sqlite/sqlite-failures';
export * from './sqlite/data-folder-lock';
export * from './sqlite/sqlite-writer';

/**
 * The EventStoreDB adapter, loaded with its gRPC client (the largest part of the service's start-up)
 * only when a ledger is configured for it: the embedded default never pays for it.
 */
export function loadEsdbEventStore(): typeof import('./esdb/esdb-event-store').EsdbEventStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
  return (require('./esdb/esdb-event-store') as typeof import('./esdb/esdb-event-store')).EsdbEventStore;
}
