import { parentPort, workerData } from 'node:worker_threads';
import { commitAfter, SqliteEventStore } from '@ledger/event-store';
import { IntegrityFailure } from '@ledger/ledger-log';
import { ReadSide } from './read-side';
import { ProjectionThreadData, ProjectionThreadMessage } from './threaded-runner';

/**
 * The read models' thread (see ThreadedProjectionRunner): the ledger's ProjectionRunner on its own
 * connections, live by pages — told of each group commit, it reads what is new as stored text, checks
 * and applies it in one transaction, and says what the batch changed.
 */
function feed(port: NonNullable<typeof parentPort>, data: ProjectionThreadData): void {
  const store = new SqliteEventStore({ file: data.eventsFile, writerThread: false });
  // The count of group commits before the last look at the log: any later one changes it, so none is
  // slept through (the count is raised only once a commit is on disk and visible).
  let seen = Atomics.load(new Int32Array(data.commits), 0);
  const say = (message: ProjectionThreadMessage) => port.postMessage(message);
  const side = new ReadSide(store, data.readModelFile, {
    ...data.runner,
    feedOnly: true,
    appended: async () => {
      seen = await commitAfter(data.commits, seen, data.lookAnywayMs);
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
  port.on('message', () => {
    // 'stop', the only message.
    void side
      .close()
      .then(() => store.close())
      .finally(() => port.close());
  });
  side.runner.start();
}

if (parentPort) feed(parentPort, workerData as ProjectionThreadData);
