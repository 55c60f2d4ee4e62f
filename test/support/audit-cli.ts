import { run } from '../../apps/audit/src/main';

/** The audit CLI run in-process, as an auditor runs it: its exit code and what it wrote to each stream. */
export async function audit(...argv: string[]): Promise<{ code: number; output: string; errors: string }> {
  let output = '';
  let errors = '';
  const code = await run(
    argv,
    (t) => (output += t),
    (t) => (errors += t),
  );
  return { code, output, errors };
}
