// From what the extractor found in one document to what enters the review queue: draft claims (one per finding,
// each pointing at its evidence) and, for each incident found, the fields of a draft incident. Pure: the caller
// stores them. The extractor's words ("objected", a vague "dozens") are mapped to the domain's here, once.
import type { ClaimBody, EvidenceSpan, IncidentClaimBody } from '../domain/claim.ts';
import { eventTypeOf, isEventType, isSubEventOf, type EventType } from '../domain/acled.ts';
import type { Estimate, Toll, VictimGroup } from '../domain/estimate.ts';
import type { Incident, ProvisionLink } from '../domain/incident.ts';
import type { Evidence, Extraction, ExtractedIncident } from '../extract/types.ts';

/** A claim ready to store, without the ids and versions the store gives it. */
export interface DraftClaim {
  kind: ClaimBody['kind'] | 'denial';
  claimantName: string | null;
  evidence: EvidenceSpan;
  body: ClaimBody;
  /** For incident claims: the position of the extracted incident it reports (to link it to its draft). */
  incidentIndex?: number;
}

const evidenceOf = (e: Evidence): EvidenceSpan => ({ start: e.evidenceStart, end: e.evidenceEnd, text: e.evidence });

/** Victims the extractor names ("civilians", "children", "a journalist") are civilians; anyone else is unknown. */
const CIVILIANS = /\b(?:civilians?|children|child|kids|women|woman|boys?|girls?|infants?|babies|baby|journalists?|paramedics?|medics?|doctors?|nurses?|aid (?:workers?|seekers)|farmers?|fishermen|students?|elderly|residents?|family|families|displaced|shepherds?)\b/i;
const COMBATANTS = /\b(?:soldiers?|troops|militants?|fighters?|gunmen|operatives?|commanders?|members)\b/i;

export function victimGroupOf(victims: string | null): VictimGroup {
  if (victims && CIVILIANS.test(victims) && !COMBATANTS.test(victims)) return 'civilians';
  return 'unknown';
}

/** A toll with the figure in its victims' group; a vague figure ("dozens") counts at ACLED's coding. */
export function tollOf(figure: Estimate | null | undefined, victims: string | null, target: string | null = null): Toll {
  if (!figure) return {};
  // The extractor names the target "Civilians" when the text says those harmed were not fighters.
  return { [target === 'Civilians' ? 'civilians' : victimGroupOf(victims)]: figure };
}

/** The ACLED type pair of an extracted incident, falling back to the type its sub-event belongs to. */
export function acledTypeOf(x: Pick<ExtractedIncident, 'eventType' | 'subEventType'>): { eventType: EventType; subEventType: string } {
  if (isEventType(x.eventType) && isSubEventOf(x.eventType, x.subEventType)) return { eventType: x.eventType, subEventType: x.subEventType };
  const byType = eventTypeOf(x.subEventType);
  if (byType) return { eventType: byType, subEventType: x.subEventType };
  // An event the rules could not type is still violence reported against someone: the reviewer retypes it.
  return { eventType: 'Violence against civilians', subEventType: 'Attack' };
}

export function incidentClaimBody(x: ExtractedIncident): IncidentClaimBody {
  const { eventType, subEventType } = acledTypeOf(x);
  return {
    kind: 'incident',
    date: x.date,
    location: x.location?.name ?? null,
    perpetrator: x.perpetrator,
    target: x.target,
    eventType,
    subEventType,
    killed: tollOf(x.killed ?? x.vagueKilled, x.victims, x.target),
    injured: tollOf(x.injured, x.victims, x.target),
    victims: x.victims,
  };
}

/** Every finding of one document as a draft claim, in document order per kind. */
export function draftClaims(x: Extraction): DraftClaim[] {
  const out: DraftClaim[] = [];
  x.incidents.forEach((i, index) => out.push({ kind: 'incident', claimantName: i.claimedBy, evidence: evidenceOf(i), body: incidentClaimBody(i), incidentIndex: index }));
  for (const t of x.tallies) {
    out.push({
      kind: 'tally',
      claimantName: t.claimedBy,
      evidence: evidenceOf(t),
      body: { kind: 'tally', metric: t.metric, value: t.value, since: t.since, asOf: t.asOf, periodHours: t.periodHours, subject: t.subject },
    });
  }
  for (const p of x.pledges) {
    const force = p.force ?? 'International Stabilization Force';
    if (p.status === 'objected') {
      out.push({ kind: 'objection', claimantName: p.by, evidence: evidenceOf(p), body: { kind: 'objection', objector: p.by ?? 'unnamed', objectsTo: p.country, force } });
      continue;
    }
    const troops = p.troopsMax === null && p.troopsMin === null ? null : { low: p.troopsMin ?? p.troopsMax!, best: p.troopsMax ?? p.troopsMin!, high: p.troopsMax ?? p.troopsMin! };
    out.push({ kind: 'pledge', claimantName: p.country, evidence: evidenceOf(p), body: { kind: 'pledge', country: p.country, force, troops, status: p.status } });
  }
  for (const c of x.claims) {
    const what = c.about;
    const body: ClaimBody =
      c.kind === 'accusation'
        ? { kind: 'accusation', accused: c.againstParty ?? c.against ?? 'unnamed', provisionId: null, incidentId: null, what }
        : { kind: 'accusation', accused: c.byParty ?? c.by ?? 'unnamed', provisionId: null, incidentId: null, what };
    out.push({ kind: c.kind, claimantName: c.by, evidence: evidenceOf(c), body });
  }
  for (const p of x.positions) {
    out.push({ kind: 'position', claimantName: p.speaker, evidence: evidenceOf(p), body: { kind: 'position', speaker: p.speaker, issue: p.issue, stance: p.stance } });
  }
  return out;
}

/** The draft incident an extracted incident opens, before its figures are ranged over its claims. */
export function draftIncidentOf(
  x: ExtractedIncident,
  options: { agreementId: string | null; note: string },
): Omit<Incident, 'id' | 'createdBy' | 'updatedBy' | 'createdAt' | 'updatedAt' | 'version'> {
  const { eventType, subEventType } = acledTypeOf(x);
  const provisions: ProvisionLink[] = options.agreementId
    ? x.provisions.map((provisionId) => ({ agreementId: options.agreementId!, provisionId, partyId: null }))
    : [];
  return {
    agreementId: options.agreementId,
    date: x.date,
    dateEnd: null,
    datePrecision: x.date ? x.datePrecision : 3,
    location: x.location ? { name: x.location.name, admin1: null, admin2: null, lat: x.location.lat, lon: x.location.lon, precision: x.location.precision } : null,
    eventType,
    subEventType,
    actor1: x.perpetrator,
    actor2: x.target,
    killed: tollOf(x.killed ?? x.vagueKilled, x.victims, x.target),
    injured: tollOf(x.injured, x.victims, x.target),
    grade: null,
    gradeReason: null,
    status: 'draft',
    provisions,
    spatial: [],
    notes: options.note,
  };
}
