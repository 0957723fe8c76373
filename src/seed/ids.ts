import { hash } from 'node:crypto';

/**
 * The UUID v5 namespace of this project's postings (itself uuidv5('job-postings-seed', uuid.URL)): a posting's
 * id is uuidv5(key, namespace), so the same posting has the same id on every machine and every run.
 */
export const POSTING_ID_NAMESPACE = '7459bdae-df3d-563c-b1e5-e6b250954104';

/** Namespace bytes followed by room for the key: one buffer reused for every id (a load derives millions). */
const scratch = Buffer.alloc(16 + 1024);
scratch.write(POSTING_ID_NAMESPACE.replace(/-/g, ''), 0, 'hex');

/**
 * The row id of the posting with this key: RFC 9562 UUID v5 (SHA-1 of namespace + name). Written out rather
 * than taken from the `uuid` package because a synthetic load derives a million of these and the one-shot
 * `crypto.hash` over a reused buffer is several times faster; test/ids.test.ts checks it against `uuid.v5`.
 */
export function postingId(key: string): string {
  const length = Buffer.byteLength(key, 'utf8');
  const name =
    length <= scratch.length - 16
      ? scratch.subarray(0, 16 + scratch.write(key, 16, 'utf8'))
      : Buffer.concat([scratch.subarray(0, 16), Buffer.from(key, 'utf8')]);
  const digest = hash('sha1', name, 'hex');
  const version = `5${digest.slice(13, 16)}`;
  const variant = ((Number.parseInt(digest[16], 16) & 0x3) | 0x8).toString(16) + digest.slice(17, 20);
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${version}-${variant}-${digest.slice(20, 32)}`;
}
