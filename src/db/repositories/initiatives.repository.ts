import { sql, type Kysely } from 'kysely';
import type { Initiative } from '../../domain/model.ts';
import { insertMany } from '../bulk.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/**
 * Initiatives with their owners and listings, in two statements whatever their number: the
 * initiatives, then owners and listings together (one UNION ALL of the two link tables).
 * `where` narrows by strategy, by id or by owning organisation.
 */
export async function listInitiatives(
  db: Q,
  where: { strategyId?: string; ids?: string[]; organisationId?: string },
): Promise<Initiative[]> {
  if (where.ids !== undefined && where.ids.length === 0) return [];
  // One filtered id query, reused as a sub-select so owners and listings never need a
  // parameter per initiative.
  const matching = () => {
    let q = db.selectFrom('initiatives').select('initiatives.id');
    if (where.strategyId !== undefined) q = q.where('strategyId', '=', where.strategyId);
    if (where.ids !== undefined) q = q.where('id', 'in', where.ids);
    if (where.organisationId !== undefined) {
      const orgId = where.organisationId;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('initiativeOwners').select('initiativeId').where('organisationId', '=', orgId),
      );
    }
    return q;
  };
  const [rows, links] = await Promise.all([
    db.selectFrom('initiatives').selectAll().where('id', 'in', matching()).orderBy('id').execute(),
    db
      .selectFrom('initiativeOwners')
      .select(['initiativeId', 'organisationId as ref', 'position', sql<LinkKind>`'owner'`.as('kind')])
      .where('initiativeId', 'in', matching())
      .unionAll(
        db
          .selectFrom('initiativeListings')
          .select(['initiativeId', 'nodeId as ref', 'position', sql<LinkKind>`'listing'`.as('kind')])
          .where('initiativeId', 'in', matching()),
      )
      .execute(),
  ]);
  const ownerMap = new Map<string, { ref: string; position: number }[]>();
  const listingMap = new Map<string, { ref: string; position: number }[]>();
  for (const link of links) {
    const map = link.kind === 'owner' ? ownerMap : listingMap;
    const list = map.get(link.initiativeId);
    if (list) list.push(link);
    else map.set(link.initiativeId, [link]);
  }
  return rows.map((r) => ({
    ...r,
    // owners in their order of mention; listings by node id (as the export writes them)
    ownerIds: (ownerMap.get(r.id) ?? []).sort((a, b) => a.position - b.position).map((o) => o.ref),
    listings: (listingMap.get(r.id) ?? [])
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
      .map((l) => ({ nodeId: l.ref, position: l.position })),
  }));
}

type LinkKind = 'owner' | 'listing';

export async function insertInitiatives(db: Q, items: Initiative[]): Promise<void> {
  await insertMany(
    db,
    'initiatives',
    items.map(({ ownerIds: _o, listings: _l, ...row }) => row),
  );
  await insertMany(
    db,
    'initiativeOwners',
    items.flatMap((i) =>
      i.ownerIds.map((organisationId, position) => ({ initiativeId: i.id, organisationId, position })),
    ),
  );
  await insertMany(
    db,
    'initiativeListings',
    items.flatMap((i) => i.listings.map((l) => ({ initiativeId: i.id, ...l }))),
  );
}

export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
