/**
 * The portfolio dashboard (issue #24): every strategy's latest published cycle side by side,
 * and per ministry across them. Read from the published snapshots only, as the public reads
 * them, whoever asks (a draft never reaches it).
 */
import type { Db } from '../db/database.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import { ANONYMOUS } from '../domain/access.ts';
import { notFound } from '../domain/errors.ts';
import { buildPortfolio, type Portfolio, type PortfolioSource } from '../domain/portfolio.ts';
import { getOutline, listStrategies } from './strategies.service.ts';

export async function portfolio(
  db: Db,
  filter: { ministry?: string; strategy?: string },
): Promise<Portfolio> {
  const [strategies, organisations] = await Promise.all([
    listStrategies(db, ANONYMOUS),
    orgRepo.listOrganisations(db.kysely),
  ]);
  if (filter.ministry !== undefined && !organisations.some((o) => o.id === filter.ministry)) {
    throw notFound('organisation', filter.ministry);
  }
  const sources: PortfolioSource[] = [];
  for (const s of strategies) {
    const latest = s.cycles.filter((c) => c.state === 'published').at(-1);
    if (!latest) continue;
    const tree = await getOutline(db, s.id, latest.id, ANONYMOUS);
    sources.push({ strategy: s, cycle: latest, vocabulary: tree.vocabulary, nodes: tree.nodes });
  }
  if (filter.strategy !== undefined && !sources.some((s) => s.strategy.id === filter.strategy)) {
    throw notFound('strategy', filter.strategy);
  }
  return buildPortfolio(sources, organisations, filter);
}
