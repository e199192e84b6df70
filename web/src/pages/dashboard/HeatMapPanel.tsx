import type { ReactNode } from 'react';
import { DataTable, type Heading } from '../../components/DataTable.tsx';
import { heatLevel } from '../../lib/stats.ts';
import { useT } from '../../i18n.ts';
import { Panel } from './Panel.tsx';

/** A wide dashboard panel holding a heat map, captioned by `web.dashboard.<name>_caption`. */
export function HeatMapPanel({
  name,
  className = 'data-table heatmap',
  head,
  children,
}: {
  name: string;
  className?: string;
  head: Heading[];
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Panel name={name} look="wide" table>
      <DataTable className={className} caption={t(`web.dashboard.${name}_caption`)} head={head}>
        {children}
      </DataTable>
    </Panel>
  );
}

/** A heat-map cell: its background (`heat--<tone>`) deepens with `count` relative to `max`. */
export function HeatCell({
  count,
  max,
  tone,
  children = count,
}: {
  count: number;
  max: number;
  tone: string;
  children?: ReactNode;
}) {
  return <td className={`num heat heat--${tone} heat--l${heatLevel(count, max)}`}>{children}</td>;
}

/** The largest count of a heat map (at least 1), for HeatCell's `max`. */
export const heatMax = (counts: Map<string, number>[]): number =>
  Math.max(1, ...counts.flatMap((m) => [...m.values()]));
