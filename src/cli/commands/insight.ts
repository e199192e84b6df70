/**
 * Search and insight from the command line:
 *
 *   shinchoku search QUERY [--strategy ID] [--cycle ID] [--organisation ID] [--node ID]
 *                          [--stage CODE] [--rating CODE] [--kind K,K] [--limit N] [--json]
 *   shinchoku suggest  --strategy ID --cycle ID [--lang ja|en] [--json]
 *   shinchoku project  INDICATOR_ID [--lang ja|en] [--json]
 *   shinchoku overlaps --strategy ID --cycle ID [--threshold 0.3] [--json]
 *   shinchoku diff     --strategy ID --from CYCLE --to CYCLE [--json]
 *   shinchoku reindex  [--strategy ID]
 *
 * Commands read as the public does (published cycles only) unless --drafts is given.
 * Hits are marked 【like this】 in text output.
 */
import type { Command } from 'commander';
import { ANONYMOUS, SYSTEM } from '../../domain/access.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../../domain/search/documents.ts';
import type { SnippetPart } from '../../domain/search/snippet.ts';
import { isLang, type Lang } from '../../i18n.ts';
import * as insight from '../../services/insight.service.ts';
import { reindexAll, reindexStrategy, search } from '../../services/search.service.ts';
import { CliError, withDatabase } from '../context.ts';

interface Common {
  drafts?: boolean;
  json?: boolean;
}

const viewerOf = (o: Common) => (o.drafts ? SYSTEM : ANONYMOUS);
const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
const marked = (parts: readonly SnippetPart[]) =>
  parts.map((p) => (p.hit ? `【${p.text}】` : p.text)).join('');

function langOf(value: string): Lang {
  if (!isLang(value)) throw new CliError(`unknown language ${value} (use ja or en)`);
  return value;
}

function number(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new CliError(`${name} must be a number from ${min} to ${max}`);
  return n;
}

function kindsOf(value: string | undefined): DocumentKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = value.split(',').filter((k) => k !== '');
  const bad = kinds.find((k) => !(DOCUMENT_KINDS as readonly string[]).includes(k));
  if (bad !== undefined) throw new CliError(`unknown kind ${bad} (use ${DOCUMENT_KINDS.join(', ')})`);
  return kinds as DocumentKind[];
}

interface SearchOptions extends Common {
  strategy?: string;
  cycle?: string;
  organisation?: string;
  node?: string;
  stage?: string;
  rating?: string;
  kind?: string;
  limit: string;
}

function registerSearch(program: Command): void {
  program
    .command('search <query>')
    .description('search initiatives, progress, assessments (概況) and indicators')
    .option('--strategy <id>', 'only this strategy')
    .option('--cycle <id>', 'only this cycle')
    .option('--organisation <id>', 'only items of this ministry')
    .option('--node <id>', 'only items under this node')
    .option('--stage <code>', 'only progress at this stage')
    .option('--rating <code>', 'only assessments with this rating')
    .option('--kind <kinds>', `comma-separated: ${DOCUMENT_KINDS.join(',')}`)
    .option('--limit <n>', 'number of hits', '20')
    .option('--drafts', 'include unpublished cycles')
    .option('--json', 'print JSON')
    .action(async (query: string, o: SearchOptions) => {
      const kinds = kindsOf(o.kind);
      const limit = number(o.limit, '--limit', 1, 1000);
      await withDatabase(async (db) => {
        const result = await search(
          db,
          {
            q: query,
            ...(o.strategy !== undefined && { strategyId: o.strategy }),
            ...(o.cycle !== undefined && { cycleId: o.cycle }),
            ...(o.organisation !== undefined && { organisationId: o.organisation }),
            ...(o.node !== undefined && { nodeId: o.node }),
            ...(o.stage !== undefined && { stage: o.stage }),
            ...(o.rating !== undefined && { rating: o.rating }),
            ...(kinds !== undefined && { kinds }),
            limit,
          },
          viewerOf(o),
        );
        if (o.json) return print(result);
        console.log(`${result.total} hits${result.truncated ? ' (more documents than examined)' : ''}`);
        for (const h of result.hits) {
          console.log(
            `${h.score.toFixed(3).padStart(7)}  ${h.kind.padEnd(10)} ${h.refId}  ${marked(h.title)}`,
          );
          if (h.snippet.length > 0) console.log(`         ${marked(h.snippet).replace(/\s+/g, ' ')}`);
        }
      });
    });
}

