import { randomBytes } from 'node:crypto';

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
  const random = randomBytes(8).toString('base64url').replace(/[-_]/g, '0').slice(0, 10).toLowerCase();
  return `${now.toString(36).padStart(9, '0')}-${counter.toString(36).padStart(2, '0')}-${random}`;
}
