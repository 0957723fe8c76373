/** Where progress goes: a terminal gets a live line, anything else a line every few seconds. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Renders `done/total, rows/s, ETA` for long loads on stderr. `now` is injectable for tests.
 * Returns the callback to pass as `onProgress`.
 */
export function progressReporter(
  stream: ProgressStream,
  label: string,
  { intervalMs = 5_000, now = () => Date.now() } = {},
): (done: number, total: number) => void {
  const started = now();
  let last = started;
  let finishedShown = false;
  return (done, total) => {
    if (total < 10_000 || finishedShown) return;
    const t = now();
    const finished = done >= total;
    if (!finished && t - last < (stream.isTTY ? 200 : intervalMs)) return;
    finishedShown = finished;
    last = t;
    const seconds = Math.max(t - started, 1) / 1000;
    const perSecond = done / seconds;
    const eta = perSecond > 0 ? Math.ceil((total - done) / perSecond) : 0;
    const line = `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} rows, ${Math.round(perSecond).toLocaleString('en-US')} rows/s, ETA ${eta} s`;
    if (stream.isTTY) stream.write(`\r\x1b[2K${line}${finished ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}
