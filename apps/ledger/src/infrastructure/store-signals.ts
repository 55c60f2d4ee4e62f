/**
 * What the stores report as they work — group commits, retries, resubscriptions — for whoever
 * listens (the metrics). Made before the stores, so the stores need not know about Prometheus.
 */
export class StoreSignals {
  /** Writes committed together in one transaction (the embedded store's group commit). */
  groupCommitted: (writes: number) => void = () => {};
  /** An EventStoreDB operation tried again after a transient failure. */
  retried: (operation: 'append' | 'read') => void = () => {};
  /** A live subscription lost and opened again. */
  resubscribed: () => void = () => {};
}
