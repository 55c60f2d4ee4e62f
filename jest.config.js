/** One jest run covers unit specs next to the code and the suites under test/. */
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }] },
  moduleNameMapper,
  // Each worker compiles a module once and hands V8 its code cache for every later test file.
  runtime: '<rootDir>/test/support/compile-cache-runtime.js',
  testTimeout: 30000,
  // Most suites wait on child processes, sockets and fsync: two workers keep both cores busy.
  maxWorkers: 2,
};
