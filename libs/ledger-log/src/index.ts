export * from './ids';
export * from './streams';
export * from './envelope';
export * from './canonical-json';
