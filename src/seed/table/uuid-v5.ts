// RFC 9562 UUID v5 of a short ASCII key, in JavaScript: SHA-1 of one 64-byte block (the 16 namespace bytes, at most
// 39 key bytes, the padding). A first load derives every id before its first row while the server waits, and
// `crypto.hash` spends most of its microsecond a key on the call, not on the block: this is about 2.5 times faster
// for the keys a generated data set has (`synthetic-0000042`). Any other key goes through `crypto.hash`
// (description.ts `idBytesFor`); test/unit/ids.test.ts holds both to the `uuid` package over arbitrary keys.

/** The longest key one block holds after the namespace: 64 bytes less 16, the 0x80 byte and the 8-byte length. */
const MAX_KEY_BYTES = 39;

/** The 80-word message schedule, reused: one derivation at a time (the process is single-threaded here). */
const schedule = new Int32Array(80);

/** A namespace UUID's 16 bytes as the 4 big-endian words that begin every block. */
export function namespaceWords(namespace: Uint8Array): Int32Array {
  const view = new DataView(namespace.buffer, namespace.byteOffset, 16);
  return Int32Array.from({ length: 4 }, (_, i) => view.getInt32(i * 4));
}

/**
 * Writes the UUID v5 of `key` in the namespace (its {@link namespaceWords}) into `out` at `at` and returns true,
 * when the key is ASCII of at most 39 characters; returns false, writing nothing, for any other key.
 */
export function shortUuidV5(namespace: Int32Array, key: string, out: Uint8Array, at: number): boolean {
  const length = key.length;
  if (length > MAX_KEY_BYTES) return false;
  const w = schedule;
  w[0] = namespace[0];
  w[1] = namespace[1];
  w[2] = namespace[2];
  w[3] = namespace[3];
  w.fill(0, 4, 16);
  for (let i = 0; i < length; i++) {
    const c = key.charCodeAt(i);
    if (c > 0x7f) return false;
    w[4 + (i >> 2)] |= c << (24 - ((i & 3) << 3));
  }
  const bytes = 16 + length;
  w[bytes >> 2] |= 0x80 << (24 - ((bytes & 3) << 3));
  w[15] = bytes << 3;
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = 0x67452301;
  let b = 0xefcdab89 | 0;
  let c = 0x98badcfe | 0;
  let d = 0x10325476;
  let e = 0xc3d2e1f0 | 0;
  let t = 0;
  for (; t < 20; t++) {
    const next = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  for (; t < 40; t++) {
    const next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  for (; t < 60; t++) {
    const next = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + w[t]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  for (; t < 80; t++) {
    const next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + w[t]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  // The digest's first 16 bytes, with the version (5) and the RFC's variant set.
  const h0 = (a + 0x67452301) | 0;
  const h1 = (b + (0xefcdab89 | 0)) | 0;
  const h2 = (c + (0x98badcfe | 0)) | 0;
  const h3 = (d + 0x10325476) | 0;
  out[at] = h0 >>> 24;
  out[at + 1] = h0 >>> 16;
  out[at + 2] = h0 >>> 8;
  out[at + 3] = h0;
  out[at + 4] = h1 >>> 24;
  out[at + 5] = h1 >>> 16;
  out[at + 6] = ((h1 >>> 8) & 0x0f) | 0x50;
  out[at + 7] = h1;
  out[at + 8] = ((h2 >>> 24) & 0x3f) | 0x80;
  out[at + 9] = h2 >>> 16;
  out[at + 10] = h2 >>> 8;
  out[at + 11] = h2;
  out[at + 12] = h3 >>> 24;
  out[at + 13] = h3 >>> 16;
  out[at + 14] = h3 >>> 8;
  out[at + 15] = h3;
  return true;
}
