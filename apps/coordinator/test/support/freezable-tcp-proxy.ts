import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to a real server whose open connections can be frozen: bytes stop flowing both ways while the
 * sockets stay open, as with a half-open connection after a network cut or a vanished host. New connections
 * pass as usual.
 */
export class FreezableTcpProxy {
  private server?: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; frozen: boolean }>();
  private refusing = false;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  /** Listens on `port` (any free one by default), so a stopped proxy can come back where its clients expect it. */
  async start(port = 0): Promise<number> {
    this.server = createServer((client) => {
      // an unreachable host: the connection is dropped at once, as by a firewall sending RSTs
      if (this.refusing) return void client.destroy();
      const upstream = createConnection(this.targetPort, this.targetHost);
      const pair = { client, upstream, frozen: false };
      this.pairs.add(pair);
      client.on('data', (chunk) => {
        if (!pair.frozen) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!pair.frozen) client.write(chunk);
      });
      const close = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server!.address() as { port: number }).port;
  }

  /** Every connection open now goes silent; returns how many. */
  freezeOpenConnections(): number {
    for (const pair of this.pairs) pair.frozen = true;
    return this.pairs.size;
  }

  /** The server becomes unreachable: open connections freeze, new ones are dropped. Until `restore()`. */
  makeUnreachable(): number {
    this.refusing = true;
    return this.freezeOpenConnections();
  }

  /** Reachable again: frozen connections are cut (their clients see an error and reconnect), new ones pass. */
  restore(): void {
    this.refusing = false;
    for (const pair of this.pairs) {
      if (!pair.frozen) continue;
      pair.client.destroy();
      pair.upstream.destroy();
    }
  }

  get openConnections(): number {
    return this.pairs.size;
  }

  async stop(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
