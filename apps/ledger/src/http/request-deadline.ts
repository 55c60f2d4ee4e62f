import { IncomingMessage } from 'node:http';
import { FastifyInstance } from 'fastify';

/** Uploads the ledger reads at its own pace (a streamed import): no deadline on their arrival. */
const pacedByLedger = new WeakSet<IncomingMessage>();
/** Each request's deadline, until its body has arrived or it has been answered. */
const deadlines = new WeakMap<IncomingMessage, NodeJS.Timeout>();

/**
 * From here on the request's body is read as fast as the ledger works through it, not as fast as
 * the client sends it: an import of millions of rows takes minutes to arrive because the ledger
 * holds it back while it decides and writes each chunk.
 */
export function pacedUpload(request: IncomingMessage): void {
  pacedByLedger.add(request);
}

/**
 * A request must arrive in full within `ms` of its headers (LEDGER_REQUEST_TIMEOUT_MS), else it is
 * answered 408 through the server's client-error answer, as Node's own requestTimeout answers —
 * except an upload the ledger paces itself, which Node's timer, counting the whole request, cut off
 * after 30 s however fast its client sent it. Such an upload left unread when its answer has gone
 * (a failed import) closes its connection, so a client cannot hold it open by trickling the rest.
 */
export function requestDeadlines(fastify: FastifyInstance, ms: number): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw;
    if (!raw.complete && mayHaveBody(raw)) {
      const timer = setTimeout(() => {
        // (A request injected in-process has no socket of its own to close.)
        if (raw.complete || pacedByLedger.has(raw) || raw.socket.destroyed) return;
        if (typeof raw.socket.destroy !== 'function') return;
        const error = Object.assign(new Error('the request did not arrive in time'), {
          code: 'ERR_HTTP_REQUEST_TIMEOUT',
        });
        fastify.server.emit('clientError', error, raw.socket);
      }, ms);
      timer.unref();
      deadlines.set(raw, timer);
      const clear = () => clearTimeout(timer);
      raw.once('end', clear);
      raw.once('close', clear);
    }
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    // Answered: whatever of it has not arrived can no longer be late.
    const timer = deadlines.get(request.raw);
    if (timer !== undefined) clearTimeout(timer);
    if (pacedByLedger.has(request.raw) && !request.raw.complete) request.raw.socket.destroy();
    done();
  });
}

/**
 * Whether anything may still arrive after the headers: a request with neither Content-Length nor
 * Transfer-Encoding has no body (RFC 9112 §6.3), nor has one whose Content-Length is 0. Node marks
 * such a request complete only after the onRequest hooks have run, so without this every GET armed
 * a timer and two listeners that could never fire (about 2 % of a check's main-thread time).
 */
function mayHaveBody(raw: IncomingMessage): boolean {
  const length = raw.headers['content-length'];
  return raw.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
