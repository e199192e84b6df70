/**
 * Full-text search over initiatives, progress entries (主な進捗), assessments (概況) and
 * indicators, and the upkeep of its index.
 *
 * A search runs two fixed statements whatever the data: the candidates (documents holding
 * every query term, filtered and visible to the viewer) and the corpus statistics BM25
 * needs. The phrase check, the scores and the snippets are computed here, in application
 * code, so SQLite and PostgreSQL return the same ranked ids by construction.
 *
 * Index upkeep: importStrategy calls reindexStrategy inside its transaction; write paths
 * that change one row call reindexEntry / reindexAssessment / reindexIndicator /
 * reindexInitiative with the same transaction. `shinchoku reindex` rebuilds everything.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as assessmentsRepo from '../db/repositories/assessments.repository.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as searchRepo from '../db/repositories/search.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import type { MatchTerm } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import { ANONYMOUS, UNSCOPED, type ReadScope, type Viewer } from '../domain/access.ts';
import type { Cycle, Initiative, ProgressEntry } from '../domain/model.ts';
import {
  buildDocuments,
  documentId,
  type DocumentKind,
  type IndexSource,
} from '../domain/search/documents.ts';
import type { SearchFilter } from '../domain/search/filters.ts';
import { parseQuery } from '../domain/search/query.ts';
import type { CorpusStats } from '../domain/search/rank.ts';
import { hitText, rankCandidates, type SearchResult } from '../domain/search/results.ts';

type Q = Kysely<Database>;

/** At most this many candidates are checked and ranked per query (newest documents first). */
export const MAX_CANDIDATES = 300;

export interface SearchParams extends SearchFilter {
  q: string;
  kinds?: DocumentKind[];
  limit?: number;
  offset?: number;
}

/**
 * Ranked hits for a query. Any query text is safe: it only ever reaches the engines as bound
 * token strings, and a query with no searchable characters returns no hits without a query.
 *
 * @example await search(db, { q: '農業', strategyId: 'ai2022' }, ANONYMOUS)
 */
export async function search(db: Db, params: SearchParams, viewer: Viewer): Promise<SearchResult> {
  const query = parseQuery(params.q);
  if (query.terms.length === 0) return { total: 0, truncated: false, hits: [] };
  const sample = await sampleFor(db, viewer.scope);
  const rows = await searchRepo.findCandidates(
    db.kysely,
    query.terms,
    params,
    viewer.scope,
    MAX_CANDIDATES + 1,
    matchingShare(sample, query.terms, params),
    sample.rows[0]?.seq,
  );
  const stats = corpusStats(sample, query.terms);
  const ranked = rankCandidates(query, rows.slice(0, MAX_CANDIDATES), stats);
  const offset = params.offset ?? 0;
  const page = ranked.slice(offset, offset + (params.limit ?? 20));
  return {
    total: ranked.length,
    truncated: rows.length > MAX_CANDIDATES,
    hits: page.map((r) => ({
      id: r.doc.id,
      kind: r.doc.kind as DocumentKind,
      refId: r.doc.refId,
      strategyId: r.doc.strategyId,
      cycleId: r.doc.cycleId,
      organisationIds: searchRepo.parseIdList(r.doc.organisationIds),
      nodeIds: searchRepo.parseIdList(r.doc.nodeIds),
      stage: r.doc.stage,
      rating: r.doc.rating,
      score: r.score,
      ...hitText(query, r.doc),
    })),
  };
}

/**
 * BM25's corpus statistics (documents, tokens, each term's document frequency), taken from
 * a sample: the newest SAMPLE_SIZE documents the reader may see. Counting a frequent
 * two-character term over the whole index visits most of it — seconds at national scale,
 * for every term of every query — while the statistics only weigh the terms of a query
 * against each other, which proportions in a large sample do as well (and exactly, when the
 * index is smaller than the sample). The sample is the same rows on both engines (newest by
 * the index key), so both rank alike. It is kept per database and read scope for a minute,
 * and dropped at once when this process writes the index; another server's writes reach
 * the weights within the minute (the matches themselves are always live).
 */
