/**
 * Progress items → initiatives, progress entries and KPI indicators. An item printed in two
 * places is one initiative listed under both nodes (matched by its text without spaces and
 * markup); its ministries, stage, plans and figures are read from where it first appears.
 */
import type { Period } from '../../domain/calendar.ts';
import type { z } from 'zod';
import type {
  IndicatorRecord,
  InitiativeRecord,
  OrganisationRecord,
  ProgressEntryRecord,
} from '../../domain/interchange.ts';
import { problem, type Problem } from '../problems.ts';
import { findFigure, findPlans } from './figures.ts';
import { hasTarget, pairedValues, readKpiLine, readPlanLine, type KpiLine } from './kpi-lines.ts';
import type { OrganisationIndex, RawItem } from './ministries.ts';
import { itemKey } from './repeats.ts';
import { asciiSlug, shorten } from './text.ts';
import { suggestStage } from './vocabulary.ts';
import { defined } from '../../domain/defined.ts';

export interface InitiativeOptions {
  strategyId: string;
  cycleId: string;
  asOf: Period | null;
  orgs: OrganisationIndex;
  /** Add organisations the tags name but nobody knows, instead of failing. */
  addUnknownOrganisations: boolean;
}

/** Records as a file may hold them: fields with defaults may be left out. */
type In<T extends z.ZodType> = z.input<T>;

export interface Initiatives {
  initiatives: In<typeof InitiativeRecord>[];
  progress: In<typeof ProgressEntryRecord>[];
  indicators: In<typeof IndicatorRecord>[];
  /** Organisations used (known ones and, if allowed, new ones), in order of first use. */
  organisations: OrganisationRecord[];
  /** Initiative id by item key, for plans found in overviews. */
  byKey: Map<string, string>;
  tags: number;
  /** Where each initiative was first read (its item's line). */
  lines: Record<string, number>;
}

const LABEL_MAX = 1000;
const TEXT_MAX = 20_000;

export class InitiativeCollector {
  readonly out: Initiatives = {
    initiatives: [],
    progress: [],
    indicators: [],
    organisations: [],
    byKey: new Map(),
    tags: 0,
    lines: {},
  };
  private readonly newOrgs = new Map<string, OrganisationRecord>();
  private readonly byId = new Map<string, Initiatives['initiatives'][number]>();
  private readonly listed = new Map<string, number>();

  constructor(
    private readonly opts: InitiativeOptions,
    private readonly problems: Problem[],
  ) {}

  /** Lists an item under a node, creating its initiative the first time it is seen. */
  add(item: RawItem, nodeId: string): void {
    const key = itemKey(item.text);
    const existing = this.out.byKey.get(key);
    if (existing) {
      const initiative = defined(this.byId.get(existing), `the initiative ${existing}`);
      if (!initiative.listings.some((l) => l.nodeId === nodeId))
        initiative.listings.push({ nodeId, position: this.position(nodeId) });
      return;
    }
    if (item.names === null || item.text === '') {
      const text = shorten(item.text || item.subLines.join(' '), 60);
      this.problems.push(problem('unplaced', 'report.item_without_tag', { text }, { line: item.line }));
      return;
    }
    const owners = this.owners(item.names, item.line);
    if (owners.length === 0) return;
    const id = `${this.opts.strategyId}-i${String(this.out.initiatives.length + 1).padStart(2, '0')}`;
    this.out.tags += owners.length;
    this.out.byKey.set(key, id);
    this.out.lines[id] = item.line;
    const plain = item.text.replace(/[。．]+$/u, '');
    const initiative = {
      id,
      title: shorten(plain, 80),
      owners,
      listings: [{ nodeId, position: this.position(nodeId) }],
    };
    this.out.initiatives.push(initiative);
    this.byId.set(id, initiative);
    // Sub-lines that are a plan or a KPI become one; the others stay part of the text.
    const plans = findPlans(plain, this.opts.asOf);
    const prose: string[] = [];
    for (const sub of item.subLines) {
      const subPlans = [readPlanLine(sub)].filter((p) => p !== null);
      if (subPlans.length === 0 && !readKpiLine(sub)) subPlans.push(...findPlans(sub, this.opts.asOf));
      if (subPlans.length > 0) {
        for (const plan of subPlans) if (!plans.some((p) => p.period === plan.period)) plans.push(plan);
        continue;
      }
      if (findFigure(sub) && !hasTarget(sub) && pairedValues(sub) < 2) {
        this.figure(sub, nodeId, id);
        continue;
      }
      const kpi = readKpiLine(sub);
      if (kpi && kpi.observations.length > 0) this.indicator(kpi, nodeId, id);
      else prose.push(sub);
    }
    const text = [item.text, ...prose, ...item.footnotes].join('\n');
    this.out.progress.push({
      initiativeId: id,
      text: shorten(text, TEXT_MAX),
      stage: suggestStage(plain),
      plans: plans.map((p) => ({ ...p, text: shorten(p.text, LABEL_MAX) })),
      reviewState: 'accepted',
    });
    this.figure(item.text, nodeId, id);
  }

