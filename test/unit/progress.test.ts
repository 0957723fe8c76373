import { progressReporter } from '../../src/progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('progressReporter', () => {
  test('on a terminal: a live line (carriage return) with rows, rate and ETA, finished with a newline', () => {
    let now = 0;
    const stream = fakeStream(true);
    const report = progressReporter(stream, 'load', { now: () => now });
    now = 1_000;
    report(50_000, 100_000);
    now = 1_100; // throttled: under 200 ms since the last line
    report(55_000, 100_000);
    now = 2_000;
    report(100_000, 100_000);
    report(100_000, 100_000); // the finished line is shown once
    expect(stream.writes).toEqual([
      '\r\x1b[2Kload: 50,000/100,000 rows, 50,000 rows/s, ETA 1 s',
      '\r\x1b[2Kload: 100,000/100,000 rows, 50,000 rows/s, ETA 0 s\n',
    ]);
  });

  test('elsewhere: a plain line every interval, and the last one', () => {
    let now = 0;
    const stream = fakeStream(false);
    const report = progressReporter(stream, 'load', { now: () => now, intervalMs: 5_000 });
    for (let i = 1; i <= 10; i++) {
      now = i * 1_000;
      report(i * 10_000, 100_000);
    }
    expect(stream.writes).toEqual([
      'load: 50,000/100,000 rows, 10,000 rows/s, ETA 5 s\n',
      'load: 100,000/100,000 rows, 10,000 rows/s, ETA 0 s\n',
    ]);
  });

  test('small loads print nothing', () => {
    const stream = fakeStream(true);
    progressReporter(stream, 'load')(5_000, 5_000);
    expect(stream.writes).toEqual([]);
  });
});
