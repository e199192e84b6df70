/**
 * Lookups every part of the report builder needs, resolved once per tree and language:
 * organisations, vocabulary terms, indicators as KPI blocks.
 */
import type { Organisation, VocabularyTerm } from '../domain/model.ts';
import type { StrategyTree, TreeNode } from '../domain/views.ts';
import { defined } from '../domain/defined.ts';
import { kpiBlock } from './kpi.ts';
import type { Lang } from './messages.ts';
import type { KpiBlock, Term } from './model.ts';
import { inLang } from './japanese-only.ts';

/** What every part of the builder needs: lookups resolved once for the language. */
export interface Ctx {
  lang: Lang;
  orgs: Map<string, Organisation>;
  terms: Map<string, VocabularyTerm>;
  kpis: Map<string, KpiBlock>;
  /** Indicators tied to an initiative but to no node: shown under that initiative. */
  byInitiative: Map<string, KpiBlock[]>;
  /** `type:id` of every subject a correction changed (node:…, initiative:…, indicator:…). */
  corrected: Set<string>;
}

export function makeCtx(tree: StrategyTree, lang: Lang): Ctx {
  const kpis = new Map(tree.indicators.map((k) => [k.id, kpiBlock(k, lang)]));
  const byInitiative = new Map<string, KpiBlock[]>();
  for (const k of tree.indicators) {
    if (k.nodeId !== null || k.initiativeId === null) continue;
    const list = byInitiative.get(k.initiativeId) ?? [];
    list.push(defined(kpis.get(k.id), `the figures of ${k.id}`));
    byInitiative.set(k.initiativeId, list);
  }
  return {
    lang,
    orgs: new Map(tree.organisations.map((o) => [o.id, o])),
    terms: new Map(tree.vocabulary.map((v) => [`${v.kind}:${v.code}`, v])),
    kpis,
    byInitiative,
    corrected: new Set(),
  };
}

/** A node's title in the report language (titleEn when set, else the Japanese marked). */
export function nodeTitle(node: Pick<TreeNode, 'title' | 'titleEn'>, lang: Lang): string {
  return inLang(lang, node.title, node.titleEn);
}

/** An initiative's title in the report language (titleEn when set, else the Japanese marked). */
export function initiativeTitle(initiative: { title: string; titleEn: string }, lang: Lang): string {
  return inLang(lang, initiative.title, initiative.titleEn);
}

export function term(ctx: Ctx, kind: 'stage' | 'rating', code: string | null): Term | null {
  if (code === null) return null;
  const v = ctx.terms.get(`${kind}:${code}`);
  if (!v) return { code, label: code, category: '' };
  return { code, label: ctx.lang === 'en' ? v.labelEn : v.labelJa, category: v.category };
}

/** Owner names in tag order: short names in Japanese, English names in English. */
export function ownerNames(ctx: Ctx, ownerIds: string[]): string[] {
  return ownerIds.map((id) => {
    const o = ctx.orgs.get(id);
    if (!o) return id;
    return ctx.lang === 'en' ? o.nameEn : o.shortName;
  });
}
