// Tallies of an agreement since its start: reads the stored agreement, each body's series, the tally claims and
// the verified incidents, and hands them to the pure computation (src/consolidate/tallies.ts). Reads only.
import { agreementTerritories } from '../domain/agreement.ts';
import type { TallyClaimBody } from '../domain/claim.ts';
import type { Incident } from '../domain/incident.ts';
import { computeTallies, type TallyClaimInput, type TallyReport } from '../consolidate/tallies.ts';
import type { Store } from '../store/connect.ts';
import { listClaims } from '../store/repositories/claims.ts';
import { listSeries, listSeriesPoints } from '../store/repositories/series.ts';
import { agreementAsOf, incidentsUnder, normaliseAsOf } from './compliance.ts';

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
  // its area).
  const incidents: Incident[] = [];
  for await (const i of incidentsUnder(store, agreement, { status: ['verified', 'published'], from: start.slice(0, 10), to: day })) incidents.push(i);

  return computeTallies({ agreementId, start, asOf: day, territories: agreementTerritories(agreement), series, tallyClaims, incidents });
}
