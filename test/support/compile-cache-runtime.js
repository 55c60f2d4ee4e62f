// @ts-check
/**
 * Jest's runtime, with V8's code cache kept for the worker's life.
 *
 * Jest gives every test file a fresh module registry, so each of the ~40 files that start the ledger
 * compiles Nest, Fastify, the ledger and their dependencies again from source: about 0.4 s of CPU per
 * file, half of what such a file costs before its first test. Here a module's code is compiled once
 * per worker; later files hand V8 the bytecode it made the first time, taken after the first file ran
 * so that the functions it called are in it too. Only the compiling is shared: every file still runs
 * every module afresh in its own context, so no state crosses from one test file to the next.
 *
 * V8 checks a cache only against the source's length, so each entry keeps the exact source it was made
 * from and is used for that source alone.
 */
const { Script } = require('node:vm');
const { handlePotentialSyntaxError } = require('@jest/transform');
const Runtime = require('jest-runtime').default;

/** @type {Map<string, { source: string, data: Buffer }>} by file name */
const codeCache = new Map();
/** @type {{ filename: string, source: string, script: Script }[]} compiled without a cache since the last file ended */
const uncached = [];

class CompileCacheRuntime extends Runtime {
  /**
   * The same function Jest's own runtime makes (its module parameters, in the test file's context),
   * compiled as a script so that V8 can hand back a cache of it after it ran.
   * @param {string} scriptSource
   * @param {string} filename
   */
  createScriptFromCode(scriptSource, filename) {
    const context = this._environment.getVmContext();
    if (context == null) return null;
    const scriptFilename = this._resolver.isCoreModule(filename) ? `jest-nodejs-core-${filename}` : filename;
    const source = `(function(${this.constructInjectedModuleParameters().join(',')}) {${scriptSource}\n})`;
    const cached = codeCache.get(scriptFilename);
    const useCache = cached !== undefined && cached.source === source;
    let script;
    try {
      script = new Script(source, {
        filename: scriptFilename,
        cachedData: useCache ? cached.data : undefined,
        importModuleDynamically: /** @type {any} */ (
          async (/** @type {string} */ specifier) =>
            this.linkAndEvaluateModule(await this.resolveModule(specifier, scriptFilename, context))
        ),
      });
    } catch (error) {
      throw handlePotentialSyntaxError(/** @type {any} */ (error));
    }
    if (!useCache || script.cachedDataRejected) uncached.push({ filename: scriptFilename, source, script });
    return script.runInContext(context);
  }

  teardown() {
    for (const { filename, source, script } of uncached.splice(0)) {
      codeCache.set(filename, { source, data: script.createCachedData() });
    }
    return super.teardown();
  }
}

module.exports = CompileCacheRuntime;