const SAMPLE_SIZE = 2_000;
const SAMPLE_TTL_MS = 60_000;
const DF_LIMIT = 10_000;
let indexGeneration = 0;

interface Sample {
  at: number;
  rows: searchRepo.SampleRow[];
  tokens: number;
  /** each sampled document's distinct tokens */
  docs: Set<string>[];
  /** document frequencies counted so far, by term */
  df: Map<string, number>;
  /** matching shares worked out so far, by query terms and filter */
  shares: Map<string, number>;
}
const samples = new WeakMap<object, { generation: number; byScope: Map<string, Sample> }>();

/** Called by every index write of this process: kept samples no longer hold. */
function indexChanged(): void {
  indexGeneration++;
}

/** The reader's statistics sample, read once a minute (or after this process wrote the index). */
async function sampleFor(db: Db, scope: ReadScope): Promise<Sample> {
  let kept = samples.get(db.kysely);
  if (!kept || kept.generation !== indexGeneration) {
    kept = { generation: indexGeneration, byScope: new Map() };
    samples.set(db.kysely, kept);
  }
  const key = scope.drafts === 'ministry' ? `ministry:${scope.organisationIds.join('|')}` : scope.drafts;
  const found = kept.byScope.get(key);
  if (found && Date.now() - found.at < SAMPLE_TTL_MS) return found;
  const rows = await searchRepo.sampleDocuments(db.kysely, scope, SAMPLE_SIZE);
  const sample: Sample = {
    at: Date.now(),
    rows,
    tokens: rows.reduce((n, r) => n + r.tokenCount, 0),
    docs: rows.map((r) => new Set(r.tokens === '' ? [] : r.tokens.split(' '))),
    df: new Map(),
    shares: new Map(),
  };
  if (kept.byScope.size >= 100) kept.byScope.clear();
  kept.byScope.set(key, sample);
  return sample;
}

const holds = (doc: Set<string>, term: MatchTerm): boolean =>
  term.prefix ? [...doc].some((t) => t.startsWith(term.text)) : doc.has(term.text);

function corpusStats(sample: Sample, terms: readonly MatchTerm[]): CorpusStats {
  const frequency = (term: MatchTerm): number => {
    const key = `${term.prefix ? '*' : '='}${term.text}`;
    let n = sample.df.get(key);
    if (n === undefined) {
      n = sample.docs.reduce((count, doc) => count + (holds(doc, term) ? 1 : 0), 0);
      // queries are anyone's: keep the memo bounded however many distinct terms arrive
      if (sample.df.size >= DF_LIMIT) sample.df.clear();
      sample.df.set(key, n);
    }
    return n;
  };
  return { documents: sample.rows.length, tokens: sample.tokens, documentFrequency: terms.map(frequency) };
}

/**
 * The share of index rows, counted by key, expected to hold every term, pass the filters and
 * be visible to the reader: the share of the sample that does, times the share of the
 * sample's key range the sample fills (rows the reader may not see — this year's drafts, to
 * the public — sit among the newest keys too).
 */
function matchingShare(
  sample: Sample,
  terms: readonly MatchTerm[],
  filter: searchRepo.DocumentFilter,
): number {
  const first = sample.rows[0];
  const last = sample.rows.at(-1);
  if (!first || !last) return 0;
  const { strategyId, cycleId, organisationId, nodeId, stage, rating, kinds } = filter;
  const key = JSON.stringify([terms, strategyId, cycleId, organisationId, nodeId, stage, rating, kinds]);
  const known = sample.shares.get(key);
  if (known !== undefined) return known;
  let n = 0;
  sample.rows.forEach((row, i) => {
    const doc = sample.docs[i];
    if (doc && searchRepo.passesFilter(row, filter) && terms.every((t) => holds(doc, t))) n++;
  });
  const span = first.seq - last.seq + 1;
  const share = n / Math.max(span, sample.rows.length);
  // queries are anyone's: keep the memo bounded however many distinct ones arrive
  if (sample.shares.size >= DF_LIMIT) sample.shares.clear();
  sample.shares.set(key, share);
  return share;
}

/**
 * Search latency for a benchmark harness: runs every query `rounds` times and reports the
 * median and 95th percentile in milliseconds.
 *
 * @example await measureSearch(db, ['農業', '医療 AI'], { rounds: 20 })
 */
