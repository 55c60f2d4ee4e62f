import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * EventStoreDB checks the idempotency of a retried append durably only for an exact revision or
 * 'no-stream'; for 'any' and 'stream-exists' it asks an in-memory cache of recent ids on the leader,
 * lost on restart or failover (IndexWriter.CheckCommit, EventStore v24.10.4). A retried command could
 * then be written twice. So no code path of the ledger may append with either: every `append` call on
 * an event store in apps/ and libs/ (outside the adapters themselves) must pass an expected revision
 * whose type admits neither, which the compiler checks here.
 */
const root = join(__dirname, '..', '..');
const BEST_EFFORT = ['any', 'stream-exists'];

interface AppendCall {
  readonly where: string;
  readonly expected: string;
  readonly admits: string[];
}

/** Every call of EventStore.append (or an adapter's) in the program's own files, and what its expected revision admits. */
function appendCalls(program: ts.Program, files: (file: ts.SourceFile) => boolean): AppendCall[] {
  const checker = program.getTypeChecker();
  const calls: AppendCall[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !files(file)) continue;
    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'append' &&
        node.arguments.length === 3 &&
        isEventStoreAppend(checker, node)
      ) {
        const argument = node.arguments[2];
        const type = checker.getTypeAtLocation(argument);
        const admits = BEST_EFFORT.filter((value) =>
          checker.isTypeAssignableTo(checker.getStringLiteralType(value), type),
        );
        const { line } = file.getLineAndCharacterOfPosition(node.getStart());
        calls.push({
          where: `${relative(root, file.fileName).split(sep).join('/')}:${line + 1}`,
          expected: argument.getText(),
          admits,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return calls;
}

/** The call resolves to `append` of the port or of a class that implements it. */
function isEventStoreAppend(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const declaration = checker.getResolvedSignature(call)?.getDeclaration();
  if (!declaration) return false;
  const owner = declaration.parent;
  if ((ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) && owner.name?.text === 'EventStore')
    return true;
  if (!ts.isClassDeclaration(owner)) return false;
  return (owner.heritageClauses ?? []).some((clause) =>
    clause.types.some((t) => t.expression.getText() === 'EventStore'),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return { ...parsed.options, noEmit: true, incremental: false };
}

/** A probe of every kind of expected revision, compiled in the same program as the ledger's files. */
const PROBE = join(root, 'test', 'event-store', '__probe__.ts');
const PROBE_SOURCE = `
  import { EventStore, ExpectedRevision } from '../../libs/event-store/src/event-store';
  export async function probe(store: EventStore, loose: ExpectedRevision, exact: number) {
    await store.append('s-1', [], 'any');
    await store.append('s-1', [], loose);
    await store.append('s-1', [], exact);
    await store.append('s-1', [], 'no-stream');
    await store.append('s-1', [], 'stream-exists');
  }`;

describe('no ledger path appends with best-effort idempotency', () => {
  const adapters = join(root, 'libs', 'event-store', 'src') + sep;
  const files = [...sourceFiles(join(root, 'apps')), ...sourceFiles(join(root, 'libs'))].filter(
    (f) => !f.startsWith(adapters),
  );
  let program: ts.Program;

  // One program (the costly part) for both: the ledger's files and the probe beside them.
  beforeAll(() => {
    const options = compilerOptions();
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => (f === PROBE ? PROBE_SOURCE : readFile(f));
    host.fileExists = (f) => f === PROBE || fileExists(f);
    host.getSourceFile = (f, v, ...rest) =>
      f === PROBE ? ts.createSourceFile(f, PROBE_SOURCE, v) : getSourceFile(f, v, ...rest);
    program = ts.createProgram([...files, PROBE], options, host);
  }, 60_000);

  it("passes an exact revision or 'no-stream' on every append in apps/ and libs/", () => {
    const ledgerFiles = new Set(files.map((f) => ts.sys.resolvePath(f)));
    const calls = appendCalls(program, (file) => ledgerFiles.has(ts.sys.resolvePath(file.fileName)));

    // The command executor (claim and events) and the access log append: the scan must see them.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c.admits.length > 0)).toEqual([]);
  });

  it('flags an append whose expected revision could be "any" or "stream-exists"', () => {
    const calls = appendCalls(program, (file) => file.fileName === PROBE);
    expect(calls.map((c) => [c.expected, c.admits])).toEqual([
      ["'any'", ['any']],
      ['loose', ['any', 'stream-exists']],
      ['exact', []],
      ["'no-stream'", []],
      ["'stream-exists'", ['stream-exists']],
    ]);
  });
});
