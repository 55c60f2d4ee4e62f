import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP path to a real server (PostgreSQL, Redis) that a test can stall: while stalled, connections
 * stay open and bytes either way are held, as when a network drops packets or a server hangs — no
 * reset, no refusal, just no answer. `resume` delivers what was held, as TCP would once the path heals.
 */
export class StallingProxy {
  private server?: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private stalled = false;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a free port; answers it. */
  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const end = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
      if (this.stalled) this.hold(pair);
    });
    await new Promise<void>((listening) => this.server!.listen(0, '127.0.0.1', listening));
    return (this.server!.address() as AddressInfo).port;
  }

  stall(): void {
    this.stalled = true;
    for (const pair of this.pairs) this.hold(pair);
  }

  resume(): void {
    this.stalled = false;
    for (const [client, upstream] of this.pairs) {
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      upstream.resume();
    }
  }

  /** Ends the stall by breaking every connection it held: what they held never arrives. */
  cut(): void {
    this.stalled = false;
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((closed) => (this.server ? this.server.close(() => closed()) : closed()));
  }

  private hold([client, upstream]: [Socket, Socket]): void {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  }
}
