import { CREATED, createIndex, createTable, dropTables, type Db } from './lib.ts';

// Strategies as a portfolio (issue #24, items 1 and 2), in tables of their own so that no
// existing row, export or published tree changes shape:
// - shared_listings: an initiative of one strategy listed under a node of another. Its
//   ministry reports once per fiscal year; every cycle of that year showing it reads the one
//   entry (services/shared.service.ts).
// - umbrella_nodes: a node that stands for another strategy (the umbrella strategy's "AI"
//   target is the AI strategy); its page rolls the sub-strategy up.

const STRATEGY = 'text not null references strategies.id on delete cascade';

export async function up(db: Db): Promise<void> {
  await createTable(
    db,
    'shared_listings',
    {
      initiative_id: 'text not null references initiatives.id on delete cascade',
      node_id: 'text not null references nodes.id on delete cascade',
      // the node's strategy: what a strategy's tree reads its shared items by
      strategy_id: STRATEGY,
      position: 'integer not null',
      ...CREATED,
    },
    { primaryKey: ['shared_listings_pk', ['initiative_id', 'node_id']] },
  );
  await createIndex(db, 'shared_listings_strategy', 'shared_listings', ['strategy_id']);

  await createTable(db, 'umbrella_nodes', {
    node_id: 'text primary key references nodes.id on delete cascade',
    strategy_id: STRATEGY,
    sub_strategy_id: STRATEGY,
    updated_at: 'text not null',
    updated_by: 'text not null',
  });
  await createIndex(db, 'umbrella_nodes_strategy', 'umbrella_nodes', ['strategy_id']);
}

export async function down(db: Db): Promise<void> {
  await dropTables(db, ['umbrella_nodes', 'shared_listings']);
}
