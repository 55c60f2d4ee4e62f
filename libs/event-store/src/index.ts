export * from './event-store';
export * from './sqlite/sqlite-event-store';
export * from './esdb/esdb-event-store';
export * from './sqlite/sqlite-failures';
export * from './sqlite/data-folder-lock';
export * from './sqlite/sqlite-writer';