  /**
   * A line of a node's list that names no ministry: an indicator of the node if it reads as a
   * KPI or a target, else an item to check (nothing is dropped silently).
   */
  addNodeLine(text: string, nodeId: string, line: number): void {
    const kpi = readKpiLine(text);
    if (kpi) {
      this.indicator(kpi, nodeId, null);
      return;
    }
    this.problems.push(problem('unplaced', 'report.item_without_tag', { text: shorten(text, 60) }, { line }));
  }

  private indicator(k: KpiLine, nodeId: string, initiativeId: string | null): void {
    const first = k.observations[0];
    this.out.indicators.push({
      id: `${this.opts.strategyId}-k${this.out.indicators.length + 1}`,
      nodeId,
      initiativeId,
      name: shorten(k.name, LABEL_MAX),
      unit: k.unit,
      direction: 'increase',
      baselineValue: k.observations.length > 1 && first ? first.value : null,
      baselinePeriod: k.observations.length > 1 && first ? first.period : null,
      targetValue: k.targetValue,
      targetText: shorten(k.targetText, LABEL_MAX),
      targetPeriod: k.targetPeriod,
      observations: k.observations.map((o) => ({
        cycleId: this.opts.cycleId,
        period: o.period,
        value: o.value,
      })),
    });
  }

  /** The next position in a node's list (lists are filled in reading order). */
  private position(nodeId: string): number {
    const next = this.listed.get(nodeId) ?? 0;
    this.listed.set(nodeId, next + 1);
    return next;
  }

  private owners(names: readonly string[], line: number): string[] {
    const ids: string[] = [];
    for (const name of names) {
      const org = this.opts.orgs.resolve(name) ?? this.newOrgs.get(name) ?? this.unknown(name, line);
      if (!org) continue;
      if (!ids.includes(org.id)) ids.push(org.id);
      if (!this.out.organisations.includes(org)) this.out.organisations.push(org);
    }
    return ids;
  }

  private unknown(name: string, line: number): OrganisationRecord | undefined {
    if (this.newOrgs.has(name)) return this.newOrgs.get(name);
    if (this.opts.addUnknownOrganisations)
      this.problems.push(problem('warning', 'report.new_organisation', { name }, { line }));
    else this.problems.push(problem('error', 'report.unknown_organisation', { name }, { line }));
    if (!this.opts.addUnknownOrganisations) return undefined;
    const slug = asciiSlug(name);
    const org: OrganisationRecord = {
      id: `org-${slug || 'new'}-${this.newOrgs.size + 1}`,
      shortName: shorten(name, 100),
      nameJa: name,
      nameEn: '',
      aliases: [],
    };
    this.newOrgs.set(name, org);
    return org;
  }

  private figure(clause: string, nodeId: string, initiativeId: string): void {
    const f = findFigure(clause);
    if (!f) return;
    const first = defined(f.observations[0], 'the first figure');
    this.out.indicators.push({
      id: `${this.opts.strategyId}-k${this.out.indicators.length + 1}`,
      nodeId,
      initiativeId,
      name: shorten(f.name, LABEL_MAX),
      unit: f.unit,
      direction: 'increase',
      baselineValue: f.observations.length > 1 ? first.value : null,
      baselinePeriod: f.observations.length > 1 ? first.period : null,
      observations: f.observations.map((o) => ({
        cycleId: this.opts.cycleId,
        period: o.period,
        value: o.value,
      })),
    });
  }
}
