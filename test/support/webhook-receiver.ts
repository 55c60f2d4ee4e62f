import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  readonly id: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  /** The person the notification is about, from its body. */
  readonly subjectId: string | undefined;
}

/** A lending core's webhook endpoint on loopback, which can refuse or hang on request. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** 'fail': answer 500; 'hang': never answer the next request; 'ok': 204. */
  mode: 'fail' | 'hang' | 'ok' = 'ok';
  hung = 0;
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (this.mode === 'hang') {
          this.hung += 1;
          return; // the ledger is stopped while it waits for this answer
        }
        if (this.mode === 'fail') {
          response.writeHead(500).end();
          return;
        }
        const subjectId = (JSON.parse(body) as { data?: { subjectId?: string } }).data?.subjectId;
        this.received.push({ id: String(request.headers['webhook-id']), body, headers: request.headers, subjectId });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Waits until `condition` holds, checking every 25 ms; answers how long it took. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 15_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await condition()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting until ${what}`);
}
