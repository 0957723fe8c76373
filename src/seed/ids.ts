import { hash } from 'node:crypto';

/**
 * The row id of a key in a namespace: RFC 9562 UUID v5 (SHA-1 of namespace + name), so the same item has the
 * same id on every machine and every run. Written out rather than taken from the `uuid` package because a
 * synthetic load derives a million of these and the one-shot `crypto.hash` over a reused buffer (namespace bytes
 * followed by room for the key) is several times faster; test/ids.test.ts checks it against `uuid.v5`.
 */
export function idFor(namespace: string): (key: string) => string {
  const scratch = Buffer.alloc(16 + 1024);
  scratch.write(namespace.replace(/-/g, ''), 0, 'hex');
  return (key) => {
    const length = Buffer.byteLength(key, 'utf8');
    const name =
      length <= scratch.length - 16
        ? scratch.subarray(0, 16 + scratch.write(key, 16, 'utf8'))
        : Buffer.concat([scratch.subarray(0, 16), Buffer.from(key, 'utf8')]);
    const digest = hash('sha1', name, 'hex');
    const version = `5${digest.slice(13, 16)}`;
    const variant = ((Number.parseInt(digest[16], 16) & 0x3) | 0x8).toString(16) + digest.slice(17, 20);
    return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${version}-${variant}-${digest.slice(20, 32)}`;
  };
}
