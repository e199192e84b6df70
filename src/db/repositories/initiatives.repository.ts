import type { Kysely } from 'kysely';
import type { Initiative } from '../../domain/model.ts';
import { insertMany } from '../bulk.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/**
 * Initiatives with their owners and listings, in three statements whatever their number.
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
  const [rows, owners, listings] = await Promise.all([
    db.selectFrom('initiatives').selectAll().where('id', 'in', matching()).orderBy('id').execute(),
    db
      .selectFrom('initiativeOwners')
      .selectAll()
      .where('initiativeId', 'in', matching())
      .orderBy('initiativeId')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('initiativeListings')
      .selectAll()
      .where('initiativeId', 'in', matching())
      .orderBy('initiativeId')
      .orderBy('nodeId')
      .execute(),
  ]);
  const ownerMap = groupBy(owners, (o) => o.initiativeId);
  const listingMap = groupBy(listings, (l) => l.initiativeId);
  return rows.map((r) => ({
    ...r,
    ownerIds: (ownerMap.get(r.id) ?? []).map((o) => o.organisationId),
    listings: (listingMap.get(r.id) ?? []).map((l) => ({ nodeId: l.nodeId, position: l.position })),
  }));
}

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
