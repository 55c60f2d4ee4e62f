export const EVENT_STORE = Symbol('EventStore');
export const LEDGER_CONFIG = Symbol('LedgerConfig');
export const CATALOGUE = Symbol('Catalogue');
export const KEY_STORE = Symbol('KeyStore');
export const READ_SIDE = Symbol('ReadSide');
