export * from './sealing';
export * from './key-store';
export * from './sqlite-key-store';
export * from './masking';
export * from './personal-fields';
export * from './pg-key-store';
export * from './key-fingerprints';
export * from './key-wrapping';
