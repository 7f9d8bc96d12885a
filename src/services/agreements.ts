// Loading agreements into the store. Each load adds a version; an amendment names the version it amends, so two
// people amending at once cannot silently overwrite each other (optimistic locking over versions).
import type { Agreement, AgreementGeometry } from '../domain/agreement.ts';
import { canonicalJson } from '../domain/audit.ts';
import { UserError } from '../domain/errors.ts';
import * as agreements from '../store/repositories/agreements.ts';
import type { StoredAgreement, StoredGeometry } from '../store/repositories/agreements.ts';
import { StaleVersionError } from '../store/versioning.ts';
import type { Context } from './context.ts';
import { write } from './write.ts';

export type AgreementToStore = Omit<StoredAgreement, 'version' | 'loadedAt' | 'loadedBy'>;

/**
 * Stores `a` as the next version of its agreement. `amends` is the version the caller based it on (null for a
 * new agreement); if another version was stored since, the load is refused.
 */
export async function storeAgreementVersion(ctx: Context, a: AgreementToStore, amends: number | null, why?: string): Promise<StoredAgreement> {
  return write(ctx, async (w) => {
    const latest = (await agreements.latestAgreementVersion(w.tx, a.id)) ?? null;
    if (latest !== amends) {
      if (amends === null) throw new UserError('conflict', `agreement ${a.id} is already loaded (version ${latest}); load the file as an amendment of version ${latest}`);
      if (latest === null) throw new UserError('not-found', `agreement ${a.id} is not loaded, so version ${amends} cannot be amended; load it as a new agreement`);
      throw new StaleVersionError(`agreement ${a.id}`, amends, latest);
    }
    const stored: StoredAgreement = { ...a, version: (latest ?? 0) + 1, loadedAt: w.at, loadedBy: w.actor };
    await agreements.insertAgreementVersion(w.tx, stored);
    await w.audit('agreement', a.id, latest === null ? 'create' : 'load', latest === null ? null : { version: latest }, { version: stored.version, title: stored.title, provisions: stored.provisions.length }, why);
    return stored;
  });
}

/** Adds a new version of a named line or zone (the yellow line moved); older versions stay for "as of" questions. */
export async function storeGeometryVersion(ctx: Context, g: Omit<StoredGeometry, 'version' | 'loadedAt' | 'loadedBy'>, why?: string): Promise<StoredGeometry> {
  return write(ctx, async (w) => {
    if (!(await agreements.latestAgreementVersion(w.tx, g.agreementId))) throw new UserError('not-found', `agreement ${g.agreementId} is not loaded; load it before its geometry`);
    const held = await w.tx.selectFrom('geometries').select((eb) => eb.fn.max('version').as('v')).where('agreementId', '=', g.agreementId).where('name', '=', g.name).executeTakeFirst();
    const version = Number(held?.v ?? 0) + 1;
    const stored: StoredGeometry = { ...g, version, loadedAt: w.at, loadedBy: w.actor };
    await agreements.insertGeometryVersion(w.tx, stored);
    await w.audit('geometry', `${g.agreementId}/${g.name}`, version === 1 ? 'create' : 'load', null, { version, kind: g.kind, validFrom: g.validFrom, loaded: g.geojson !== null }, why);
    return stored;
  });
}

/**
 * Loads a validated agreement with its geometry: a new agreement, an amendment of the version named by `amends`,
 * or nothing when the same document is already held. A different document under a held id without `amends` is
 * refused with what to do.
 */
