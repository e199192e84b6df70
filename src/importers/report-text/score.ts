/**
 * Scores a recovered draft against a hand-written expected structure: pillars, nodes under
 * the right parent, items listed under the right nodes (one initiative for a cross-listed
 * item), their ministries, KPIs with their periods, 概況 on the right node, and plans. Used
 * by the corpus test; texts are compared by prefix without spaces and punctuation.
 */
import type { StrategyExport } from '../../domain/interchange.ts';
import { matchKey } from './text.ts';

export interface Expected {
  title: string;
  asOf: string;
  pillars: string[];
  /** [title, parent title] of every node below the pillars. */
  nodes: [string, string][];
  /** [text prefix, titles of the nodes it is listed under, ministries as printed]. */
  items: [string, string[], string[]][];
  /** [name prefix, [period, value][], target period?]. */
  kpis: [string, [string, number][], string?][];
  /** [node title, narrative prefix]. */
  overviews: [string, string][];
  /** [item text prefix, plan period]. */
  plans: [string, string][];
}

export interface Score {
  parts: { name: string; got: number; of: number }[];
  total: number;
  misses: string[];
}

const k = (t: string) => matchKey(t);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

export function scoreReport(d: StrategyExport, e: Expected): Score {
  const misses: string[] = [];
  const title = new Map(d.nodes.map((n) => [n.id, n.title]));
  const node = (t: string) => d.nodes.filter((n) => k(n.title) === k(t));
  const cycle = d.cycles[0];
  if (!cycle) throw new Error('the draft has no cycle');
  const orgNames = (id: string) => {
    const o = d.organisations.find((x) => x.id === id);
    return o ? [o.shortName, o.nameJa, ...o.aliases].map(k) : [];
  };
  const byPrefix = (p: string) =>
    d.initiatives.filter((i) => {
      const text = cycle.progress.find((x) => x.initiativeId === i.id)?.text ?? i.title;
      return k(text).startsWith(k(p));
    });
  const check = (name: string, facts: [string, boolean][]) => {
    for (const [what, ok] of facts) if (!ok) misses.push(`${name}: ${what}`);
    return { name, got: facts.filter(([, ok]) => ok).length, of: facts.length };
  };
  const parts = [
    check('pillars', [
      [`title ${e.title}`, d.strategy.title === e.title && cycle.asOf === e.asOf],
      ...e.pillars.map((p): [string, boolean] => [p, node(p).some((n) => n.parentId === null)]),
    ]),
    check(
      'nodes',
      e.nodes.map(([t, parent]) => [
        `${t} under ${parent}`,
        node(t).some((n) => k(title.get(n.parentId ?? '') ?? '') === k(parent)),
      ]),
    ),
    check(
      'items',
      e.items.map(([p, nodes]) => {
        const found = byPrefix(p);
        const listed = found[0]?.listings.map((l) => k(title.get(l.nodeId) ?? '')) ?? [];
        return [
          `${p} listed once under ${nodes.join(', ')}`,
          found.length === 1 && sameSet(listed, nodes.map(k)),
        ];
      }),
    ),
    check(
      'ministries',
      e.items.map(([p, , owners]) => {
        const owned = byPrefix(p)[0]?.owners ?? [];
        const ok =
          owned.length === owners.length &&
          owners.every((o) => owned.some((id) => orgNames(id).includes(k(o))));
        return [`${p} owned by ${owners.join('、')}`, ok];
      }),
    ),
    check(
      'kpis',
      e.kpis.map(([name, obs, target]) => {
        const ok = d.indicators.some(
          (x) =>
            k(x.name).startsWith(k(name)) &&
            JSON.stringify(x.observations.map((o) => [o.period, o.value])) === JSON.stringify(obs) &&
            (target === undefined || x.targetPeriod === target),
        );
        return [`KPI ${name}`, ok];
      }),
    ),
    check(
      '概況',
      e.overviews.map(([t, prefix]) => {
        const ids = node(t).map((n) => n.id);
        return [
          `概況 of ${t}`,
          cycle.assessments.some((a) => ids.includes(a.nodeId) && k(a.narrative).startsWith(k(prefix))),
        ];
      }),
    ),
    check(
      'plans',
      e.plans.map(([p, period]) => {
        const id = byPrefix(p)[0]?.id;
        const plans = cycle.progress.find((x) => x.initiativeId === id)?.plans ?? [];
        return [`plan ${period} of ${p}`, plans.some((x) => x.period === period)];
      }),
    ),
  ];
  const got = parts.reduce((s, p) => s + p.got, 0);
  const of = parts.reduce((s, p) => s + p.of, 0);
  return { parts, total: of === 0 ? 1 : got / of, misses };
}
