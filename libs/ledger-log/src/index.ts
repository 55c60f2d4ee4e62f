export * from './ids';
export * from './streams';
export * from './envelope';
export * from './canonical-json';
export * from './integrity/hash-chain';
export * from './integrity/signing';
export * from './integrity/export-format';
