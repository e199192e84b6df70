import { childOf, createTables, VERSIONED, type Db } from './lib.ts';

// Logic models (issue #24): one per node (a target, usually), the stages as JSON text on
// both engines; versioned like every edited record. Deleting the node deletes its model.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    logic_models: {
      node_id: 'text primary key references nodes.id on delete cascade',
      strategy_id: childOf('strategies'),
      model: 'text not null',
      ...VERSIONED,
      logic_models_strategy: 'index (strategy_id)',
    },
  });
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('logic_models').execute();
}
