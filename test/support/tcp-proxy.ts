import net from 'node:net';

/** A TCP proxy in front of the server of `upstreamUrl`: tests stand it in for a server that comes up late or dies. */
export interface TcpProxy {
  server: net.Server;
  /** Starts listening on 127.0.0.1:`port` (0: any free port); resolves to the port. */
  listen(port?: number): Promise<number>;
  /** Drops every open connection at once: the server "goes away". */
  cut(): void;
  /** cut(), then stops listening. */
  close(): Promise<void>;
}

export function tcpProxy(upstreamUrl: string): TcpProxy {
  const upstream = new URL(upstreamUrl);
  const sockets = new Set<net.Socket>();
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
    client.pipe(target).pipe(client);
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
    close: async () => {
      cut();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
