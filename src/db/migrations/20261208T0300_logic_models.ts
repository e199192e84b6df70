import type { Kysely } from 'kysely';

// Logic models (issue #24): one per node (a target, usually), the stages as JSON text on
// both engines; versioned like every edited record. Deleting the node deletes its model.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('logic_models')
    .addColumn('node_id', 'text', (c) => c.primaryKey().references('nodes.id').onDelete('cascade'))
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('logic_models_strategy').on('logic_models').column('strategy_id').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('logic_models').execute();
}
