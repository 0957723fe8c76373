import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { ROOT } from './cli';
import { freePort } from './free-port';

/**
 * A throwaway PostgreSQL cluster of the test's own, with TLS on and a self-signed certificate made for it:
 * initdb + pg_ctl from the server's binaries, run as the `postgres` user when the tests run as root (initdb
 * refuses root), on a free port of 127.0.0.1, reachable without TLS only through its own Unix socket. Only
 * `hostssl` lines in pg_hba.conf: a TCP connection that succeeds is encrypted.
 */
export interface TlsCluster {
  port: number;
  /** The self-signed certificate the server presents (PEM), for NODE_EXTRA_CA_CERTS. */
  certFile: string;
  /** `postgres://postgres:<password>@127.0.0.1:<port>/<database><query>`. */
  url(database: string, query?: string): string;
  /** A knex over the Unix socket (no TLS) for setting up and inspecting; closed by stop(). */
  admin(database?: string): Knex;
  /** A fresh database with the project's migrations applied. */
  createMigratedDatabase(name: string): Promise<void>;
  /** The server's `connection authorized` log lines for a database and application_name. */
  connectionsLogged(database: string, applicationName: string): string[];
  /** Turns the server's TLS off or on (ALTER SYSTEM + reload), returning once new connections see it. */
  setSsl(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** The directory of initdb and pg_ctl: PG_BINDIR, else the newest /usr/lib/postgresql/<version>/bin. */
export function serverBinDir(): string | undefined {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(base, versions[0], 'bin') : undefined;
}

const SERVER_USER = 'postgres';
const runningAsRoot = () => process.getuid?.() === 0;

/** Runs a server binary, as the `postgres` user when this process is root. */
function asServerUser(binary: string, args: string[]): string {
  const [command, argv] = runningAsRoot()
    ? ['runuser', ['-u', SERVER_USER, '--', binary, ...args]]
    : [binary, args];
  return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Polls `check` until it returns true; fails with `what` and `diagnose()` after the deadline. */
async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  diagnose: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${diagnose()}`);
    // A poll interval, not a wait for time: the condition decides, the deadline fails loudly.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startTlsCluster(password: string): Promise<TlsCluster> {
  const bin = serverBinDir();
  if (!bin)
    throw new Error('no PostgreSQL server binaries (initdb, pg_ctl): install postgresql or set PG_BINDIR');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-tls-'));
  const data = path.join(dir, 'data');
  const certFile = path.join(dir, 'server.crt');
  const keyFile = path.join(dir, 'server.key');
  const logFile = path.join(dir, 'server.log');
  const pwFile = path.join(dir, 'password');
  const port = await freePort();
  const log = () =>
    fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-4000) : '(no server log)';

  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  fs.writeFileSync(pwFile, `${password}\n`);
  fs.chmodSync(keyFile, 0o600);
  if (runningAsRoot()) {
    const uid = Number(execFileSync('id', ['-u', SERVER_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', SERVER_USER], { encoding: 'utf8' }).trim());
    for (const file of [dir, keyFile, certFile, pwFile]) fs.chownSync(file, uid, gid);
  }

  asServerUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    `--pwfile=${pwFile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  fs.writeFileSync(
    path.join(data, 'pg_hba.conf'),
    'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n',
  );
  fs.appendFileSync(
    path.join(data, 'postgresql.conf'),
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'ssl = on',
      `ssl_cert_file = '${certFile}'`,
      `ssl_key_file = '${keyFile}'`,
      'fsync = off',
      'log_connections = on',
      'max_connections = 20',
      '',
    ].join('\n'),
  );

  // pg_ctl returns once the postmaster is launched (-W); readiness is polled with pg_isready.
  asServerUser(path.join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-W', 'start']);
  // pg_isready beside the server, else on PATH (a server-only build, as ../shared/tools/pg-versions.sh unpacks, has
  // initdb, pg_ctl and postgres alone): any version's pg_isready asks any server.
  const isReady = fs.existsSync(path.join(bin, 'pg_isready')) ? path.join(bin, 'pg_isready') : 'pg_isready';
  const ready = () =>
    spawnSync(isReady, ['-h', dir, '-p', String(port), '-q'], { stdio: 'ignore' }).status === 0;
  const stopServer = () =>
    asServerUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
  try {
    await until(
      'the TLS test server to accept connections',
      () => {
        if (ready()) return true;
        // A postmaster that failed to start says so in its log (bad setting, unreadable key file, port taken);
        // "starting up" is only pg_isready's own probe arriving early.
        if (/(FATAL|PANIC): {2}(?!the database system is starting up)/.test(log()))
          throw new Error(`the TLS test server did not start:\n${log()}`);
        return false;
      },
      log,
    );
  } catch (error) {
    try {
      stopServer();
    } catch {
      // Not running: nothing to stop.
    }
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const admins = new Map<string, Knex>();
  const admin = (database = 'postgres') => {
    let knex = admins.get(database);
    if (!knex) {
      knex = knexFactory({
        client: 'pg',
        connection: { host: dir, port, user: 'postgres', database },
        pool: { min: 0, max: 1 },
        migrations: { directory: path.join(ROOT, 'migrations'), loadExtensions: ['.ts'] },
      });
      admins.set(database, knex);
    }
    return knex;
  };

  return {
    port,
    certFile,
    url: (database, query = '') =>
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}${query}`,
    admin,
    connectionsLogged: (database, applicationName) =>
      fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) =>
          line.includes(
            `connection authorized: user=postgres database=${database} application_name=${applicationName} `,
          ),
        ),
    async createMigratedDatabase(name) {
      await admin().raw('CREATE DATABASE ??', [name]);
      await admin(name).migrate.latest();
    },
    async setSsl(on) {
      await admin().raw(`ALTER SYSTEM SET ssl = ${on ? 'on' : 'off'}`);
      await admin().raw('SELECT pg_reload_conf()');
      // Each check is a new backend, which reads the reloaded configuration once the postmaster has.
      await until(
        `ssl = ${on ? 'on' : 'off'}`,
        async () => {
          const probe = knexFactory({
            client: 'pg',
            connection: { host: dir, port, user: 'postgres', database: 'postgres' },
          });
          try {
            const { rows } = await probe.raw('SHOW ssl');
            return rows[0].ssl === (on ? 'on' : 'off');
          } finally {
            await probe.destroy();
          }
        },
        log,
      );
    },
    async stop() {
      for (const knex of admins.values()) await knex.destroy();
      admins.clear();
      try {
        // -w: pg_ctl itself polls until the server is gone, so the directory can go.
        stopServer();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
