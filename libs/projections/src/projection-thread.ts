import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '@ledger/event-store';
import { IntegrityFailure } from '@ledger/ledger-log';
import { ReadSide } from './read-side';
import { ProjectionThreadData, ProjectionThreadMessage } from './threaded-runner';

/** How long the thread waits for news of an append before it looks at the log anyway. */
const LOOK_ANYWAY_MS = 1_000;

/**
 * The read models' thread (see ThreadedProjectionRunner): the ledger's ProjectionRunner on its own
 * connections, live by pages — told of each group commit, it reads what is new as stored text, checks
 * and applies it in one transaction, and says what the batch changed.
 */
function feed(port: NonNullable<typeof parentPort>, data: ProjectionThreadData): void {
  const store = new SqliteEventStore({ file: data.eventsFile, writerThread: false });
  let told = false;
  let wake: (() => void) | undefined;
  const say = (message: ProjectionThreadMessage) => port.postMessage(message);
  const side = new ReadSide(store, data.readModelFile, {
    ...data.runner,
    appended: () => {
      if (told) {
        told = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, LOOK_ANYWAY_MS);
        wake = done;
        function done() {
          clearTimeout(timer);
          wake = undefined;
          told = false;
          resolve();
        }
      });
    },
    onCommitted: (batch) => say({ kind: 'committed', batch }),
    onError: (error) =>
      say({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof IntegrityFailure
          ? { integrity: { stream: error.stream, revision: error.revision, reason: error.reason } }
          : {}),
      }),
  });
  port.on('message', (message: 'appended' | 'stop') => {
    if (message === 'appended') {
      told = true;
      wake?.();
      return;
    }
    wake?.();
    void side
      .close()
      .then(() => store.close())
      .finally(() => port.close());
  });
  side.runner.start();
}

if (parentPort) feed(parentPort, workerData as ProjectionThreadData);
