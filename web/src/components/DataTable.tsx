import { isValidElement, type ReactElement, type ReactNode } from 'react';
import { useT } from '../i18n.ts';

/**
 * A column heading: a locale key, `num(key)` for a right-aligned figure column, a ready
 * `<th>` (for headings built from data), or false to leave the column out.
 */
export type Heading = string | { key: string; num: true } | ReactElement | false | null | undefined;

/** A figure column's heading, aligned right like its cells: `num('web.total')`. */
export function num(key: string): Heading {
  return { key, num: true };
}

/**
 * The one `data-table`: caption, a row of column headings, the body rows and an optional
 * footer. A heading without a dot is a key below `keys`, so
 * `<DataTable keys="web.budget." head={['project', num('initial')]}>` heads its columns
 * with web.budget.project and web.budget.initial.
 */
export function DataTable({
  head,
  keys = '',
  className = 'data-table',
  caption,
  id,
  captionId = id,
  scroll,
  captionClassName,
  testId = id,
  foot,
  children,
}: {
  head: readonly Heading[];
  keys?: string;
  className?: string;
  caption?: ReactNode;
  captionId?: string;
  /** the caption's id and the test id at once */
  id?: string;
  /** wrap in the sideways-scrolling region named by this element id (true: by the caption) */
  scroll?: string | true;
  captionClassName?: string;
  testId?: string;
  foot?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  const text = (key: string) => t(key.includes('.') ? key : keys + key);
  const table = (
    <table className={className} data-testid={testId}>
      {caption !== undefined && (
        <caption id={captionId} className={captionClassName}>
          {caption}
        </caption>
      )}
      <thead>
        <tr>
          {head.map((h, i) => {
            if (!h || isValidElement(h)) return h;
            const [key, numeric] = typeof h === 'string' ? [h, false] : [h.key, h.num];
            return (
              <th key={i} scope="col" className={numeric ? 'num' : undefined}>
                {text(key)}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
      {foot}
    </table>
  );
  if (!scroll) return table;
  return (
    <div
      className="table-scroll"
      role="region"
      aria-labelledby={scroll === true ? captionId : scroll}
      tabIndex={0}
    >
      {table}
    </div>
  );
}

/**
 * A DataTable shown only when it has rows (`count` of them), scrolling sideways (by its
 * caption unless `scroll` names the region otherwise): the previews of an import.
 */
export function RowsTable({
  count,
  scroll = true,
  ...table
}: { count: number } & Parameters<typeof DataTable>[0]) {
  return count > 0 ? <DataTable scroll={scroll} {...table} /> : null;
}
