/**
 * The layer rules (docs: /work/shared/style.md, "Shape of our code"). Paths are relative to the
 * folder dependency-cruiser runs in, so test/architecture/layers.spec.ts can prove each rule on a
 * small tree that breaks it. The domain's other half — no clock, randomness or environment even
 * without an import — is in eslint.config.mjs.
 */
const TEST_ONLY = '(\\.spec\\.ts$|/testing/|/contract/|^test/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/consent-domain is the code auditors replay: it imports nothing but itself — no framework, ' +
        'store, Node module or package.',
      severity: 'error',
      from: { path: '^libs/consent-domain/src/', pathNot: TEST_ONLY },
      to: { pathNot: '^libs/consent-domain/src/' },
    },
    {
      name: 'libs-not-apps',
      comment: 'A library never reaches into an app.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libs-not-nest',
      comment: 'Libraries do not depend on Nest or on class-validator; those belong to the apps.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: 'node_modules/(@nestjs/|class-validator/)' },
    },
    {
      name: 'apps-not-other-apps',
      comment: 'An app shares code with another only through a library (a spec may check that two apps agree).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: TEST_ONLY },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-through-their-index',
      comment:
        'Apps and libraries use another library through its @ledger/… name (its index), never by a path ' +
        "into its src: the index says what the library offers. Tests and scripts may reach a lib's contract suite.",
      severity: 'error',
      from: { path: '^(apps|libs/([^/]+))/' },
      to: {
        path: '^libs/[^/]+/src/',
        pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'],
      },
    },
    {
      name: 'libs-index-only-by-alias',
      comment: "A library's index is reached by its @ledger/… name, not by a relative path.",
      severity: 'error',
      from: { path: '^(apps|libs/([^/]+))/' },
      to: {
        path: '^libs/[^/]+/src/index\\.ts$',
        pathNot: '^libs/$2/',
        dependencyTypesNot: ['aliased-tsconfig-paths'],
      },
    },
    {
      name: 'sqlite-only-in-infrastructure',
      comment: 'Above the event-store port nothing knows the SQLite adapter or a store client.',
      severity: 'error',
      from: { path: '^apps/', pathNot: '/infrastructure/' },
      to: { path: ['^libs/event-store/src/(sqlite|esdb)/', 'node_modules/(better-sqlite3|@eventstore)/'] },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'What ships never imports test-only code (specs, contract suites, testing helpers, test/).',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: TEST_ONLY },
      to: { path: TEST_ONLY },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/|^test/architecture/fixtures/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