export async function measureSearch(
  db: Db,
  queries: readonly string[],
  opts: { rounds?: number; viewer?: Viewer; strategyId?: string } = {},
): Promise<{ runs: number; medianMs: number; p95Ms: number; maxMs: number }> {
  const viewer = opts.viewer ?? ANONYMOUS;
  const params = (q: string) => ({
    q,
    ...(opts.strategyId !== undefined && { strategyId: opts.strategyId }),
  });
  // One untimed round first, as a running server has had: the statistics sample read and
  // the engines' caches and plans warm.
  for (const q of queries) await search(db, params(q), viewer);
  const times: number[] = [];
  for (let round = 0; round < (opts.rounds ?? 10); round++) {
    for (const q of queries) {
      const start = performance.now();
      await search(db, params(q), viewer);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return { runs: times.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
}

/**
 * What every document of a strategy needs: the strategy, the organisations, the nodes — all
 * of them, or (`nodeIds`) only those where items listed under these nodes appear.
 */
async function frame(q: Q, strategyId: string, nodeIds?: string[]): Promise<IndexSource | undefined> {
  const found = await strategiesRepo.findStrategyFrame(q, strategyId, nodeIds);
  return found && { ...found, initiatives: [], entries: [], assessments: [], indicators: [] };
}

/** Reads what the documents of a strategy are built from; undefined if it does not exist. */
async function loadSource(q: Q, strategyId: string): Promise<IndexSource | undefined> {
  const [base, cycles, initiatives, indicators] = await Promise.all([
    frame(q, strategyId),
    cyclesRepo.listCycles(q, strategyId),
    initiativesRepo.listInitiatives(q, { strategyId }),
    indicatorsRepo.listIndicators(q, UNSCOPED, { strategyId }),
  ]);
  if (!base) return undefined;
  const cycleIds = cycles.map((c) => c.id);
  const [entries, assessments] = await Promise.all([
    progressRepo.listEntries(q, UNSCOPED, { cycleIds }),
    assessmentsRepo.listAssessments(q, UNSCOPED, cycleIds),
  ]);
  return { ...base, initiatives, entries, assessments, indicators };
}

/**
 * Rebuilds the index of one strategy from its rows (call inside the writing transaction).
 * Returns the number of documents written.
 */
export async function reindexStrategy(q: Q, strategyId: string): Promise<number> {
  const source = await loadSource(q, strategyId);
  await searchRepo.deleteDocuments(q, { strategyId });
  indexChanged();
  if (!source) return 0;
  const docs = buildDocuments(source);
  await searchRepo.insertDocuments(q, docs);
  return docs.length;
}

/** Rebuilds the whole index (after the search migration, or a tokenizer change). */
export async function reindexAll(db: Db): Promise<number> {
  const strategies = await strategiesRepo.listStrategies(db.kysely);
  return db.kysely.transaction().execute(async (trx) => {
    let n = 0;
    for (const s of strategies) n += await reindexStrategy(trx, s.id);
    return n;
  });
}

/**
 * Replaces the documents `ids` by those `source` yields for them; an id whose row is gone
 * simply loses its document.
 */
async function rewrite(q: Q, ids: string[], source: IndexSource | undefined): Promise<void> {
  const wanted = new Set(ids);
  const docs = source ? buildDocuments(source).filter((d) => wanted.has(d.id)) : [];
  const written = new Set(docs.map((d) => d.id));
  await searchRepo.deleteDocuments(q, { ids: ids.filter((id) => !written.has(id)) });
  await searchRepo.insertDocuments(q, docs, { replacing: true });
  indexChanged();
}

/**
 * Re-indexes one progress entry (主な進捗) after it was written or deleted. A writer that
 * holds the entry's rows already passes them (`rows`: the entry as written, its initiative
 * and cycle); the strategy's frame is then read for the initiative's own nodes only.
 */
export async function reindexEntry(
  q: Q,
  entryId: string,
  rows?: { entry: ProgressEntry; initiative: Initiative; cycle: Cycle },
): Promise<void> {
  const id = documentId('progress', entryId);
  if (rows) {
    const { entry, initiative, cycle } = rows;
    const nodeIds = initiative.listings.map((l) => l.nodeId);
    const base = await frame(q, cycle.strategyId, nodeIds);
    return rewrite(q, [id], base && { ...base, initiatives: [initiative], entries: [entry] });
  }
  const at = await searchRepo.locateRow(q, 'progressEntries', entryId);
  const cycle = at && (await cyclesRepo.findCycle(q, at.cycleId));
  if (!at || !cycle) return rewrite(q, [id], undefined);
  const [base, initiatives, entries] = await Promise.all([
    frame(q, cycle.strategyId),
    initiativesRepo.listInitiatives(q, { ids: [at.parentId] }),
    progressRepo.listEntries(q, UNSCOPED, { cycleIds: [cycle.id], initiativeIds: [at.parentId] }),
  ]);
  await rewrite(q, [id], base && { ...base, initiatives, entries });
}

/**
 * Re-indexes progress entries of one cycle after a bulk write (the survey import), from the
 * rows written and their initiatives: one read, however many rows changed, and the
 * documents written a few hundred to a statement.
 */
export async function reindexEntryRows(
  q: Q,
  cycle: Cycle,
  initiatives: Initiative[],
  entries: ProgressEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const base = await frame(q, cycle.strategyId);
  const ids = entries.map((e) => documentId('progress', e.id));
  await rewrite(q, ids, base && { ...base, initiatives, entries });
}

/** Re-indexes one assessment (概況) after it was written or deleted. */
export async function reindexAssessment(q: Q, assessmentId: string): Promise<void> {
  const id = documentId('assessment', assessmentId);
  const at = await searchRepo.locateRow(q, 'assessments', assessmentId);
  const cycle = at && (await cyclesRepo.findCycle(q, at.cycleId));
  if (!at || !cycle) return rewrite(q, [id], undefined);
  const [base, assessments] = await Promise.all([
    frame(q, cycle.strategyId),
    assessmentsRepo.listAssessments(q, UNSCOPED, [cycle.id]),
  ]);
  await rewrite(q, [id], base && { ...base, assessments });
}

/** Re-indexes one indicator (KPI) after it was written or deleted. */
export async function reindexIndicator(q: Q, indicatorId: string): Promise<void> {
  const id = documentId('indicator', indicatorId);
  const [indicator] = await indicatorsRepo.listIndicators(q, UNSCOPED, { ids: [indicatorId] }, []);
  if (!indicator) return rewrite(q, [id], undefined);
  const [base, initiatives] = await Promise.all([
    frame(q, indicator.strategyId),
    initiativesRepo.listInitiatives(q, { ids: indicator.initiativeId ? [indicator.initiativeId] : [] }),
  ]);
  await rewrite(q, [id], base && { ...base, initiatives, indicators: [indicator] });
}

/**
 * Re-indexes an initiative (施策) and what repeats its title, owners or listings: its
 * progress entries in every cycle and its indicators. A node that moved or was renamed
 * changes many documents: call reindexStrategy for such edits.
 */
export async function reindexInitiative(q: Q, initiativeId: string): Promise<void> {
  const [initiative] = await initiativesRepo.listInitiatives(q, { ids: [initiativeId] });
  if (!initiative) return rewrite(q, [documentId('initiative', initiativeId)], undefined);
  const sid = initiative.strategyId;
  const [base, cycles, indicators] = await Promise.all([
    frame(q, sid),
    cyclesRepo.listCycles(q, sid),
    indicatorsRepo.listIndicators(q, UNSCOPED, { strategyId: sid }, []),
  ]);
  const cycleIds = cycles.map((c) => c.id);
  const entries = await progressRepo.listEntries(q, UNSCOPED, { cycleIds, initiativeIds: [initiativeId] });
  const mine = indicators.filter((k) => k.initiativeId === initiativeId);
  const ids = [
    documentId('initiative', initiativeId),
    ...entries.map((e) => documentId('progress', e.id)),
    ...mine.map((k) => documentId('indicator', k.id)),
  ];
  await rewrite(q, ids, base && { ...base, initiatives: [initiative], entries, indicators: mine });
}