export async function loadAgreement(
  ctx: Context,
  a: Agreement,
  toStore: AgreementToStore,
  options: { amends?: number | null; why: string; origin: string },
): Promise<{ status: 'held' | 'stored'; version: number }> {
  const latest = await agreements.latestAgreementVersion(ctx.store.db, a.id);
  const amends = options.amends ?? null;
  if (latest !== undefined && amends === null) {
    const held = await agreements.getAgreement(ctx.store.db, a.id, latest);
    if (held && canonicalJson(held.document) === canonicalJson(toStore.document)) return { status: 'held', version: latest };
    throw new UserError('conflict', `agreement ${a.id} is already held (version ${latest}) and ${options.origin} differs from it; to keep both, load it as an amendment of version ${latest} (--amends ${latest})`, { field: 'amends' });
  }
  const stored = await storeAgreementVersion(ctx, toStore, amends, options.why);
  for (const g of a.geometry ?? []) {
    await storeGeometryVersion(ctx, { agreementId: a.id, name: g.name, kind: g.kind, meaning: g.meaning, geojson: g.geojson ?? null, validFrom: g.validFrom ?? null }, options.why);
  }
  return { status: 'stored', version: stored.version };
}

export type GeoJsonGeometry = NonNullable<AgreementGeometry['geojson']>;
const GEOMETRY_TYPES = ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'];

/** The one geometry in a GeoJSON value (a geometry, a Feature, or a FeatureCollection of one), or a clear refusal. */
export function geometryFrom(value: unknown, origin: string): GeoJsonGeometry {
  let v = value as { type?: unknown; features?: unknown[]; geometry?: unknown; coordinates?: unknown } | null;
  if (v?.type === 'FeatureCollection') {
    if (!Array.isArray(v.features) || v.features.length !== 1) throw new UserError('invalid-input', `${origin}: a FeatureCollection must hold exactly one feature here (it holds ${Array.isArray(v.features) ? v.features.length : 0}); split it or pick one`, { field: 'geojson' });
    v = v.features[0] as typeof v;
  }
  if (v?.type === 'Feature') v = v.geometry as typeof v;
  if (!v || typeof v.type !== 'string' || !GEOMETRY_TYPES.includes(v.type) || !Array.isArray(v.coordinates) || !coordinatesOk(v.coordinates)) {
    throw new UserError('invalid-input', `${origin}: expected a GeoJSON ${GEOMETRY_TYPES.join(', ')} (or a Feature of one) with [longitude, latitude] positions; found ${typeof v?.type === 'string' ? v.type : 'nothing usable'}`, { field: 'geojson' });
  }
  return v as unknown as GeoJsonGeometry;
}

function coordinatesOk(c: unknown): boolean {
  if (!Array.isArray(c) || c.length === 0) return false;
  if (typeof c[0] === 'number') return c.length >= 2 && c.every((n) => typeof n === 'number' && Number.isFinite(n)) && Math.abs(c[0]) <= 180 && Math.abs(c[1] as number) <= 90;
  return c.every(coordinatesOk);
}

/** Stores a new version of one of an agreement's declared lines or zones (the yellow line as redrawn). */
export async function redrawGeometry(
  ctx: Context,
  agreement: Agreement,
  name: string,
  geometry: GeoJsonGeometry,
  options: { validFrom?: string | null; why: string; origin: string },
): Promise<StoredGeometry> {
  const declared = (agreement.geometry ?? []).find((g) => g.name === name);
  if (!declared) {
    const names = (agreement.geometry ?? []).map((g) => g.name).join(', ') || 'none';
    throw new UserError('invalid-input', `${agreement.id} declares no line or zone "${name}" (it declares: ${names}); add it to the agreement file first`, { field: 'name' });
  }
  const fits = declared.kind === 'line' ? /LineString$/.test(geometry.type) : /Polygon$/.test(geometry.type);
  if (!fits) throw new UserError('invalid-input', `"${name}" is a ${declared.kind} but ${options.origin} holds a ${geometry.type}; give a ${declared.kind === 'line' ? 'LineString or MultiLineString' : 'Polygon or MultiPolygon'}`, { field: 'geojson' });
  const validFrom = options.validFrom ?? null;
  if (validFrom !== null && Number.isNaN(Date.parse(validFrom))) throw new UserError('invalid-input', `valid-from "${validFrom}" is not a date; give YYYY-MM-DD`, { field: 'validFrom' });
  return storeGeometryVersion(ctx, { agreementId: agreement.id, name, kind: declared.kind, meaning: declared.meaning, geojson: geometry, validFrom }, options.why);
}
