import net from 'node:net';

/** A TCP proxy in front of the server of `upstreamUrl`: tests stand it in for a server that comes up late or dies. */
export interface TcpProxy {
  server: net.Server;
  /** Starts listening on 127.0.0.1:`port` (0: any free port); resolves to the port. */
  listen(port?: number): Promise<number>;
  /** Drops every open connection at once: the server "goes away". */
  cut(): void;
  /** Stops relaying in both directions but keeps every connection open: a network path that stalls. */
  stall(): void;
  /** cut(), then stops listening. */
  close(): Promise<void>;
}

export function tcpProxy(upstreamUrl: string): TcpProxy {
  const upstream = new URL(upstreamUrl);
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const server = net.createServer((client) => {
    const target = net.connect(Number(upstream.port || 5432), upstream.hostname);
    for (const s of [client, target]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        target.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    // Relayed by hand, not piped: a stalled proxy swallows what it gets and keeps both sockets open.
    client.on('data', (d) => {
      if (!stalled) target.write(d);
    });
    target.on('data', (d) => {
      if (!stalled) client.write(d);
    });
    client.on('end', () => {
      if (!stalled) target.end();
    });
    target.on('end', () => {
      if (!stalled) client.end();
    });
  });
  const cut = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    server,
    listen: (port = 0) =>
      new Promise((resolve) =>
        server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
      ),
    cut,
    stall: () => {
      stalled = true;
    },
    close: async () => {
      cut();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
