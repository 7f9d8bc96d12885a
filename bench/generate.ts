// A synthetic monitoring world for benchmarks: the gaza-2025 agreement and its parties, a year of its ceasefire
// period, places from the bundled gazetteer, incidents with claims whose tolls disagree, source documents in
// varied wording (our own templates), reporting bodies' series and troop pledges. Everything comes from one
// seeded generator and a fixed clock and id source, so the same seed and sizes give the same world, byte for byte
// (the audit head hash proves it: it covers every record written).
//
// Two ways to write it, giving the same rows and the same audit log (test/bench-generate.test.ts proves the audit
// head hashes are equal and `checkIntegrity` finds every record matching its audit events):
// - `records`: through the services' in-transaction record functions (createIncidentIn, addSourceDocumentIn,
//   addClaimIn), `batch` incidents per transaction: the honest path, as fast as an import.
// - `bulk` (for 1M): the same records and the same audit events (hash chain computed here with the domain's
//   auditHash, from the head read under the write lock), written with multi-row INSERTs, `batch` incidents per
//   transaction. It exists because per-row statements would take the better part of an hour at a million.
// Series and pledges always go through the record functions (they are few).
//
// Run: node --import tsx bench/generate.ts --database FILE|postgres://… [--incidents 10000] [--articles N] [--seed 1]
//      [--mode records|bulk]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { EVENT_TYPES, type EventType } from '../src/domain/acled.ts';
import { auditHash } from '../src/domain/audit.ts';
import type { Claim, ClaimBody } from '../src/domain/claim.ts';
import { type Estimate, rangeOver, type Toll } from '../src/domain/estimate.ts';
import type { Grade, WorkflowStatus } from '../src/domain/grade.ts';
import { assertValidIncident, type Incident, incidentTotals, type ProvisionLink } from '../src/domain/incident.ts';
import { contentHash, type SourceDocument, type SourceKind } from '../src/domain/source.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import type { Context } from '../src/services/context.ts';
import { addClaimIn, addSourceDocumentIn, createIncidentIn, defineSeriesIn, type NewIncident, recordSeriesPointIn } from '../src/services/records.ts';
import { type Write, write } from '../src/services/write.ts';
import { migrate, openStore, resolveDatabase, type Store } from '../src/store/connect.ts';
import { insertRows } from '../src/store/bulk.ts';
import { auditHeadOf, takeWriteLock } from '../src/store/repositories/audit.ts';
import { normaliseLinks } from '../src/store/repositories/incidents.ts';
import { toJson } from '../src/store/json.ts';
import type { AuditEventsTable } from '../src/store/schema.ts';
import { keepReports } from '../src/services/kept-compute.ts';

export const AGREEMENT = 'gaza-2025';
/** The ceasefire period the world covers: from the agreement's entry into force, one year. */
export const PERIOD_START = '2025-10-10';
export const PERIOD_DAYS = 365;
const CLOCK = '2026-10-10T00:00:00.000Z';

export interface WorldOptions {
  incidents: number;
  /** Source documents reporting incidents (default: one per incident, at most 100,000). */
  articles?: number;
  seed?: number;
  /** Incidents per transaction. */
  batch?: number;
  /** `records` (default) or `bulk`: same world, same audit log; see the top of this file. */
  mode?: 'records' | 'bulk';
  /** Days of series values per reporting body (default the whole period; the smoke test uses fewer). */
  seriesDays?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface WorldSummary {
  seed: number;
  incidents: number;
  articles: number;
  claims: number;
  seriesPoints: number;
  pledges: number;
  seconds: number;
  mode: 'records' | 'bulk';
  auditEvents: number;
  auditHead: string;
}

/** mulberry32: small, fast and the same on every machine. */
export function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Place {
  name: string;
  admin1: string | null;
  admin2: string | null;
  lat: number;
  lon: number;
  inGaza: boolean;
}

let placesCache: Place[] | null = null;
/** Localities from data/gazetteer/places.tsv: Gaza's, and some of Israel's, the West Bank's and Lebanon's. */
export function benchPlaces(): Place[] {
  if (placesCache) return placesCache;
  const file = fileURLToPath(new URL('../data/gazetteer/places.tsv', import.meta.url));
  const out: Place[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [, name, kind, country, lat, lon, admin] = line.split('\t');
    if (!name || !lat || !lon || kind === 'country' || kind === 'region') continue;
    const la = Number(lat), lo = Number(lon);
    if (!Number.isFinite(la) || !Number.isFinite(lo)) continue;
    const inGaza = la >= 31.2 && la <= 31.6 && lo >= 34.2 && lo <= 34.57;
    const [admin2, admin1] = (admin ?? '').split(', ');
    out.push({ name, admin1: admin1 || admin2 || country || null, admin2: admin1 ? admin2 || null : null, lat: la, lon: lo, inGaza });
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.lat - b.lat));
  placesCache = out;
  return out;
}

