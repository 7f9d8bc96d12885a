// A fortnight of invented monitoring records for gaza-2025, written through the services as an analyst would:
// public and protected sources, claims (tallies, pledges, an objection, positions, an allegation and a denial),
// incidents at every workflow status, and three reporting bodies' series. Used by the sitrep tests; every text is
// our own. The protected source carries MARKER in its title, publisher, URL and text, so a test can prove that none
// of it reaches a report.
import type { Context } from '../../src/services/context.ts';
import * as records from '../../src/services/records.ts';
import type { NewIncident } from '../../src/services/records.ts';
import { loadBundledData } from '../../src/services/bundled.ts';
import { contentHash, type SourceDocument } from '../../src/domain/source.ts';
import type { Claim } from '../../src/domain/claim.ts';

export const MARKER = 'QWVPROTECTED';
export const PERIOD = { from: '2025-11-03', to: '2025-11-09' };

type Doc = Omit<SourceDocument, 'id' | 'version' | 'contentHash'>;
const doc = (d: Omit<Doc, 'retrievedAt' | 'language' | 'reliability'>): Doc => ({ ...d, retrievedAt: `${d.publishedAt!.slice(0, 10)}T12:00:00Z`, language: 'en', reliability: 'C' });

const TEXTS = {
  strike: 'An air strike hit a house in Khan Younis on Tuesday, killing four people, residents and a hospital said.',
  idf: 'The Israeli military said militants fired at troops near Rafah on Wednesday and that a soldier was killed. It accused Hamas of breaking the ceasefire.',
  moh: 'The health ministry in Gaza said 260 people had been killed since the ceasefire began on 10 October. Shelling in Gaza City killed two people on Thursday.',
  force: 'Indonesia said it was ready to send up to 20,000 troops to the stabilisation force. Pakistan said it was considering taking part. Israel said it objected to any Turkish role in the force. A Hamas official said the group kept its right to bear arms. An Israeli minister said disarmament came before any further withdrawal. Hamas denied breaking the ceasefire.',
  earlier: 'An air strike in Khan Younis killed twelve people, a hospital said. Clashes were reported near Rafah.',
  protected: `Field log ${MARKER}: the monitor saw armed men attack a family in Beit Lahia; a second witness named ${MARKER}-W2.`,
};

export interface ReportData {
  sources: Record<'strike' | 'idf' | 'moh' | 'force' | 'earlier' | 'protected', string>;
  incidents: Record<string, string>;
  claims: Record<string, Claim>;
}

