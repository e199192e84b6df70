import type { CreateTableBuilder, Kysely } from 'kysely';

// Migrations use only what both engines understand: text ids, ISO text timestamps,
// integer flags, double precision numbers and JSON kept as text.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

function tracked<T extends string>(t: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return t
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull());
}

export async function up(db: Db): Promise<void> {
  await tracked(
    db.schema
      .createTable('organisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('short_name', 'text', (c) => c.notNull().unique())
      .addColumn('name_ja', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();

  await tracked(
    db.schema
      .createTable('strategies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('title_en', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('owner_organisation_id', 'text', (c) => c.references('organisations.id'))
      .addColumn('level_labels', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();

  await tracked(
    db.schema
      .createTable('vocabulary_terms')
      .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('label_ja', 'text', (c) => c.notNull())
      .addColumn('label_en', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('vocabulary_terms_pk', ['strategy_id', 'kind', 'code']),
  ).execute();

  await tracked(
    db.schema
      .createTable('nodes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
      .addColumn('parent_id', 'text', (c) => c.references('nodes.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('title_en', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('mirror_of', 'text', (c) => c.references('nodes.id')),
  ).execute();
  await db.schema.createIndex('nodes_strategy_idx').on('nodes').columns(['strategy_id']).execute();
  await db.schema.createIndex('nodes_parent_idx').on('nodes').columns(['parent_id']).execute();

  await tracked(
    db.schema
      .createTable('initiatives')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('title_en', 'text', (c) => c.notNull().defaultTo('')),
  ).execute();
  await db.schema
    .createIndex('initiatives_strategy_idx')
    .on('initiatives')
    .columns(['strategy_id'])
    .execute();

  await db.schema
    .createTable('initiative_owners')
    .addColumn('initiative_id', 'text', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('initiative_owners_pk', ['initiative_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('initiative_owners_org_idx')
    .on('initiative_owners')
    .columns(['organisation_id'])
    .execute();

  await db.schema
    .createTable('initiative_listings')
    .addColumn('initiative_id', 'text', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('initiative_listings_pk', ['initiative_id', 'node_id'])
    .execute();
  await db.schema
    .createIndex('initiative_listings_node_idx')
    .on('initiative_listings')
    .columns(['node_id'])
    .execute();

  await tracked(
    db.schema
      .createTable('cycles')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
      .addColumn('fiscal_year', 'integer', (c) => c.notNull())
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
      .addColumn('published_at', 'text')
      .addUniqueConstraint('cycles_strategy_year_uq', ['strategy_id', 'fiscal_year']),
  ).execute();

  await tracked(
    db.schema
      .createTable('progress_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('initiative_id', 'text', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
      .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
      .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('stage', 'text')
      .addColumn('plans', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('review_state', 'text', (c) => c.notNull().defaultTo('draft'))
      .addColumn('review_comment', 'text', (c) => c.notNull().defaultTo(''))
      .addUniqueConstraint('progress_entries_uq', ['initiative_id', 'cycle_id']),
  ).execute();
  await db.schema
    .createIndex('progress_entries_cycle_idx')
    .on('progress_entries')
    .columns(['cycle_id'])
    .execute();

  await tracked(
    db.schema
      .createTable('indicators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
      .addColumn('node_id', 'text', (c) => c.references('nodes.id').onDelete('set null'))
      .addColumn('initiative_id', 'text', (c) => c.references('initiatives.id').onDelete('set null'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('direction', 'text', (c) => c.notNull().defaultTo('increase'))
      .addColumn('baseline_value', 'double precision')
      .addColumn('baseline_period', 'text')
      .addColumn('target_value', 'double precision')
      .addColumn('target_text', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('target_period', 'text')
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema.createIndex('indicators_strategy_idx').on('indicators').columns(['strategy_id']).execute();

  await tracked(
    db.schema
      .createTable('observations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
      .addColumn('cycle_id', 'text', (c) => c.references('cycles.id').onDelete('cascade'))
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addUniqueConstraint('observations_uq', ['indicator_id', 'period']),
  ).execute();

  await tracked(
    db.schema
      .createTable('assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
      .addColumn('rating', 'text')
      .addColumn('narrative', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('needs_acceleration', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('remark', 'text', (c) => c.notNull().defaultTo(''))
      .addUniqueConstraint('assessments_uq', ['node_id', 'cycle_id']),
  ).execute();
  await db.schema.createIndex('assessments_cycle_idx').on('assessments').columns(['cycle_id']).execute();

  await tracked(
    db.schema
      .createTable('summaries')
      .addColumn('cycle_id', 'text', (c) => c.primaryKey().references('cycles.id').onDelete('cascade'))
      .addColumn('overall', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('pillars', 'text', (c) => c.notNull().defaultTo('[]')),
  ).execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    'summaries',
    'assessments',
    'observations',
    'indicators',
    'progress_entries',
    'cycles',
    'initiative_listings',
    'initiative_owners',
    'initiatives',
    'nodes',
    'vocabulary_terms',
    'strategies',
    'organisations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