const PERPETRATORS: Array<[string | null, number]> = [['Israel', 0.55], ['Hamas', 0.22], ['Popular Forces', 0.05], ['Palestinian Islamic Jihad', 0.05], [null, 0.13]];
const KINDS: Record<string, Array<[EventType, string, string]>> = {
  Israel: [
    ['Explosions/Remote violence', 'Air/drone strike', 'an air strike'],
    ['Explosions/Remote violence', 'Air/drone strike', 'a drone strike'],
    ['Explosions/Remote violence', 'Shelling/artillery/missile attack', 'tank shelling'],
    ['Violence against civilians', 'Attack', 'gunfire'],
    ['Strategic developments', 'Looting/property destruction', 'demolitions'],
  ],
  Hamas: [
    ['Battles', 'Armed clash', 'a clash'],
    ['Violence against civilians', 'Attack', 'a shooting'],
    ['Explosions/Remote violence', 'Remote explosive/landmine/IED', 'an explosive device'],
  ],
  other: [
    ['Battles', 'Armed clash', 'a firefight'],
    ['Violence against civilians', 'Abduction/forced disappearance', 'an abduction'],
    ['Riots', 'Mob violence', 'a riot'],
  ],
};
const TARGETS = ['people waiting near an aid point', 'a family home', 'a tent camp for displaced families', 'fishermen off the coast', 'a car on the coastal road', 'residents returning to their homes', 'a group of men near the yellow line', 'a market'];
const STATUSES: Array<[WorkflowStatus, number]> = [['draft', 0.3], ['in-review', 0.15], ['verified', 0.25], ['published', 0.2], ['rejected', 0.07], ['merged', 0.03]];
const GRADES: Grade[] = ['confirmed', 'fair', 'fair', 'weak', 'contested', 'discounted'];
const PUBLISHERS: Array<[string, SourceKind]> = [['Gaza Daily Wire', 'news-article'], ['Coastal Plain Herald', 'news-article'], ['Levant Monitor', 'news-article'], ['Southern District Radio', 'news-article'], ['Gaza Health Ministry', 'ministry-bulletin'], ['IDF Spokesperson', 'party-statement'], ['Field team 4', 'field-report']];
const CLAIMANTS = ['the Gaza Health Ministry', 'civil defence officials', 'hospital staff', 'the Israeli military', 'witnesses', 'a local journalist'];
const LEADS = [
  (p: P) => `${cap(p.weapon)} hit ${p.target} in ${p.place} on ${p.day}, ${p.claimant} said.`,
  (p: P) => `${p.claimant === 'witnesses' ? 'Witnesses' : cap(p.claimant)} reported ${p.weapon} on ${p.target} in ${p.place} on ${p.day}.`,
  (p: P) => `In ${p.place}, ${p.target} came under ${p.weapon} on ${p.day}, according to ${p.claimant}.`,
  (p: P) => `${p.day}: ${p.weapon} struck ${p.target} near ${p.place}.`,
  (p: P) => `Residents of ${p.place} described ${p.weapon} that hit ${p.target} on ${p.day}.`,
];
const FIGURES = [
  (n: number) => `${cap(words(n))} ${n === 1 ? 'person was' : 'people were'} killed.`,
  (n: number) => `The attack killed ${n} ${n === 1 ? 'person' : 'people'}.`,
  (n: number) => `At least ${n} ${n === 1 ? 'person' : 'people'} died, among them women and children.`,
  (n: number) => `The death toll rose to ${n}, a hospital director told reporters.`,
  (n: number) => `${n} bodies were brought to the nearest hospital.`,
];
const ATTRIBUTIONS: Record<string, string[]> = {
  Israel: ['The Israeli military said its forces had fired at suspects who approached them.', 'The army said it was looking into the report.', 'Israel did not comment on the strike.'],
  Hamas: ['Hamas said the fighters had acted against collaborators.', 'The group denied involvement.', 'Israel accused Hamas of breaching the ceasefire.'],
  other: ['No group claimed responsibility.', 'It was not clear who fired first.', 'Local clans blamed an armed gang.'],
};
const CONTEXT = [
  'The ceasefire took effect on 10 October.',
  'Aid convoys have been entering through Kerem Shalom at a fraction of the agreed rate.',
  'The area lies close to the yellow line to which Israeli troops withdrew.',
  'Mediators in Cairo urged both sides to hold to the truce.',
  'It was the deadliest day in the district for a week.',
  'Rescue crews searched the rubble into the night.',
];

