/**
 * Open data of one follow-up cycle: the JSON document (schema: schemas/report-cycle.v1.json,
 * generated from `ReportCycleV1` below) and the rows of the CSV (schemas/report-cycle.csv.md).
 * Language-neutral: Japanese and English labels side by side.
 */
import { LogicModel } from '../domain/logic-model.ts';
import { indicatorDefinition } from '../domain/model.ts';
import { z } from 'zod';
import { CORRECTION_KINDS } from '../domain/corrections.ts';
import { englishLines, englishOf } from '../domain/english.ts';
import { attributionText, LICENCE_IDS, LICENCES } from '../domain/licences.ts';
import { EXCEPTION_KINDS, isException } from '../domain/review.ts';
import { flatten } from '../domain/tree-builder.ts';
import type { StrategyTree, TreeNode } from '../domain/views.ts';
import { t } from './messages.ts';
import type { ReportPublication } from './publication.ts';

const Term = z.object({ code: z.string(), labelJa: z.string(), labelEn: z.string(), category: z.string() });
const Org = z.object({ id: z.string(), shortName: z.string(), nameJa: z.string(), nameEn: z.string() });

export const ReportCycleV1 = z
  .object({
    $schema: z
      .string()
      .optional()
      .describe('where this file’s JSON Schema is served: PUBLIC_URL/schemas/report-cycle.v1.json'),
    format: z.literal('shinchoku.report-cycle'),
    formatVersion: z.literal(1),
    strategy: z.object({ id: z.string(), title: z.string(), titleEn: z.string(), owner: Org.nullable() }),
    licence: z
      .object({
        id: z.enum(LICENCE_IDS),
        name: z.string(),
        nameEn: z.string(),
        url: z.string().describe('the terms of use'),
        compatibleWith: z.string().describe('the Creative Commons licence the terms are compatible with'),
        attribution: z.string().describe('the credit line reusers give (出典の記載)'),
        attributionEn: z.string(),
      })
      .describe(
        'the licence of this data (政府標準利用規約（第2.0版） unless the secretariat chose otherwise)',
      ),
    cycle: z.object({
      id: z.string(),
      fiscalYear: z.number().int().describe('年度: FY2022 = 2022-04-01 … 2023-03-31'),
      asOf: z.string().describe('period code of the report date, e.g. 2023-04'),
      state: z.enum(['draft', 'open', 'closed', 'published']),
      publishedAt: z.string().nullable(),
    }),
    revision: z
      .number()
      .int()
      .nullable()
      .describe(
        'the published revision this file shows: 0 as published, n after n corrections; null for a draft',
      ),
    contentHash: z
      .string()
      .nullable()
      .describe('SHA-256 (hex) of the published snapshot of this revision; null for a draft'),
    corrections: z
      .array(
        z.object({
          revision: z.number().int().describe('the revision the correction made'),
          createdAt: z.string(),
          reason: z.string(),
          reasonEn: z.string().describe('the reason in English; empty when not translated'),
          contentHash: z.string().describe('SHA-256 of the snapshot the correction made'),
          changes: z.array(
            z.object({
              kind: z.enum(CORRECTION_KINDS),
              itemId: z
                .string()
                .describe(
                  'the corrected record (entry, assessment, cycle, indicator, observation, node, initiative)',
                ),
              field: z.string(),
              before: z.unknown(),
              after: z.unknown(),
              subject: z.object({
                type: z.enum(['node', 'initiative', 'indicator', 'summary']),
                id: z.string(),
                title: z.string(),
              }),
            }),
          ),
        }),
      )
      .describe('corrections made after publication, up to this revision, oldest first'),
    summary: z
      .object({
        overall: z.array(z.string()),
        overallEn: z.array(z.string()).describe('the overall verdict in English; empty when not translated'),
        pillars: z.array(
          z.object({
            nodeId: z.string(),
            bullets: z.array(z.string()),
            bulletsEn: z.array(z.string()).describe('empty when not translated'),
          }),
        ),
      })
      .nullable(),
    nodes: z.array(
      z.object({
        id: z.string(),
        parentId: z.string().nullable(),
        code: z.string(),
        depth: z.number().int().describe('0 = pillar (柱), 1 = goal (目標), 2 = target (具体目標) …'),
        title: z.string(),
        titleEn: z.string(),
        note: z.string(),
        mirrorOf: z.string().nullable().describe('the node whose items and assessment this node shows'),
        standsFor: z
          .string()
          .nullable()
          .describe(
            'umbrella strategies: the id of the strategy this node stands for (its page rolls that strategy up), else null',
          ),
        assessment: z
          .object({
            rating: Term.nullable(),
            narrative: z.string().describe('概況'),
            narrativeEn: z.string().describe('概況 in English; empty when not translated'),
            remark: z.string(),
            needsAcceleration: z.boolean(),
          })
          .nullable(),
        logicModel: LogicModel.nullable().describe(
          "ロジックモデル: outputs, short-, medium- and long-term outcomes and impact (the activities are the node's items)",
        ),
      }),
    ),
    items: z
      .array(
        z.object({
          nodeId: z.string(),
          position: z.number().int(),
          initiativeId: z.string(),
          title: z.string(),
          titleEn: z.string(),
          owners: z.array(Org),
          stage: Term.nullable(),
          reported: z
            .boolean()
            .describe('the ministry reported progress for this cycle (false for an exception or no entry)'),
          text: z.string().describe('主な進捗; for an exception, the secretariat’s reason'),
          textEn: z.string().describe('主な進捗 in English; empty when not translated'),
          exception: z
            .object({
              kind: z.enum(EXCEPTION_KINDS),
              labelJa: z.string(),
              labelEn: z.string(),
            })
            .nullable()
            .describe(
              'the secretariat’s named exception: not_applicable (該当なし) or no_report (報告なし), its reason in `text`; null for a reported item',
            ),
          plans: z.array(z.object({ period: z.string(), text: z.string() })),
          evidence: z.array(z.object({ url: z.string(), title: z.string() })),
        }),
      )
      .describe('one entry per node × initiative: cross-listed initiatives appear under each node'),
    indicators: z.array(
      z.object({
        id: z.string(),
        nodeId: z.string().nullable(),
        initiativeId: z.string().nullable(),
        name: z.string(),
        nameEn: z.string(),
        unit: z.string(),
        direction: z.enum(['increase', 'decrease', 'maintain']),
        baselineValue: z.number().nullable(),
        baselinePeriod: z.string().nullable(),
        targetValue: z.number().nullable(),
        targetText: z.string(),
        targetPeriod: z.string().nullable(),
        observations: z.array(
          z.object({ period: z.string(), value: z.number(), source: z.string(), note: z.string() }),
        ),
      }),
    ),
  })
  .meta({ id: 'ReportCycleV1', title: 'shinchoku: one follow-up cycle of a strategy (open data)' });
