// The first schema: every entity of the domain model, on both engines.
import type { Kysely } from 'kysely';
import { type Engine, createFullTextIndexes, floatType } from '../engine.ts';

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const float = floatType(engine);

  await db.schema
    .createTable('actors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('affiliation', 'text')
    .addColumn('acled_actor_type', 'text')
    .addColumn('wikidata_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_hash', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text')
    .addColumn('in_force_at', 'text')
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agreements_pk', ['id', 'version'])
    .execute();

  await db.schema
    .createTable('phases')
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('agreement_version', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('start', 'text')
    .addPrimaryKeyConstraint('phases_pk', ['agreement_id', 'agreement_version', 'id'])
    .addForeignKeyConstraint('phases_agreement_fk', ['agreement_id', 'agreement_version'], 'agreements', ['id', 'version'])
    .execute();

  await db.schema
    .createTable('provisions')
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('agreement_version', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('phase_id', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('obligated', 'text', (c) => c.notNull())
    .addColumn('act', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('indicator', 'text')
    .addColumn('sources', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('provisions_pk', ['agreement_id', 'agreement_version', 'id'])
    .addForeignKeyConstraint('provisions_agreement_fk', ['agreement_id', 'agreement_version'], 'agreements', ['id', 'version'])
    .execute();

  await db.schema
    .createTable('geometries')
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('meaning', 'text')
    .addColumn('geojson', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('geometries_pk', ['agreement_id', 'name', 'version'])
    .execute();

  await db.schema
    .createTable('source_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('title', 'text')
    .addColumn('publisher', 'text')
    .addColumn('published_at', 'text')
    .addColumn('retrieved_at', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull().unique())
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('reliability', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('source_documents_published_idx').on('source_documents').column('published_at').execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('agreement_id', 'text')
    .addColumn('date', 'text')
    .addColumn('date_end', 'text')
    .addColumn('date_precision', 'integer', (c) => c.notNull())
    .addColumn('location_name', 'text')
    .addColumn('admin1', 'text')
    .addColumn('admin2', 'text')
    .addColumn('lat', float)
    .addColumn('lon', float)
    .addColumn('geo_precision', 'integer')
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('sub_event_type', 'text', (c) => c.notNull())
    .addColumn('actor1', 'text')
    .addColumn('actor2', 'text')
    .addColumn('killed', 'text', (c) => c.notNull())
    .addColumn('injured', 'text', (c) => c.notNull())
    .addColumn('killed_low', 'integer')
    .addColumn('killed_best', 'integer')
    .addColumn('killed_high', 'integer')
    .addColumn('injured_low', 'integer')
    .addColumn('injured_best', 'integer')
    .addColumn('injured_high', 'integer')
    .addColumn('grade', 'text')
    .addColumn('grade_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('spatial', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_date_idx').on('incidents').columns(['date', 'id']).execute();
  await db.schema.createIndex('incidents_agreement_status_date_idx').on('incidents').columns(['agreement_id', 'status', 'date']).execute();
  await db.schema.createIndex('incidents_actor1_idx').on('incidents').column('actor1').execute();

  await db.schema
    .createTable('incident_provisions')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('provision_id', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text')
    .addPrimaryKeyConstraint('incident_provisions_pk', ['incident_id', 'agreement_id', 'provision_id'])
    .execute();
  await db.schema.createIndex('incident_provisions_provision_idx').on('incident_provisions').columns(['agreement_id', 'provision_id']).execute();

  await db.schema
    .createTable('claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_document_id', 'text', (c) => c.notNull().references('source_documents.id'))
    .addColumn('claimant_id', 'text')
    .addColumn('claimant_name', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('evidence_start', 'integer')
    .addColumn('evidence_end', 'integer')
    .addColumn('evidence_text', 'text')
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claims_source_idx').on('claims').column('source_document_id').execute();
  await db.schema.createIndex('claims_incident_idx').on('claims').column('incident_id').execute();
  await db.schema.createIndex('claims_kind_status_idx').on('claims').columns(['kind', 'status']).execute();

  await db.schema
    .createTable('series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('estimated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('series_points')
    .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('value', float, (c) => c.notNull())
    .addColumn('source_document_id', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('series_points_pk', ['series_id', 'date'])
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('old', 'text')
    .addColumn('new', 'text')
    .addColumn('why', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_entity_idx').on('audit_events').columns(['entity', 'entity_id', 'seq']).execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: '0'.repeat(64) }).execute();

  await createFullTextIndexes(db, engine);
}
