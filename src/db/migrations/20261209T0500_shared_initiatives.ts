import { childOf, CREATED, createTables, dropTables, type Db } from './lib.ts';

// Strategies as a portfolio (issue #24, items 1 and 2), in tables of their own so that no
// existing row, export or published tree changes shape:
// - shared_listings: an initiative of one strategy listed under a node of another. Its
//   ministry reports once per fiscal year; every cycle of that year showing it reads the one
//   entry (services/shared.service.ts).
// - umbrella_nodes: a node that stands for another strategy (the umbrella strategy's "AI"
//   target is the AI strategy); its page rolls the sub-strategy up.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    shared_listings: {
      initiative_id: childOf('initiatives'),
      node_id: childOf('nodes'),
      // the node's strategy: what a strategy's tree reads its shared items by
      strategy_id: childOf('strategies'),
      position: 'integer not null',
      ...CREATED,
      shared_listings_pk: 'primary key (initiative_id, node_id)',
      shared_listings_strategy: 'index (strategy_id)',
    },

    umbrella_nodes: {
      node_id: 'text primary key references nodes.id on delete cascade',
      strategy_id: childOf('strategies'),
      sub_strategy_id: childOf('strategies'),
      updated_at: 'text not null',
      updated_by: 'text not null',
      umbrella_nodes_strategy: 'index (strategy_id)',
    },
  });
}

export async function down(db: Db): Promise<void> {
  await dropTables(db, ['umbrella_nodes', 'shared_listings']);
}
