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
import type { Db } from '../../db/database.ts';
import { ANONYMOUS, SYSTEM, type Viewer } from '../../domain/access.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../../domain/search/documents.ts';
import { type NamedFilters, searchFilters } from '../../domain/search/filters.ts';
import type { SnippetPart } from '../../domain/search/snippet.ts';
import { isLang, type Lang } from '../../i18n.ts';
import * as insight from '../../services/insight.service.ts';
import { reindexAll, reindexStrategy, search } from '../../services/search.service.ts';
import { CliError, withDatabase } from '../context.ts';

interface Common {
  drafts?: boolean;
  json?: boolean;
}

/** Reads as the public does, or with --drafts as the secretariat; prints JSON with --json, else `text`. */
async function show<T>(
  o: Common,
  read: (db: Db, viewer: Viewer) => Promise<T>,
  text: (value: T) => void,
): Promise<void> {
  await withDatabase(async (db) => {
    const value = await read(db, o.drafts ? SYSTEM : ANONYMOUS);
    if (o.json) console.log(JSON.stringify(value, null, 2));
    else text(value);
  });
}

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

interface SearchOptions extends Common, NamedFilters {
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
      await show(
        o,
        (db, viewer) =>
          search(
            db,
            {
              q: query,
              ...searchFilters(o),
              ...(kinds !== undefined && { kinds }),
              limit,
            },
            viewer,
          ),
        (result) => {
          console.log(`${result.total} hits${result.truncated ? ' (more documents than examined)' : ''}`);
          for (const h of result.hits) {
            console.log(
              `${h.score.toFixed(3).padStart(7)}  ${h.kind.padEnd(10)} ${h.refId}  ${marked(h.title)}`,
            );
            if (h.snippet.length > 0) console.log(`         ${marked(h.snippet).replace(/\s+/g, ' ')}`);
          }
        },
      );
    });
}

/** A command about one cycle of a strategy: --strategy and --cycle. */
function cycleCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .requiredOption('--strategy <id>', 'strategy id')
    .requiredOption('--cycle <id>', 'cycle id');
}

function registerInsight(program: Command): void {
  cycleCommand(program, 'suggest', 'suggest a status for every target of a cycle, with reasons')
    .option('--lang <lang>', 'ja or en', 'ja')
    .option('--drafts', 'allow an unpublished cycle')
    .option('--json', 'print JSON')
    .action(async (o: Common & { strategy: string; cycle: string; lang: string }) => {
      const lang = langOf(o.lang);
      await show(
        o,
        (db, viewer) => insight.suggestStatuses(db, o.strategy, o.cycle, viewer, lang),
        (list) => {
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
        },
      );
    });

  program
    .command('project <indicatorId>')
    .description('project a KPI to its deadline at the current pace')
    .option('--lang <lang>', 'ja or en', 'ja')
    .option('--drafts', 'use figures of unpublished cycles too')
    .option('--json', 'print JSON')
    .action(async (indicatorId: string, o: Common & { lang: string }) => {
      const lang = langOf(o.lang);
      await show(
        o,
        (db, viewer) => insight.projectIndicator(db, indicatorId, viewer, lang),
        (p) => {
          console.log(`${p.message.text} (${p.statusText})`);
          for (const s of p.linear?.series ?? [])
            console.log(`  ${s.period}  ${Math.round(s.value * 100) / 100}`);
        },
      );
    });

  cycleCommand(program, 'overlaps', 'initiatives of different ministries with similar text')
    .option('--threshold <t>', 'cosine similarity from 0 to 1', '0.3')
    .option('--drafts', 'allow an unpublished cycle')
    .option('--json', 'print JSON')
    .action(async (o: Common & { strategy: string; cycle: string; threshold: string }) => {
      const threshold = number(o.threshold, '--threshold', 0.000001, 1);
      await show(
        o,
        (db, viewer) => insight.listOverlaps(db, o.strategy, o.cycle, viewer, threshold),
        (list) => {
          console.log(`${list.pairs.length} possible overlaps at ${threshold}`);
          for (const p of list.pairs) {
            console.log(
              `${p.similarity.toFixed(3)}  ${p.a.initiativeId} ${p.a.title} ⇔ ${p.b.initiativeId} ${p.b.title}`,
            );
            console.log(`       ${p.sharedTerms.join('、')}`);
          }
        },
      );
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
      await show(
        o,
        (db, viewer) => insight.diffStrategyCycles(db, o.strategy, o.from, o.to, viewer),
        (d) => {
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
        },
      );
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
