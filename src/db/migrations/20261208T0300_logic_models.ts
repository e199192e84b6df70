import { createIndex, createTable, VERSIONED, type Db } from './lib.ts';

// Logic models (issue #24): one per node (a target, usually), the stages as JSON text on
// both engines; versioned like every edited record. Deleting the node deletes its model.

export async function up(db: Db): Promise<void> {
  await createTable(db, 'logic_models', {
    node_id: 'text primary key references nodes.id on delete cascade',
    strategy_id: 'text not null references strategies.id on delete cascade',
    model: 'text not null',
    ...VERSIONED,
  });
  await createIndex(db, 'logic_models_strategy', 'logic_models', ['strategy_id']);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('logic_models').execute();
}