export async function buildReportData(ctx: Context): Promise<ReportData> {
  await loadBundledData(ctx);
  const add = async (text: string, d: Omit<Doc, 'text' | 'retrievedAt' | 'language' | 'reliability'>) => (await records.addSourceDocument(ctx, { ...doc({ ...d, text } as Doc), contentHash: contentHash(text) })).document.id;
  const sources = {
    strike: await add(TEXTS.strike, { kind: 'news-article', url: 'https://news.example.org/khan-younis-strike', title: 'Strike on house in Khan Younis', publisher: 'Example Wire', publishedAt: '2025-11-04T15:00:00Z', sensitivity: 'public' }),
    idf: await add(TEXTS.idf, { kind: 'party-statement', url: 'https://statements.example.org/rafah', title: 'Statement on Rafah fire', publisher: 'Israeli military (example)', publishedAt: '2025-11-05T18:00:00Z', sensitivity: 'public' }),
    moh: await add(TEXTS.moh, { kind: 'ministry-bulletin', url: 'https://moh.example.org/bulletin-11-09', title: 'Daily bulletin', publisher: 'Gaza health ministry (example)', publishedAt: '2025-11-09T10:00:00Z', sensitivity: 'public' }),
    force: await add(TEXTS.force, { kind: 'news-article', url: 'https://news.example.org/stabilisation-force', title: 'Who will serve in the stabilisation force', publisher: 'Example Wire', publishedAt: '2025-11-06T09:00:00Z', sensitivity: 'public' }),
    earlier: await add(TEXTS.earlier, { kind: 'news-article', url: 'https://news.example.org/earlier', title: 'Strike and clashes', publisher: 'Example Daily', publishedAt: '2025-10-30T09:00:00Z', sensitivity: 'public' }),
    protected: await add(TEXTS.protected, { kind: 'field-report', url: `https://field.example.org/${MARKER}`, title: `Monitor log ${MARKER}`, publisher: `${MARKER} network`, publishedAt: '2025-11-07T20:00:00Z', sensitivity: 'protected' }),
  };

  const base = { agreementId: 'gaza-2025', dateEnd: null, datePrecision: 1 as const, actor2: null, injured: {}, provisions: [], spatial: [], notes: null, gradeReason: null };
  const at = (name: string, admin1: string, lat: number, lon: number) => ({ name, admin1, admin2: null, lat, lon, precision: 2 as const });
  const specs: Record<string, NewIncident> = {
    strike: { ...base, date: '2025-11-04', location: at('Khan Younis', 'Khan Younis', 31.346, 34.306), eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', actor1: 'israel', killed: { civilians: { low: 3, best: 4, high: 6 } }, injured: { civilians: { low: 5, best: 5, high: 5 } }, grade: 'fair', status: 'draft' },
    clash: { ...base, date: '2025-11-05', location: at('Rafah', 'Rafah', 31.297, 34.245), eventType: 'Battles', subEventType: 'Armed clash', actor1: 'hamas', actor2: 'israel', killed: { sideA: { low: 1, best: 1, high: 1 } }, grade: 'weak', status: 'draft' },
    shelling: { ...base, date: '2025-11-06', location: at('Gaza City', 'Gaza', 31.516, 34.45), eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack', actor1: 'israel', killed: { civilians: { low: 2, best: 2, high: 2 } }, grade: 'weak', status: 'draft' },
    attack: { ...base, date: '2025-11-07', location: at('Beit Lahia', 'North Gaza', 31.55, 34.5), eventType: 'Violence against civilians', subEventType: 'Attack', actor1: 'hamas', killed: { civilians: { low: 1, best: 1, high: 1 } }, grade: 'weak', status: 'in-review', notes: `seen by ${MARKER}-W2` },
    unattributed: { ...base, date: '2025-11-08', location: at('Deir al-Balah', 'Deir al-Balah', 31.418, 34.351), eventType: 'Explosions/Remote violence', subEventType: 'Remote explosive/landmine/IED', actor1: null, killed: {}, grade: 'contested', status: 'draft' },
    rejected: { ...base, date: '2025-11-08', location: at('Khan Younis', 'Khan Younis', 31.35, 34.31), eventType: 'Battles', subEventType: 'Armed clash', actor1: 'israel', killed: { civilians: { low: 40, best: 40, high: 40 } }, grade: null, status: 'rejected' },
    prevStrike: { ...base, date: '2025-10-29', location: at('Khan Younis', 'Khan Younis', 31.34, 34.3), eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', actor1: 'israel', killed: { civilians: { low: 10, best: 12, high: 15 } }, grade: 'fair', status: 'draft' },
    prevClash: { ...base, date: '2025-10-30', location: at('Rafah', 'Rafah', 31.29, 34.25), eventType: 'Battles', subEventType: 'Armed clash', actor1: 'hamas', killed: {}, grade: 'weak', status: 'draft' },
    // Not filed under any agreement: one inside the Gaza Strip (counts, as compliance counts it; "IDF" is an alias of
    // Israel), one in Beirut (does not).
    unfiled: { ...base, agreementId: null, date: '2025-11-08', location: at('Nuseirat', 'Deir al-Balah', 31.45, 34.39), eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', actor1: 'IDF', killed: {}, grade: 'weak', status: 'draft' },
    elsewhere: { ...base, agreementId: null, date: '2025-11-08', location: at('Beirut', 'Beirut', 33.89, 35.5), eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', actor1: 'israel', killed: { civilians: { low: 3, best: 3, high: 3 } }, grade: 'weak', status: 'draft' },
    beforeTruce: { ...base, date: '2025-10-05', location: at('Gaza City', 'Gaza', 31.52, 34.45), eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', actor1: 'israel', killed: { civilians: { low: 30, best: 30, high: 30 } }, grade: 'fair', status: 'draft' },
  };
  const incidents: Record<string, string> = {};
  for (const [k, spec] of Object.entries(specs)) incidents[k] = (await records.createIncident(ctx, spec)).id;
  // Review moves each incident on, as a second person would (the four-eyes rule lives in the review service).
  const reviewer = { ...ctx, actor: 'reviewer-b' };
  const move = async (k: string, statuses: NewIncident['status'][]) => {
    let v = 1;
    for (const s of statuses) v = (await records.updateIncident(reviewer, incidents[k]!, v, { status: s }, 'review')).version;
  };
  await move('strike', ['in-review', 'verified', 'published']);
  await move('clash', ['in-review', 'verified', 'published']);
  await move('unattributed', ['in-review', 'verified']);
  await move('prevStrike', ['in-review', 'verified', 'published']);
  await move('prevClash', ['in-review', 'verified']);
  await move('beforeTruce', ['in-review', 'verified']);
  await move('unfiled', ['in-review', 'verified']);
  await move('elsewhere', ['in-review', 'verified']);

  const claims: Record<string, Claim> = {};
  const claim = async (key: string, c: Omit<Claim, 'id' | 'version' | 'evidence' | 'status'> & { status?: Claim['status'] }) => {
    claims[key] = await records.addClaim(ctx, { evidence: null, status: 'accepted', ...c });
  };
  const incidentBody = (k: keyof typeof specs) => {
    const s = specs[k]!;
    return { kind: 'incident' as const, date: s.date, location: s.location?.name ?? null, perpetrator: s.actor1, target: s.actor2, eventType: s.eventType, subEventType: s.subEventType, killed: s.killed, injured: s.injured, victims: null };
  };
  await claim('strike', { kind: 'incident', sourceDocumentId: sources.strike, claimantId: null, claimantName: 'residents', claimedAt: '2025-11-04T15:00:00Z', incidentId: incidents.strike!, body: incidentBody('strike') });
  await claim('strikeProtected', { kind: 'incident', sourceDocumentId: sources.protected, claimantId: null, claimantName: `${MARKER} monitor`, claimedAt: '2025-11-07T20:00:00Z', incidentId: incidents.strike!, body: incidentBody('strike') });
  await claim('clash', { kind: 'incident', sourceDocumentId: sources.idf, claimantId: 'israel', claimantName: 'Israeli military', claimedAt: '2025-11-05T18:00:00Z', incidentId: incidents.clash!, body: incidentBody('clash') });
  await claim('shelling', { kind: 'incident', sourceDocumentId: sources.moh, claimantId: null, claimantName: 'health ministry', claimedAt: '2025-11-09T10:00:00Z', incidentId: incidents.shelling!, body: incidentBody('shelling') });
  await claim('attack', { kind: 'incident', sourceDocumentId: sources.protected, claimantId: null, claimantName: `${MARKER} monitor`, claimedAt: '2025-11-07T20:00:00Z', incidentId: incidents.attack!, body: incidentBody('attack') });
  await claim('prevStrike', { kind: 'incident', sourceDocumentId: sources.earlier, claimantId: null, claimantName: 'a hospital', claimedAt: '2025-10-30T09:00:00Z', incidentId: incidents.prevStrike!, body: incidentBody('prevStrike') });
  await claim('tally', { kind: 'tally', sourceDocumentId: sources.moh, claimantId: 'gaza-moh', claimantName: 'Gaza health ministry', claimedAt: '2025-11-09T10:00:00Z', incidentId: null, body: { kind: 'tally', metric: 'killed', value: 260, since: '2025-10-10', asOf: '2025-11-09', periodHours: null, subject: null } });
  await claim('indonesia', { kind: 'pledge', sourceDocumentId: sources.force, claimantId: null, claimantName: 'Indonesian government', claimedAt: '2025-11-06T09:00:00Z', incidentId: null, body: { kind: 'pledge', country: 'Indonesia', force: 'isf', troops: { low: 20000, best: 20000, high: 20000 }, status: 'pledged' } });
  await claim('pakistan', { kind: 'pledge', sourceDocumentId: sources.force, claimantId: null, claimantName: 'Pakistani government', claimedAt: '2025-11-06T09:00:00Z', incidentId: null, body: { kind: 'pledge', country: 'Pakistan', force: 'isf', troops: null, status: 'considering' } });
  await claim('pledgeProtected', { kind: 'pledge', sourceDocumentId: sources.protected, claimantId: null, claimantName: `${MARKER} contact`, claimedAt: '2025-11-07T20:00:00Z', incidentId: null, body: { kind: 'pledge', country: `Atlantis ${MARKER}`, force: 'isf', troops: { low: 500, best: 500, high: 500 }, status: 'committed' } });
  await claim('objection', { kind: 'objection', sourceDocumentId: sources.force, claimantId: 'israel', claimantName: 'Israeli government', claimedAt: '2025-11-06T09:00:00Z', incidentId: null, body: { kind: 'objection', objector: 'israel', objectsTo: 'turkey', force: 'isf' } });
  await claim('hamasPosition', { kind: 'position', sourceDocumentId: sources.force, claimantId: 'hamas', claimantName: 'a Hamas official', claimedAt: '2025-11-06T09:00:00Z', incidentId: null, body: { kind: 'position', speaker: 'hamas', issue: 'disarmament', stance: 'keeps its right to bear arms' } });
  await claim('israelPosition', { kind: 'position', sourceDocumentId: sources.force, claimantId: 'israel', claimantName: 'an Israeli minister', claimedAt: '2025-11-06T09:00:00Z', incidentId: null, body: { kind: 'position', speaker: 'israel', issue: 'disarmament', stance: 'disarmament before any further withdrawal' } });
  await claim('positionProtected', { kind: 'position', sourceDocumentId: sources.protected, claimantId: null, claimantName: `${MARKER} source`, claimedAt: '2025-11-07T20:00:00Z', incidentId: null, body: { kind: 'position', speaker: 'hamas', issue: 'hostages', stance: `told ${MARKER} in private` } });
  await claim('accusation', { kind: 'accusation', sourceDocumentId: sources.idf, claimantId: 'israel', claimantName: 'Israeli military', claimedAt: '2025-11-05T18:00:00Z', incidentId: incidents.clash!, body: { kind: 'accusation', accused: 'hamas', provisionId: 'gaza-2025/p1.cease-attacks', incidentId: incidents.clash!, what: 'broke the ceasefire near Rafah' } });
  await claim('denial', { kind: 'denial', sourceDocumentId: sources.force, claimantId: 'hamas', claimantName: 'Hamas', claimedAt: '2025-11-06T09:00:00Z', incidentId: null, body: { kind: 'accusation', accused: 'hamas', provisionId: 'gaza-2025/p1.cease-attacks', incidentId: null, what: 'breaking the ceasefire' } });

  // Three bodies' series: two counts of aid trucks that disagree, and a running total of deaths.
  await records.defineSeries(ctx, { id: 'cogat.trucks', bodyId: 'cogat', metric: 'trucks', mode: 'daily', unit: 'trucks', description: 'trucks entering, as counted by COGAT', estimated: false, territory: 'gaza-strip' });
  await records.defineSeries(ctx, { id: 'un2720.trucks', bodyId: 'un2720', metric: 'trucks', mode: 'daily', unit: 'trucks', description: 'trucks collected, UN 2720 mechanism', estimated: false, territory: 'gaza-strip' });
  await records.defineSeries(ctx, { id: 'gaza-moh.killed_since_truce', bodyId: 'gaza-moh', metric: 'killed_since_truce', mode: 'cumulative', unit: 'people', description: null, estimated: false, territory: 'gaza-strip' });
  for (let d = 13; d <= 40; d++) {
    const date = new Date(Date.UTC(2025, 9, d)).toISOString().slice(0, 10);
    await records.recordSeriesPoint(ctx, { seriesId: 'cogat.trucks', date, value: 560 + ((d * 37) % 90), sourceDocumentId: null, note: null });
    if (d % 2 === 0) await records.recordSeriesPoint(ctx, { seriesId: 'un2720.trucks', date, value: 180 + ((d * 53) % 120), sourceDocumentId: d === 38 ? sources.protected : null, note: null });
  }
  for (const [date, value, src] of [['2025-10-20', 93, null], ['2025-11-02', 230, null], ['2025-11-09', 260, sources.moh]] as const) {
    await records.recordSeriesPoint(ctx, { seriesId: 'gaza-moh.killed_since_truce', date, value, sourceDocumentId: src, note: null });
  }
  return { sources, incidents, claims };
}
