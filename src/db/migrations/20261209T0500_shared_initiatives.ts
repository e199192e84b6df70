import type { Kysely } from 'kysely';

// Strategies as a portfolio (issue #24, items 1 and 2), in tables of their own so that no
// existing row, export or published tree changes shape:
// - shared_listings: an initiative of one strategy listed under a node of another. Its
//   ministry reports once per fiscal year; every cycle of that year showing it reads the one
//   entry (services/shared.service.ts).
// - umbrella_nodes: a node that stands for another strategy (the umbrella strategy's "AI"
//   target is the AI strategy); its page rolls the sub-strategy up.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('shared_listings')
    .addColumn('initiative_id', 'text', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
    // the node's strategy: what a strategy's tree reads its shared items by
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shared_listings_pk', ['initiative_id', 'node_id'])
    .execute();
  await db.schema
    .createIndex('shared_listings_strategy')
    .on('shared_listings')
    .column('strategy_id')
    .execute();

  await db.schema
    .createTable('umbrella_nodes')
    .addColumn('node_id', 'text', (c) => c.primaryKey().references('nodes.id').onDelete('cascade'))
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('sub_strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('umbrella_nodes_strategy').on('umbrella_nodes').column('strategy_id').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('umbrella_nodes').execute();
  await db.schema.dropTable('shared_listings').execute();
}
