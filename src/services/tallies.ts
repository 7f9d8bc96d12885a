// Tallies of an agreement since its start: reads the stored agreement, each body's series, the tally claims and
// the verified incidents, and hands them to the pure computation (src/consolidate/tallies.ts). Reads only.
import { agreementTerritories } from '../domain/agreement.ts';
import type { TallyClaimBody } from '../domain/claim.ts';
import type { Toll } from '../domain/estimate.ts';
import type { Incident } from '../domain/incident.ts';
import { COUNTED, computeTallies, type TallyClaimInput, type TallyIncident, type TallyReport } from '../consolidate/tallies.ts';
import type { Store } from '../store/connect.ts';
import type { TruceDatabase } from '../store/schema.ts';
import { type ExpressionBuilder, sql } from 'kysely';
import { listClaims } from '../store/repositories/claims.ts';
import { listSeries, listSeriesPoints } from '../store/repositories/series.ts';
import { fromJson } from '../store/json.ts';
import { agreementAsOf, areaTest, leanIndex, normaliseAsOf } from './compliance.ts';
import { agreementArms } from './overview.ts';

export async function talliesOf(store: Store, agreementId: string, asOf: string): Promise<TallyReport> {
  const at = normaliseAsOf(asOf);
  const { agreement } = await agreementAsOf(store, agreementId, at);
  // The agreement's start is when it took effect; a text without an in-force time starts at signing.
  const start = agreement.inForceAt ?? agreement.signedAt;
  const day = at.slice(0, 10);

  const series = [];
  for (const s of await listSeries(store.db)) series.push({ series: s, points: await listSeriesPoints(store.db, s.id, { to: day }) });

  const tallyClaims: TallyClaimInput[] = [];
  for (const c of await listClaims(store.db, { kind: 'tally', limit: 1_000_000 })) {
    if (c.status === 'rejected' || c.body.kind !== 'tally') continue;
    const b = c.body as TallyClaimBody;
    tallyClaims.push({ claimId: c.id, body: c.claimantId ?? c.claimantName ?? 'unattributed', metric: b.metric, value: b.value, since: b.since, asOf: b.asOf ?? c.claimedAt, });
  }

  // The agreement's verified incidents since it began, counted as compliance counts them (filed, or unfiled inside
  // its area: `incidentsUnder`'s rule), each read with only what the sum needs: reading them as whole records held
  // ~280k of them in memory at a million incidents (19 s, 630 MB for `truce tallies`).
  const incidents: TallyIncident[] = [];
  const inArea = areaTest(agreement);
  const counted = [...COUNTED];
  for (const arm of agreementArms(agreement, start.slice(0, 10), day)) {
    // The tolls are only in the table's rows. SQLite finds the rows in 0006's covering index and reads them in the
    // table's own order (rowid), not the index's: at a million incidents 0.9 s against 2.2 s in the sqlite3 shell.
    const rows =
      store.engine === 'sqlite'
        ? (eb: ExpressionBuilder<TruceDatabase, 'incidents'>) => eb(sql`rowid`, 'in', eb.selectFrom(leanIndex(store)).select(sql`rowid`.as('r')).where('status', 'in', counted).where(arm as never))
        : (eb: ExpressionBuilder<TruceDatabase, 'incidents'>) => eb.and([eb('status', 'in', counted), arm(eb)]);
    // Compiled through the store's names (agreementArms speaks them); the rows come back as arrays, in this order.
    const query = store.db.selectFrom('incidents').select(['id', 'status', 'date', 'agreementId', 'lat', 'lon', 'killed', 'injured']).where(rows).compile();
    await store.eachRow(query, (r) => {
      const [id, status, date, agreementId, lat, lon, killed, injured] = r as [string, Incident['status'], string, string | null, number | null, number | null, string, string];
      if (agreementId === null && (lat === null || lon === null || !inArea?.({ lon: Number(lon), lat: Number(lat) }))) return;
      incidents.push({ id, status, date, agreementId, killed: fromJson<Toll>(killed, {}), injured: fromJson<Toll>(injured, {}) });
    });
  }

  return computeTallies({ agreementId, start, asOf: day, territories: agreementTerritories(agreement), series, tallyClaims, incidents });
}
