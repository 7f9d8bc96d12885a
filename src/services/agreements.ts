// Loading agreements into the store. Each load adds a version; an amendment names the version it amends, so two
// people amending at once cannot silently overwrite each other (optimistic locking over versions).
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
