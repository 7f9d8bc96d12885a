// The staff incident page written straight from the rows the store read, byte for byte what Fastify's serialiser
// makes of the same page through the IncidentPage schema (schemas.ts): the same fields in its order, strings
// escaped alike, numbers alike. A cold page at a million incidents spent about as long turning its rows into records,
// parsing their JSON columns and serialising the records again as reading them. Tolls and spatial facts are stored
// as JSON text; each distinct text is rewritten in the schema's form once and remembered (most incidents share a
// handful). Whatever the schema would not write as it stands (a value of another type, a field missing) is not
// guessed at: the page is then left to the schema's serialiser (null), which answers as it always did.
import { INCIDENT_COLUMNS as C, type IncidentRows, linksOf } from '../store/repositories/incidents.ts';

/** Thrown inside, caught once per page: a value only the schema's serialiser may decide about. */
class NotPlain extends Error {}
const notPlain = new NotPlain();

const str = (v: unknown): string => {
  if (typeof v !== 'string') throw notPlain;
  return JSON.stringify(v);
};
const nullableStr = (v: unknown): string => (v === null ? 'null' : str(v));
const int = (v: unknown): string => {
  if (!Number.isInteger(v)) throw notPlain;
  return `${v as number}`;
};
const num = (v: unknown): string => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw notPlain;
  return `${v}`;
};
const nullableNum = (v: unknown): string => (v === null ? 'null' : num(v));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const TOLL_GROUPS = ['civilians', 'sideA', 'sideB', 'unknown'] as const;
function tollJson(text: string): string {
  const t: unknown = JSON.parse(text);
  if (!isObject(t)) throw notPlain;
  const parts: string[] = [];
  for (const g of TOLL_GROUPS) {
    const e = t[g];
    if (e === undefined) continue;
    if (!isObject(e)) throw notPlain;
    parts.push(`"${g}":{"low":${int(e.low)},"best":${int(e.best)},"high":${int(e.high)}}`);
  }
  return `{${parts.join(',')}}`;
}

function spatialJson(text: string): string {
  const list: unknown = JSON.parse(text);
  if (!Array.isArray(list)) throw notPlain;
  return `[${list
    .map((f: unknown) => {
      if (!isObject(f) || !('side' in f) || !('distanceMetres' in f) || !('inside' in f)) throw notPlain;
      const inside = f.inside === null ? 'null' : f.inside === true ? 'true' : f.inside === false ? 'false' : null;
      if (inside === null) throw notPlain;
      return `{"geometry":${str(f.geometry)},"side":${nullableStr(f.side)},"distanceMetres":${nullableNum(f.distanceMetres)},"inside":${inside}}`;
    })
    .join(',')}]`;
}

/** Stored JSON text → its schema form; a few hundred distinct texts at most in practice, bounded anyway. */
class Rewritten {
  private readonly done = new Map<string, string>();
  constructor(private readonly write: (text: string) => string, private readonly empty: string) {}
  of(v: unknown): string {
    if (v === null || v === undefined || v === '') return this.empty; // what the record reader takes them for
    if (typeof v !== 'string') throw notPlain;
    let out = this.done.get(v);
    if (out === undefined) {
      out = this.write(v);
      if (this.done.size >= 10_000) this.done.clear();
      this.done.set(v, out);
    }
    return out;
  }
}
const tolls = new Rewritten(tollJson, '{}');
const spatial = new Rewritten(spatialJson, '[]');

function incidentJson(r: unknown[]): string {
  const name = r[C.locationName];
  const location =
    name === null
      ? 'null'
      : `{"name":${str(name)},"admin1":${nullableStr(r[C.admin1])},"admin2":${nullableStr(r[C.admin2])},"lat":${nullableNum(r[C.lat] === null ? null : Number(r[C.lat]))},"lon":${nullableNum(r[C.lon] === null ? null : Number(r[C.lon]))},"precision":${int(Number(r[C.geoPrecision] ?? 3))}}`;
  const links = linksOf(r[C.provisions])
    .map((l) => `{"agreementId":${str(l.agreementId)},"provisionId":${str(l.provisionId)},"partyId":${nullableStr(l.partyId)}}`)
    .join(',');
  return (
    `{"id":${str(r[C.id])},"agreementId":${nullableStr(r[C.agreementId])},"date":${nullableStr(r[C.date])},"dateEnd":${nullableStr(r[C.dateEnd])},` +
    `"datePrecision":${int(Number(r[C.datePrecision]))},"location":${location},"eventType":${str(r[C.eventType])},"subEventType":${str(r[C.subEventType])},` +
    `"actor1":${nullableStr(r[C.actor1])},"actor2":${nullableStr(r[C.actor2])},"killed":${tolls.of(r[C.killed])},"injured":${tolls.of(r[C.injured])},` +
    `"grade":${nullableStr(r[C.grade])},"gradeReason":${nullableStr(r[C.gradeReason])},"status":${str(r[C.status])},"provisions":[${links}],` +
    `"notes":${nullableStr(r[C.notes])},"createdAt":${str(r[C.createdAt])},"updatedAt":${str(r[C.updatedAt])},"version":${int(Number(r[C.version]))},` +
    // An optional field comes after the required ones in the schema serialiser's output.
    `"spatial":${spatial.of(r[C.spatial])}}`
  );
}

/** The page as the IncidentPage schema serialises it, or null when a value is one to leave to that serialiser. */
export function incidentPageJson(page: IncidentRows): string | null {
  try {
    return `{"incidents":[${page.rows.map(incidentJson).join(',')}],"next":${page.next === null ? 'null' : str(page.next)}}`;
  } catch (err) {
    if (err === notPlain || err instanceof SyntaxError) return null;
    throw err;
  }
}
