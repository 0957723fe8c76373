/**
 * How many parallel workers the seed's transaction allows (src/seed/run/parallel-workers.ts): the server's own
 * limits, capped to this machine's cores only when the server runs on it. Reading and setting them on a live
 * server and on PGlite: test/parallel-workers.test.ts.
 */

import {
  cappedParallelWorkers,
  isLoopbackPeer,
  parallelWorkerSettingsSql,
  setParallelWorkersSql,
} from '../../src/seed/run/parallel-workers';
import { render } from '../support/sql-text';

const serverDefaults = { gather: 2, maintenance: 2 };

describe('parallel workers of the seed transaction', () => {
  test('a server on this machine with two cores: one worker beside the leader, for queries and index builds', () => {
    expect(cappedParallelWorkers({ local: true, ...serverDefaults }, 2)).toEqual({
      gather: 1,
      maintenance: 1,
    });
  });

  test('one core: no workers at all', () => {
    expect(cappedParallelWorkers({ local: true, ...serverDefaults }, 1)).toEqual({
      gather: 0,
      maintenance: 0,
    });
  });

  test('enough cores for the server limits: nothing to change', () => {
    expect(cappedParallelWorkers({ local: true, ...serverDefaults }, 3)).toBeUndefined();
    expect(cappedParallelWorkers({ local: true, gather: 0, maintenance: 0 }, 1)).toBeUndefined();
  });

  test('only the limit above the cap is lowered; a lower one stays as the server set it', () => {
    expect(cappedParallelWorkers({ local: true, gather: 0, maintenance: 4 }, 2)).toEqual({
      gather: 0,
      maintenance: 1,
    });
  });

  test("a server elsewhere keeps its own limits: this machine's cores say nothing about its", () => {
    expect(cappedParallelWorkers({ local: false, ...serverDefaults }, 1)).toBeUndefined();
  });

  test("this process's end: a Unix socket or a loopback address is local, any other address is not", () => {
    for (const local of [
      undefined,
      '',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '::ffff:127.0.0.1',
      '::FFFF:127.0.0.1',
    ])
      expect([local, isLoopbackPeer(local)]).toEqual([local, true]);
    for (const remote of [
      '10.0.0.5',
      '192.168.1.20',
      '::ffff:10.0.0.1',
      'fe80::1',
      '2001:db8::1',
      '128.0.0.1',
    ])
      expect([remote, isLoopbackPeer(remote)]).toEqual([remote, false]);
  });

  test('the server says whether it is local (a Unix socket or loopback) and its two limits', () => {
    const { sql, bindings } = render(parallelWorkerSettingsSql());
    expect(bindings).toEqual([]);
    expect(sql).toContain('inet_server_addr() IS NULL');
    expect(sql).toContain("inet_server_addr() <<= inet '127.0.0.0/8'");
    expect(sql).toContain("inet_server_addr() = inet '::1'");
    expect(sql).toContain("inet_server_addr() <<= inet '::ffff:127.0.0.0/104'");
    expect(sql).toContain("current_setting('max_parallel_workers_per_gather')::int AS gather");
    expect(sql).toContain("current_setting('max_parallel_maintenance_workers')::int AS maintenance");
  });

  test('both limits are set for the transaction only, values bound', () => {
    const { sql, bindings } = render(setParallelWorkersSql({ gather: 1, maintenance: 0 }));
    expect(bindings).toEqual(['1', '0']);
    expect(sql).toBe(
      "SELECT set_config('max_parallel_workers_per_gather', $1, true), " +
        "set_config('max_parallel_maintenance_workers', $2, true)",
    );
  });
});