interface P {
  weapon: string;
  target: string;
  place: string;
  day: string;
  claimant: string;
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const SMALL = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const words = (n: number) => SMALL[n] ?? String(n);
const dayOf = (offset: number) => new Date(Date.parse(`${PERIOD_START}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longDay = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

function weighted<T>(rand: () => number, xs: Array<[T, number]>): T {
  let r = rand();
  for (const [x, w] of xs) if ((r -= w) < 0) return x;
  return xs[xs.length - 1]![0];
}

/** A context whose clock and ids are fixed by the seed, so the audit log (and its head hash) is reproducible. */
export function benchContext(store: Store, seed: number): Context {
  let n = 0;
  return { store, actor: 'bench', now: () => CLOCK, newId: (prefix) => `${prefix}_b${seed}_${(n++).toString(36).padStart(7, '0')}` };
}

/** Writes a world into an empty, migrated store. */
export async function generateWorld(store: Store, options: WorldOptions): Promise<WorldSummary> {
  const seed = options.seed ?? 1;
  const total = options.incidents;
  const articles = options.articles ?? Math.min(total, 100_000);
  const batch = Math.max(1, options.batch ?? 2000);
  const ctx = benchContext(store, seed);
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const t0 = performance.now();
  await loadBundledData(ctx);
  const places = benchPlaces();
  const gaza = places.filter((p) => p.inGaza);
  const elsewhere = places.filter((p) => !p.inGaza && p.lat > 29.5 && p.lat < 34 && p.lon > 34 && p.lon < 36.5);
  const mode = options.mode ?? 'records';
  const summary: WorldSummary = { seed, incidents: 0, articles: 0, claims: 0, seriesPoints: 0, pledges: 0, seconds: 0, mode, auditEvents: 0, auditHead: '' };

  let article = 0; // next article number; article j reports incident floor(j * total / articles)
  for (let start = 0; start < total; start += batch) {
    const end = Math.min(total, start + batch);
    await inBatch(ctx, mode, async (sink) => {
      for (let i = start; i < end; i++) {
        const inGaza = rand() < 0.88;
        const place = inGaza ? pick(gaza) : pick(elsewhere);
        const perpetrator = weighted(rand, PERPETRATORS);
        const [eventType, subEventType, weapon] = pick(KINDS[perpetrator ?? 'other'] ?? KINDS.other!);
        if (!(EVENT_TYPES[eventType] as readonly string[]).includes(subEventType)) throw new Error(`bench: ${subEventType} is not under ${eventType}`);
        const day = dayOf(Math.floor(rand() * PERIOD_DAYS));
        const status = weighted(rand, STATUSES);
        // Sources disagree: one to four figures around the true toll, the incident keeps their range.
        const truth = rand() < 0.3 ? 0 : 1 + Math.floor(rand() ** 2 * 25);
        const figures = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => Math.max(0, truth + Math.round((rand() - 0.5) * Math.max(2, truth * 0.4))));
        const killedRange = truth === 0 && figures.every((f) => f === 0) ? null : rangeOver(figures.map((f) => ({ low: f, best: f, high: f })));
        const injured = Math.floor(rand() * 3 * (truth + 1));
        const party = perpetrator === 'Israel' ? 'israel' : perpetrator === 'Hamas' ? 'hamas' : null;
        const provisions: ProvisionLink[] = party && rand() < 0.25 ? [{ agreementId: AGREEMENT, provisionId: rand() < 0.7 ? 'gaza-2025/p1.cease-attacks' : 'gaza-2025/p1.stay-behind-yellow-line', partyId: party }] : [];
        const killed: Toll = killedRange ? { civilians: killedRange } : {};
        const incident: NewIncident = {
          agreementId: inGaza && rand() < 0.7 ? AGREEMENT : null,
          date: day,
          dateEnd: null,
          datePrecision: 1,
          location: { name: place.name, admin1: place.admin1, admin2: place.admin2, lat: place.lat, lon: place.lon, precision: 1 },
          eventType,
          subEventType,
          actor1: perpetrator,
          actor2: rand() < 0.5 ? 'Civilians (Palestine)' : null,
          killed,
          injured: injured > 0 ? { unknown: { low: injured, best: injured, high: injured } } : {},
          grade: status === 'verified' || status === 'published' ? pick(GRADES) : null,
          gradeReason: null,
          status,
          provisions,
          spatial: [],
          notes: rand() < 0.2 ? `${cap(weapon)} on ${pick(TARGETS)}; figures differ between sources.` : null,
        };
        const incidentId = await sink.incident(incident);
        summary.incidents++;
        for (; article < articles && Math.floor((article * total) / articles) === i; article++) {
          await addArticle(sink, rand, article, incidentId, { weapon, place: place.name, day, perpetrator, figure: figures[article % figures.length]! }, summary);
        }
      }
    });
    options.onProgress?.(end, total);
  }
  await write(ctx, async (w) => addSeriesAndPledges(w, rand, summary, options.seriesDays ?? PERIOD_DAYS));
  const head = await auditHeadOf(store.db);
  summary.auditEvents = head.seq;
  summary.auditHead = head.hash;
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

const WHY = 'bench world';
type NewDocument = Omit<SourceDocument, 'id' | 'version'>;
type NewClaim = Omit<Claim, 'id' | 'version'>;

/** Where the generator's records go: the record functions, or rows and audit events gathered for multi-row INSERTs. */
interface Sink {
  incident(i: NewIncident): Promise<string>;
  document(d: NewDocument): Promise<string>;
  claim(c: NewClaim): Promise<void>;
}

async function inBatch(ctx: Context, mode: 'records' | 'bulk', fn: (sink: Sink) => Promise<void>): Promise<void> {
  if (mode === 'records') {
    await write(ctx, (w) =>
      fn({
        incident: async (i) => (await createIncidentIn(w, i, { why: WHY })).id,
        document: async (d) => (await addSourceDocumentIn(w, d, WHY)).document.id,
        claim: async (c) => void (await addClaimIn(w, c, WHY)),
      }),
    );
    return;
  }
  const at = ctx.now();
  await ctx.store.db.transaction().execute(async (tx) => {
    await takeWriteLock(tx, ctx.store.engine);
    const head = await tx.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    let seq = Number(head.seq);
    let prev = head.hash;
    const events: AuditEventsTable[] = [];
    const incidents: Array<Record<string, unknown>> = [];
    const links: Array<{ incidentId: string; agreementId: string; provisionId: string; partyId: string | null }> = [];
    const documents: Array<Record<string, unknown>> = [];
    const claims: Array<Record<string, unknown>> = [];
    // The event appendAudit would write, chained the same way.
    const audit = (entity: string, entityId: string, neu: Record<string, unknown>) => {
      const e = { seq: ++seq, at, actor: ctx.actor, entity, entityId, action: 'create' as const, old: null, new: neu, why: WHY };
      const hash = auditHash(prev, e);
      events.push({ ...e, old: null, new: toJson(neu), prevHash: prev, hash });
      prev = hash;
    };
    await fn({
      // As createIncidentIn builds, checks and stores it (repositories/incidents.ts toRow).
      incident: async (i) => {
        const incident: Incident = { ...i, provisions: normaliseLinks(i.provisions), id: ctx.newId('inc'), createdBy: ctx.actor, updatedBy: ctx.actor, createdAt: at, updatedAt: at, version: 1 };
        assertValidIncident(incident);
        const t = incidentTotals(incident);
        const l = incident.location;
        incidents.push({
          id: incident.id, externalId: null, agreementId: incident.agreementId, date: incident.date, dateEnd: incident.dateEnd, datePrecision: incident.datePrecision,
          locationName: l?.name ?? null, admin1: l?.admin1 ?? null, admin2: l?.admin2 ?? null, lat: l?.lat ?? null, lon: l?.lon ?? null, geoPrecision: l?.precision ?? null,
          eventType: incident.eventType, subEventType: incident.subEventType, actor1: incident.actor1, actor2: incident.actor2,
          killed: toJson(incident.killed), injured: toJson(incident.injured),
          killedLow: t.killed?.low ?? null, killedBest: t.killed?.best ?? null, killedHigh: t.killed?.high ?? null,
          injuredLow: t.injured?.low ?? null, injuredBest: t.injured?.best ?? null, injuredHigh: t.injured?.high ?? null,
          grade: incident.grade, gradeReason: incident.gradeReason, status: incident.status, spatial: toJson(incident.spatial), notes: incident.notes,
          createdBy: incident.createdBy, updatedBy: incident.updatedBy, createdAt: at, updatedAt: at, version: 1,
        });
        for (const p of incident.provisions) links.push({ incidentId: incident.id, agreementId: p.agreementId, provisionId: p.provisionId, partyId: p.partyId });
        audit('incident', incident.id, { ...incident });
        return incident.id;
      },
      // As addSourceDocumentIn: the text is not copied into the audit log (its hash identifies it).
      document: async (d) => {
        const document = { ...d, id: ctx.newId('doc'), version: 1 };
        documents.push({ ...d, id: document.id, version: 1, createdAt: at, updatedAt: at });
        const { text: _text, ...meta } = document;
        audit('source-document', document.id, { ...meta });
        return document.id;
      },
      // As addClaimIn (repositories/claims.ts toRow).
      claim: async (c) => {
        const claim = { ...c, id: ctx.newId('clm'), version: 1 };
        claims.push({
          id: claim.id, kind: c.kind, sourceDocumentId: c.sourceDocumentId, claimantId: c.claimantId, claimantName: c.claimantName, claimedAt: c.claimedAt,
          evidenceStart: c.evidence?.start ?? null, evidenceEnd: c.evidence?.end ?? null, evidenceText: c.evidence?.text ?? null,
          incidentId: c.incidentId, status: c.status, body: toJson(c.body), version: 1, createdBy: ctx.actor, createdAt: at, updatedAt: at,
        });
        audit('claim', claim.id, { ...claim });
      },
    });
    // The importer's multi-row writer (store/bulk.ts): statements of a fixed row count, prepared once.
    await insertRows(tx, 'incidents', incidents);
    await insertRows(tx, 'incidentProvisions', links);
    await insertRows(tx, 'sourceDocuments', documents);
    await insertRows(tx, 'claims', claims);
    await insertRows(tx, 'auditEvents', events as unknown as Record<string, unknown>[]);
    await tx.updateTable('auditHead').set({ seq, hash: prev }).where('id', '=', 1).execute();
  });
}

async function addArticle(sink: Sink, rand: () => number, j: number, incidentId: string, e: { weapon: string; place: string; day: string; perpetrator: string | null; figure: number }, summary: WorldSummary): Promise<void> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const [publisher, kind] = pick(PUBLISHERS);
  const claimant = pick(CLAIMANTS);
  const p: P = { weapon: e.weapon, target: pick(TARGETS), place: e.place, day: longDay(e.day), claimant };
  const lead = pick(LEADS)(p);
  const figure = pick(FIGURES)(e.figure);
  const rest = [pick(ATTRIBUTIONS[e.perpetrator ?? 'other'] ?? ATTRIBUTIONS.other!), pick(CONTEXT), ...(rand() < 0.5 ? [pick(CONTEXT)] : [])];
  const before = `${lead} `;
  const text = `${before}${figure} ${rest.join(' ')}\n\n${publisher}, report ${j + 1}.`;
  const title = `${cap(e.weapon)} in ${e.place}: ${e.figure} killed`;
  const publishedAt = `${e.day}T${String(6 + Math.floor(rand() * 16)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00Z`;
  const documentId = await sink.document(
    { kind, url: `https://news.example/${publisher.toLowerCase().replace(/\W+/g, '-')}/${j + 1}`, title, publisher, publishedAt, retrievedAt: CLOCK, language: 'en', text, contentHash: contentHash(text), sensitivity: kind === 'field-report' ? 'protected' : 'public', reliability: pick(['A', 'B', 'B', 'C', 'F'] as const) },
  );
  summary.articles++;
  const body: ClaimBody = { kind: 'incident', date: e.day, location: e.place, perpetrator: e.perpetrator, target: null, eventType: null, subEventType: null, killed: { unknown: { low: e.figure, best: e.figure, high: e.figure } }, injured: {}, victims: null };
  await sink.claim({ kind: 'incident', sourceDocumentId: documentId, claimantId: null, claimantName: claimant, claimedAt: publishedAt, evidence: { start: before.length, end: before.length + figure.length, text: figure }, incidentId, status: rand() < 0.6 ? 'accepted' : 'draft', body });
  summary.claims++;
}

const PLEDGES: Array<[string, number, string]> = [['Indonesia', 20_000, 'pledged'], ['Azerbaijan', 2_000, 'considering'], ['Pakistan', 3_000, 'considering'], ['Egypt', 5_000, 'committed'], ['Italy', 1_000, 'considering'], ['Morocco', 1_500, 'declined']];

/** Each body's own series over the period (never merged), and troop pledges for the stabilisation force. */
async function addSeriesAndPledges(w: Write, rand: () => number, summary: WorldSummary, days: number): Promise<void> {
  const bodies: Array<[string, string, 'cumulative' | 'daily', number]> = [['gaza-moh', 'killed', 'cumulative', 4], ['cogat', 'trucks', 'daily', 560], ['un2720', 'trucks', 'daily', 150]];
  for (const [body, metric, mode, mean] of bodies) {
    const id = `${body}.${metric}`;
    await defineSeriesIn(w, { id, bodyId: body, metric, mode, unit: metric === 'trucks' ? 'trucks' : 'people', description: `bench world: ${body} ${metric}`, estimated: false, territory: 'gaza-strip' }, 'bench world');
    let running = 0;
    for (let d = 0; d < days; d++) {
      const v = Math.round(mean * (0.4 + rand() * 1.2));
      running += v;
      await recordSeriesPointIn(w, { seriesId: id, date: dayOf(d), value: mode === 'cumulative' ? running : v, sourceDocumentId: null, note: null }, 'bench world');
      summary.seriesPoints++;
    }
  }
  for (const [k, [country, troops, status]] of PLEDGES.entries()) {
    const day = dayOf(30 + k * 20 + Math.floor(rand() * 10));
    const sentence = `${country} said it would send up to ${troops.toLocaleString('en')} troops to the International Stabilization Force.`;
    const text = `${sentence} Officials stressed the mandate must come from the Security Council. (bench pledge ${k + 1})`;
    const { document } = await addSourceDocumentIn(w, { kind: 'party-statement', url: null, title: `${country} on the stabilisation force`, publisher: `${country} foreign ministry`, publishedAt: `${day}T10:00:00Z`, retrievedAt: w.at, language: 'en', text, contentHash: contentHash(text), sensitivity: 'public', reliability: 'B' }, 'bench world');
    const troopsEstimate: Estimate = { low: Math.round(troops / 2), best: troops, high: troops };
    await addClaimIn(w, { kind: 'pledge', sourceDocumentId: document.id, claimantId: null, claimantName: country, claimedAt: `${day}T10:00:00Z`, evidence: { start: 0, end: sentence.length, text: sentence }, incidentId: null, status: 'accepted', body: { kind: 'pledge', country, force: 'isf', troops: troopsEstimate, status: status as 'pledged' } }, 'bench world');
    summary.pledges++;
    summary.claims++;
  }
}

/** `--name value` from argv. */
export function flag(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const database = flag('database');
  if (!database) {
    console.error('bench/generate: give --database FILE or --database postgres://… (an empty database; it is migrated first)');
    process.exit(2);
  }
  const store = await openStore(resolveDatabase(database));
  await migrate(store);
  const incidents = Number(flag('incidents', '10000'));
  const articlesFlag = flag('articles');
  const s = await generateWorld(store, {
    incidents,
    articles: articlesFlag === undefined ? undefined : Number(articlesFlag),
    seed: Number(flag('seed', '1')),
    mode: flag('mode') === 'bulk' ? 'bulk' : 'records',
    onProgress: (done, all) => process.stderr.write(`\r${done}/${all} incidents`),
  });
  process.stderr.write('\n');
  // As `truce import` does after a large import: the figures are computed once here, not by the first reader.
  for (const k of await keepReports(store)) console.log(`figures of ${k.agreementId} computed and kept in ${k.seconds.toFixed(1)} s`);
  await store.close();
  console.log(`${store.describe}: ${s.incidents} incidents, ${s.articles} articles, ${s.claims} claims, ${s.seriesPoints} series points, ${s.pledges} pledges, ${s.auditEvents} audit events in ${s.seconds.toFixed(1)} s (${Math.round(s.incidents / s.seconds)} incidents/s, ${s.mode}); audit head ${s.auditHead.slice(0, 16)}`);
}
