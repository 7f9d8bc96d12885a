// The analyst's consolidated unit: one moment in time and space, gathering every claim about it.
import type { DatePrecision, EventType, GeoPrecision } from './acled.ts';
import { EVENT_TYPES, isEventType, isSubEventOf } from './acled.ts';
import type { Toll } from './estimate.ts';
import { isValidEstimate, tollTotal, VICTIM_GROUPS } from './estimate.ts';
import type { Grade, WorkflowStatus } from './grade.ts';
import { invalidInput } from './errors.ts';

export interface IncidentLocation {
  name: string;
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
  precision: GeoPrecision;
}

/** A provision the incident allegedly breaches, and by whom. */
export interface ProvisionLink {
  agreementId: string;
  provisionId: string;
  /** The party alleged to have breached it. */
  partyId: string | null;
}

/** Where the incident lies relative to an agreement's lines and zones. */
export interface SpatialFact {
  geometry: string;
  side: string | null;
  distanceMetres: number | null;
  inside: boolean | null;
}

export interface Incident {
  id: string;
  /** The agreement it is monitored under, if any. */
  agreementId: string | null;
  /** Start day (YYYY-MM-DD) and, for a span, the last day (UCDP date_start/date_end). */
  date: string | null;
  dateEnd: string | null;
  datePrecision: DatePrecision;
  location: IncidentLocation | null;
  eventType: EventType;
  subEventType: string;
  /** Perpetrator as alleged (actor id or name) and target. */
  actor1: string | null;
  actor2: string | null;
  killed: Toll;
  injured: Toll;
  grade: Grade | null;
  gradeReason: string | null;
  status: WorkflowStatus;
  provisions: ProvisionLink[];
  spatial: SpatialFact[];
  notes: string | null;
  /** Who drafted it and who last edited it: the four-eyes rule keeps both from verifying it. */
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Checks an incident's internal consistency; throws an invalid-input error naming the first bad field. */
export function assertValidIncident(i: Incident): void {
  if (!isEventType(i.eventType)) {
    throw invalidInput(`incident ${i.id}: unknown event type "${i.eventType}"; use one of ${Object.keys(EVENT_TYPES).join(', ')}`, 'eventType');
  }
  if (!isSubEventOf(i.eventType, i.subEventType)) {
    throw invalidInput(
      `incident ${i.id}: "${i.subEventType}" is not a sub-event type of "${i.eventType}"; use one of ${EVENT_TYPES[i.eventType].join(', ')}`,
      'subEventType',
    );
  }
  if (i.date !== null && !isIsoDate(i.date)) throw invalidInput(`incident ${i.id}: date "${i.date}" is not YYYY-MM-DD`, 'date');
  if (i.dateEnd !== null && (!isIsoDate(i.dateEnd) || (i.date !== null && i.dateEnd < i.date))) {
    throw invalidInput(`incident ${i.id}: dateEnd "${i.dateEnd}" must be a YYYY-MM-DD day on or after date`, 'dateEnd');
  }
  for (const field of ['killed', 'injured'] as const) {
    for (const g of VICTIM_GROUPS) {
      const e = i[field][g];
      if (e && !isValidEstimate(e)) {
        throw invalidInput(`incident ${i.id}: ${field}.${g} must be whole numbers with low ≤ best ≤ high (got ${e.low}/${e.best}/${e.high})`, `${field}.${g}`);
      }
    }
  }
  const loc = i.location;
  if (loc && loc.lat !== null && (loc.lat < -90 || loc.lat > 90)) throw invalidInput(`incident ${i.id}: latitude ${loc.lat} is out of range`, 'location.lat');
  if (loc && loc.lon !== null && (loc.lon < -180 || loc.lon > 180)) throw invalidInput(`incident ${i.id}: longitude ${loc.lon} is out of range`, 'location.lon');
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Totals used for sums and sorting; the split stays in `killed` / `injured`. */
export function incidentTotals(i: Pick<Incident, 'killed' | 'injured'>) {
  return { killed: tollTotal(i.killed), injured: tollTotal(i.injured) };
}