function registerInsight(program: Command): void {
  program
    .command('suggest')
    .description('suggest a status for every target of a cycle, with reasons')
    .requiredOption('--strategy <id>', 'strategy id')
    .requiredOption('--cycle <id>', 'cycle id')
    .option('--lang <lang>', 'ja or en', 'ja')
    .option('--drafts', 'allow an unpublished cycle')
    .option('--json', 'print JSON')
    .action(async (o: Common & { strategy: string; cycle: string; lang: string }) => {
      const lang = langOf(o.lang);
      await withDatabase(async (db) => {
        const list = await insight.suggestStatuses(db, o.strategy, o.cycle, viewerOf(o), lang);
        if (o.json) return print(list);
        for (const t of list.targets) {
          const s = t.suggested;
          const own = t.secretariat
            ? `${t.secretariat.rating ?? '-'}${t.secretariat.needsAcceleration ? ' !' : ''}`
            : '-';
          const flag = s.needsAcceleration ? ' !' : '';
          console.log(
            `${t.code.padEnd(7)} ${(s.rating ?? '-') + flag} (${s.category}, ${s.confidence}) | 概況: ${own}  ${t.title}`,
          );
          for (const r of t.reasons) console.log(`          - ${r.text}`);
        }
      });
    });

  program
    .command('project <indicatorId>')
    .description('project a KPI to its deadline at the current pace')
    .option('--lang <lang>', 'ja or en', 'ja')
    .option('--drafts', 'use figures of unpublished cycles too')
    .option('--json', 'print JSON')
    .action(async (indicatorId: string, o: Common & { lang: string }) => {
      const lang = langOf(o.lang);
      await withDatabase(async (db) => {
        const p = await insight.projectIndicator(db, indicatorId, viewerOf(o), lang);
        if (o.json) return print(p);
        console.log(`${p.message.text} (${p.statusText})`);
        for (const s of p.linear?.series ?? [])
          console.log(`  ${s.period}  ${Math.round(s.value * 100) / 100}`);
      });
    });

  program
    .command('overlaps')
    .description('initiatives of different ministries with similar text')
    .requiredOption('--strategy <id>', 'strategy id')
    .requiredOption('--cycle <id>', 'cycle id')
    .option('--threshold <t>', 'cosine similarity from 0 to 1', '0.3')
    .option('--drafts', 'allow an unpublished cycle')
    .option('--json', 'print JSON')
    .action(async (o: Common & { strategy: string; cycle: string; threshold: string }) => {
      const threshold = number(o.threshold, '--threshold', 0.000001, 1);
      await withDatabase(async (db) => {
        const list = await insight.listOverlaps(db, o.strategy, o.cycle, viewerOf(o), threshold);
        if (o.json) return print(list);
        console.log(`${list.pairs.length} possible overlaps at ${threshold}`);
        for (const p of list.pairs) {
          console.log(
            `${p.similarity.toFixed(3)}  ${p.a.initiativeId} ${p.a.title} ⇔ ${p.b.initiativeId} ${p.b.title}`,
          );
          console.log(`       ${p.sharedTerms.join('、')}`);
        }
      });
    });

  program
    .command('diff')
    .description('what changed between two cycles: items, texts, ratings, KPI figures')
    .requiredOption('--strategy <id>', 'strategy id')
    .requiredOption('--from <cycle>', 'the earlier cycle')
    .requiredOption('--to <cycle>', 'the later cycle')
    .option('--drafts', 'allow unpublished cycles')
    .option('--json', 'print JSON')
    .action(async (o: Common & { strategy: string; from: string; to: string }) => {
      await withDatabase(async (db) => {
        const d = await insight.diffStrategyCycles(db, o.strategy, o.from, o.to, viewerOf(o));
        if (o.json) return print(d);
        const text = (parts: { op: string; text: string }[]) =>
          parts
            .map((p) => (p.op === 'insert' ? `[+${p.text}]` : p.op === 'delete' ? `[-${p.text}]` : p.text))
            .join('');
        console.log(`${d.from.id} → ${d.to.id}`);
        for (const i of d.items.added) console.log(`+ ${i.initiativeId} ${i.title}`);
        for (const i of d.items.removed) console.log(`- ${i.initiativeId} ${i.title}`);
        for (const c of d.items.changed) {
          const stage = c.stage ? ` (${c.stage.from ?? '-'} → ${c.stage.to ?? '-'})` : '';
          console.log(`~ ${c.initiativeId} ${c.title}${stage}`);
          if (c.text) console.log(`    ${text(c.text)}`);
        }
        console.log(`  ${d.items.unchanged} items unchanged`);
        for (const r of d.ratingChanges)
          console.log(`rating ${r.title}: ${r.from ?? '-'} → ${r.to ?? '-'} (${r.direction})`);
        for (const k of d.indicators) {
          console.log(
            `KPI ${k.name}: ${k.from?.value ?? '-'} → ${k.to?.value ?? '-'} ${k.unit} (${k.to?.period ?? ''})`,
          );
        }
      });
    });

  program
    .command('reindex')
    .description('rebuild the search index (after upgrading, or for one strategy)')
    .option('--strategy <id>', 'only this strategy')
    .action(async ({ strategy }: { strategy?: string }) => {
      await withDatabase(async (db) => {
        const n =
          strategy === undefined
            ? await reindexAll(db)
            : await db.kysely.transaction().execute((trx) => reindexStrategy(trx, strategy));
        console.log(`indexed ${n} documents`);
      });
    });
}

/** Registers search, suggest, project, overlaps, diff and reindex. */
export function registerInsightCommands(program: Command): void {
  registerSearch(program);
  registerInsight(program);
}
