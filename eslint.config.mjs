// @ts-check
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

/** What the pure domain may not touch (the layer rules' other half is .dependency-cruiser.js). */
const IMPURE = [
  ['Date', 'now', 'the clock comes in as metadata.now'],
  ['performance', 'now', 'the clock comes in as metadata.now'],
  ['process', 'hrtime', 'the clock comes in as metadata.now'],
  ['process', 'env', 'configuration belongs to the app'],
  ['Math', 'random', 'ids and randomness come in from outside'],
  ['crypto', 'randomUUID', 'ids and randomness come in from outside'],
  ['crypto', 'getRandomValues', 'ids and randomness come in from outside'],
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench/**', 'test/architecture/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks a name left unused on purpose (a field dropped by a rest pattern).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read answers as untyped JSON: typing each one would repeat the DTOs in every spec.
    files: ['test/**/*.ts', '**/*.spec.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Honest tests: each asserts something (through expect, fast-check or a spec helper that expects),
    // every expect reaches a matcher and is awaited, and none is skipped or focused in silence.
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.suite.ts', '**/contract/**/*.ts', '**/testing/**/*.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      'jest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'expect[A-Z]*', 'fc.assert', '**.then', '**.thenThrows', '**.thenRows'] },
      ],
      'jest/valid-expect': 'error',
      'jest/valid-expect-in-promise': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/no-identical-title': 'error',
    },
  },
  {
    files: ['libs/consent-domain/src/**/*.ts'],
    ignores: ['libs/consent-domain/src/**/*.spec.ts', 'libs/consent-domain/src/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...IMPURE.map(([object, property, message]) => ({
          object,
          property,
          message: `the domain is pure: ${message}`,
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'the domain is pure: the clock comes in as metadata.now',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'crypto', message: 'the domain is pure: no randomness or hashing of its own' },
        { name: 'process', message: 'the domain is pure: no environment, clock or exit of its own' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
);