export type ReportCycleV1 = z.infer<typeof ReportCycleV1>;

/** The JSON Schema committed as schemas/report-cycle.v1.json. */
export function reportCycleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReportCycleV1, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

export function buildOpenData(
  tree: StrategyTree,
  publication: ReportPublication | null = null,
  publicUrl?: string,
): ReportCycleV1 {
  const orgs = new Map(tree.organisations.map((o) => [o.id, o]));
  const org = (id: string) => {
    const o = orgs.get(id);
    return { id, shortName: o?.shortName ?? id, nameJa: o?.nameJa ?? id, nameEn: o?.nameEn ?? id };
  };
  const terms = new Map(tree.vocabulary.map((v) => [`${v.kind}:${v.code}`, v]));
  const term = (kind: string, code: string | null) => {
    if (code === null) return null;
    const v = terms.get(`${kind}:${code}`);
    return { code, labelJa: v?.labelJa ?? code, labelEn: v?.labelEn ?? code, category: v?.category ?? '' };
  };
  const nodes = flatten(tree.nodes);
  const { strategy, cycle } = tree;
  const owner = strategy.ownerOrganisationId === null ? null : org(strategy.ownerOrganisationId);
  const licence = LICENCES[strategy.licenceId];
  return {
    ...(publicUrl !== undefined && { $schema: `${publicUrl}/schemas/report-cycle.v1.json` }),
    format: 'shinchoku.report-cycle',
    formatVersion: 1,
    strategy: { id: strategy.id, title: strategy.title, titleEn: strategy.titleEn, owner },
    licence: {
      id: licence.id,
      name: licence.nameJa,
      nameEn: licence.nameEn,
      url: licence.url,
      compatibleWith: licence.compatibleUrl,
      attribution: attributionText('ja', owner?.nameJa ?? null, strategy.title, strategy.attribution),
      attributionEn: attributionText(
        'en',
        owner?.nameEn ?? null,
        strategy.titleEn || strategy.title,
        strategy.attribution,
      ),
    },
    cycle: {
      id: cycle.id,
      fiscalYear: cycle.fiscalYear,
      asOf: cycle.asOf,
      state: cycle.state,
      publishedAt: cycle.publishedAt,
    },
    revision: publication?.revision ?? null,
    contentHash: publication?.contentHash ?? null,
    corrections: openCorrections(publication),
    summary: tree.summary && {
      overall: tree.summary.overall,
      overallEn: englishLines(tree.summary.overallEn),
      pillars: tree.summary.pillars.map((p) => ({
        nodeId: p.nodeId,
        bullets: p.bullets,
        bulletsEn: englishLines(p.bulletsEn),
      })),
    },
    nodes: nodes.map((n: TreeNode) => ({
      id: n.id,
      parentId: n.parentId,
      code: n.code,
      depth: n.depth,
      title: n.title,
      titleEn: n.titleEn,
      note: n.note,
      mirrorOf: n.mirrorOf,
      standsFor: n.standsFor ?? null,
      assessment: n.assessment && {
        rating: term('rating', n.assessment.rating),
        narrative: n.assessment.narrative,
        narrativeEn: englishOf(n.assessment.narrativeEn),
        remark: n.assessment.remark,
        needsAcceleration: n.assessment.needsAcceleration,
      },
      logicModel: n.logicModel ?? null,
    })),
    items: nodes.flatMap((n) =>
      n.items.map(({ initiative, entry }, position) => ({
        nodeId: n.id,
        position,
        initiativeId: initiative.id,
        title: initiative.title,
        titleEn: initiative.titleEn,
        owners: initiative.ownerIds.map(org),
        stage: term('stage', entry?.stage ?? null),
        reported: entry !== null && !isException(entry.reviewState),
        text: entry?.text ?? '',
        textEn: englishOf(entry?.textEn),
        exception:
          entry !== null && isException(entry.reviewState)
            ? {
                kind: entry.reviewState,
                labelJa: t('ja', `report.state.${entry.reviewState}`),
                labelEn: t('en', `report.state.${entry.reviewState}`),
              }
            : null,
        plans: entry?.plans ?? [],
        evidence: entry?.evidence ?? [],
      })),
    ),
    indicators: tree.indicators.map((k) => ({
      ...indicatorDefinition(k),
      observations: k.observations.map((o) => ({
        period: o.period,
        value: o.value,
        source: o.source,
        note: o.note,
      })),
    })),
  };
}

/** The corrections of a published record as open data (JSON field, CSV companion file). */
export function openCorrections(publication: ReportPublication | null): ReportCycleV1['corrections'] {
  return (publication?.corrections ?? []).map((c) => ({
    revision: c.revision,
    createdAt: c.createdAt,
    reason: c.reason,
    reasonEn: englishOf(c.reasonEn),
    contentHash: c.contentHash,
    changes: c.changes.map((x) => ({
      kind: x.kind,
      itemId: x.itemId,
      field: x.field,
      before: x.before,
      after: x.after,
      subject: x.subject,
    })),
  }));
}
