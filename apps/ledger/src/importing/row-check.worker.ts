import { parentPort } from 'node:worker_threads';
import { checkLines, LineBatch } from './row-check';

/**
 * The import's row-checking thread: batches of lines in, checked rows out, in the order asked
 * (see RowChecker). A batch that cannot be checked (a fault, not a bad row) answers its error.
 */
parentPort!.on('message', async ({ id, batch }: { id: number; batch: LineBatch }) => {
  try {
    parentPort!.postMessage({ id, rows: await checkLines(batch) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
