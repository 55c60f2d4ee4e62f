export * from './projection';
export * from './read-model-db';
export * from './projection-runner';
export * from './subjects.projection';
export * from './disclosures.projection';
export * from './policies.projection';
export * from './read-side';
export * from './log-chain.projection';
