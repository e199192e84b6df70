let last = 0;
let counter = 0;

/**
 * A new id that sorts by creation time (like a ULID): 9 base-36 characters of
 * milliseconds, a per-millisecond counter, then 10 random characters.
 *
 * @example newId() // 'mimk2p8w0-00-k3j9x0a1bc'
 */
export function newId(): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  // Web Crypto (Node and browsers alike): the domain stays free of Node's modules.
  const random = Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => (b % 36).toString(36)).join(
    '',
  );
  return `${now.toString(36).padStart(9, '0')}-${counter.toString(36).padStart(2, '0')}-${random}`;
}
