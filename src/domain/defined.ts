/**
 * The value, or an error naming what is missing: for a value the code's own logic guarantees
 * (the row just written, the first item of a list known not to be empty) where the types
 * cannot see it. Pure.
 * @example const first = defined(rows[0], 'the first row')
 */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}
