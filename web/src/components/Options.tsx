import type { ReactNode } from 'react';

/**
 * A select's options, one per item:
 * `<Options of={cycles} value={(c) => c.id} label={(c) => cycleName(c, lang)} />`.
 */
export function Options<T>({
  of,
  value,
  label,
}: {
  of: readonly T[];
  value: (item: T) => string;
  label: (item: T) => ReactNode;
}) {
  return (
    <>
      {of.map((item) => (
        <option key={value(item)} value={value(item)}>
          {label(item)}
        </option>
      ))}
    </>
  );
}
