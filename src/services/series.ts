// Which agreements a held series reports on: its territory and its explicit links, listed and changed after import
// (a series CSV that named neither, a series defined before links existed). Each change is an audited update.
import { agreementTerritories } from '../domain/agreement.ts';
import { invalidInput, UserError } from '../domain/errors.ts';
import { type Series, type SeriesRelevance, seriesRelevance, territoryId } from '../domain/series.ts';
import type { Store } from '../store/connect.ts';
import { getAgreement } from '../store/repositories/agreements.ts';
import { getSeries, listSeries } from '../store/repositories/series.ts';
import { agreementAsOf } from './compliance.ts';
import type { Context } from './context.ts';
import { updateSeriesIn } from './records.ts';
import { write } from './write.ts';

export interface SeriesListing {
  series: Series;
  /** How the series stands to the agreement asked about (absent when none was asked). */
  relevance?: SeriesRelevance;
}

/** Every series held, or those of one body; with an agreement, how each stands to it. */
export async function seriesListing(store: Store, options: { agreementId?: string; bodyId?: string } = {}): Promise<SeriesListing[]> {
  const all = await listSeries(store.db, options.bodyId);
  if (!options.agreementId) return all.map((series) => ({ series }));
  const { agreement } = await agreementAsOf(store, options.agreementId, new Date().toISOString());
  const territories = agreementTerritories(agreement);
  return all.map((series) => ({ series, relevance: seriesRelevance(series, agreement.id, territories) }));
}

export interface SeriesLink {
  /** Link to this agreement (added to the series' links). */
  agreementId?: string | null;
  /** Unlink from this agreement. */
  unlinkAgreementId?: string | null;
  /** Set the territory the figures cover (a name as written: "Gaza Strip"); `''` clears it. */
  territory?: string | null;
}

/** Links (or unlinks) the series in one transaction; returns them as saved. Series already as asked are unchanged. */
export async function linkSeries(ctx: Context, ids: readonly string[], link: SeriesLink, why?: string): Promise<Series[]> {
  if (ids.length === 0) throw invalidInput('name at least one series id (truce series list shows them), or give --body', 'series');
  if (!link.agreementId && !link.unlinkAgreementId && link.territory === undefined) throw invalidInput('say what to change: --agreement ID, --unlink ID or --territory NAME', 'agreement');
  const territory = link.territory === undefined ? undefined : territoryId(link.territory);
  return write(ctx, async (w) => {
    if (link.agreementId && !(await getAgreement(w.tx, link.agreementId))) throw new UserError('not-found', `no agreement "${link.agreementId}" is held; load it first (truce agreement load) or check the id`, { field: 'agreement' });
    const out: Series[] = [];
    for (const id of ids) {
      const held = await getSeries(w.tx, id);
      if (!held) throw new UserError('not-found', `no series "${id}" is held; \`truce series list\` shows the series ids`, { field: 'series' });
      let links = held.agreements ?? [];
      if (link.agreementId && !links.includes(link.agreementId)) links = [...links, link.agreementId];
      if (link.unlinkAgreementId) links = links.filter((a) => a !== link.unlinkAgreementId);
      const patch: Partial<Series> = {};
      if (links.join('\u0000') !== (held.agreements ?? []).join('\u0000')) patch.agreements = links;
      if (territory !== undefined && territory !== held.territory) patch.territory = territory;
      const reason = why ?? [link.agreementId && `linked to ${link.agreementId}`, link.unlinkAgreementId && `unlinked from ${link.unlinkAgreementId}`, territory !== undefined && `territory ${territory ?? 'none'}`].filter(Boolean).join('; ');
      out.push(Object.keys(patch).length ? await updateSeriesIn(w, held.id, held.version, patch, reason) : held);
    }
    return out;
  });
}
