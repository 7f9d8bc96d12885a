// Agreement YAML files: parse, validate against the published JSON Schema (data/schema/agreement.schema.json),
// check the cross-references a schema cannot express, and report EVERY problem at once as
// `file:line: field — message`, so an editor of a 300-line agreement fixes it in one pass, not thirty.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Agreement, AgreementGeometry, LineGeometry, ZoneGeometry } from '../domain/agreement.ts';
import { UserError } from '../domain/errors.ts';

export const AGREEMENT_SCHEMA_PATH = new URL('../../data/schema/agreement.schema.json', import.meta.url);

/** The published schema, as an object (printed by `truce schema agreement`). */
export const agreementSchema: Record<string, unknown> = JSON.parse(readFileSync(AGREEMENT_SCHEMA_PATH, 'utf8'));

export interface AgreementProblem {
  file: string;
  /** 1-based line in the YAML file */
  line: number;
  /** dotted path to the field, e.g. `provisions[3].deadline.hours` */
  field: string;
  message: string;
}

export type AgreementParseResult =
  | { ok: true; agreement: Agreement; problems: [] }
  | { ok: false; agreement?: undefined; problems: AgreementProblem[] };

/** Thrown by the file loaders: a UserError whose message lists every problem, one per line. */
export class InvalidAgreementError extends UserError {
  readonly problems: AgreementProblem[];
  constructor(file: string, problems: AgreementProblem[]) {
    const n = problems.length;
    super(
      'invalid-input',
      `${file} is not a valid agreement (${n} problem${n === 1 ? '' : 's'}; schema: truce schema agreement):\n` +
        formatProblems(problems),
      { field: problems[0] ? `${problems[0].file}:${problems[0].line}` : file },
    );
    this.problems = problems;
  }
}

export function formatProblem(p: AgreementProblem): string {
  return `${p.file}:${p.line}: ${p.field} — ${p.message}`;
}

export function formatProblems(problems: AgreementProblem[]): string {
  return problems.map(formatProblem).join('\n');
}

// ---------------------------------------------------------------------------------------------------------

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
const validateSchema = ajv.compile(agreementSchema);

type PathPart = string | number;

/** Maps a data path to the YAML line that holds it (or the nearest ancestor that exists). */
class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  lineAt(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** Line of the node at `path`; with `key`, the line of that key inside the map at `path`. */
  line(path: PathPart[], key?: string): number {
    let node: unknown = this.doc.contents;
    let line = node && (node as YamlNode).range ? this.lineAt((node as YamlNode).range![0]) : 1;
    const steps: PathPart[] = key === undefined ? path : [...path, key];
    for (const [i, step] of steps.entries()) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        // A key's own line is where the problem is, even if its value sits on the next line.
        const keyNode = pair.key as YamlNode;
        if (keyNode.range) line = this.lineAt(keyNode.range[0]);
        next = pair.value;
        if (i === steps.length - 1) return line;
      } else if (isSeq(node) && typeof step === 'number') {
        next = node.items[step];
      } else break;
      if (!next) break;
      node = next;
      const range = (node as YamlNode).range;
      if (range) line = this.lineAt(range[0]);
    }
    return line;
  }
}

function fieldName(path: PathPart[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(top level)';
}

function pointerToPath(pointer: string): PathPart[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function schemaProblems(errors: ErrorObject[], file: string, at: Locator): AgreementProblem[] {
  // A failed `oneOf` also reports why each branch failed; those details are noise next to the one message
  // that says which shapes are allowed, so drop them.
  const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const kept = errors.filter(
    (e) => !unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`) && e.instancePath === u.instancePath),
  );
  const out: AgreementProblem[] = [];
  for (const e of kept) {
    const path = pointerToPath(e.instancePath);
    const params = e.params as Record<string, unknown>;
    let field = fieldName(path);
    let line = at.line(path);
    let message = e.message ?? 'is not valid';
    switch (e.keyword) {
      case 'required':
        field = fieldName([...path, String(params.missingProperty)]);
        message = 'is required but missing';
        break;
      case 'additionalProperties': {
        const extra = String(params.additionalProperty);
        field = fieldName([...path, extra]);
        line = at.line(path, extra);
        const allowed = Object.keys(((e.parentSchema as { properties?: object })?.properties ?? {}) as object);
        message = `is not a known field${allowed.length ? ` (known here: ${allowed.join(', ')})` : ''}`;
        break;
      }
      case 'enum':
        message = `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')} (got ${JSON.stringify(e.data)})`;
        break;
      case 'pattern': {
        const description = (e.parentSchema as { description?: string })?.description;
        message = `${JSON.stringify(e.data)} is not in the expected form${description ? `: ${description}` : ` (${String(params.pattern)})`}`;
        break;
      }
      case 'oneOf':
      case 'anyOf':
      case 'minProperties':
      case 'maxProperties': {
        const description = (e.parentSchema as { description?: string })?.description;
        if (description) message = `must be ${description}`;
        break;
      }
      case 'type':
        message = `must be ${String(params.type)} (got ${Array.isArray(e.data) ? 'a list' : e.data === null ? 'nothing' : typeof e.data})`;
        break;
      default:
        break;
    }
    out.push({ file, line, field, message });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Cross-reference checks. They run even when the schema failed (every problem in one pass), so they look at
// plain values defensively rather than trusting the Agreement type.

type Loose = Record<string, unknown>;
const asList = (v: unknown): Loose[] => (Array.isArray(v) ? v.filter((x): x is Loose => !!x && typeof x === 'object') : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const listIndex = (v: unknown, item: Loose): number => (Array.isArray(v) ? v.indexOf(item) : -1);

function referenceProblems(data: unknown, file: string, at: Locator): AgreementProblem[] {
  const out: AgreementProblem[] = [];
  if (!data || typeof data !== 'object' || Array.isArray(data)) return out;
  const a = data as Loose;
  const problem = (path: PathPart[], message: string) => out.push({ file, line: at.line(path), field: fieldName(path), message });

  // One id per actor. The same actor may be both mediator and guarantor (Egypt, Qatar, Turkey and the US in
  // Gaza), but not twice in one list, and a party is never also a third party.
  const actorIds = new Set<string>();
  const partyIds = new Set<string>();
  for (const listName of ['parties', 'mediators', 'guarantors', 'monitors', 'actors'] as const) {
    const inList = new Set<string>();
    asList(a[listName]).forEach((actor, i) => {
      const id = str(actor.id);
      if (!id) return;
      if (inList.has(id)) problem([listName, i, 'id'], `actor id "${id}" is used twice in ${listName}`);
      else if (listName !== 'parties' && partyIds.has(id)) problem([listName, i, 'id'], `"${id}" is already a party; a party cannot also be one of the ${listName}`);
      inList.add(id);
      actorIds.add(id);
      if (listName === 'parties') partyIds.add(id);
    });
  }
  const knownActors = () => [...actorIds].join(', ');
  for (const listName of ['parties', 'mediators', 'guarantors', 'monitors', 'actors'] as const) {
    asList(a[listName]).forEach((actor, i) => {
      if (!Array.isArray(actor.answersFor)) return;
      actor.answersFor.forEach((other, j) => {
        if (typeof other === 'string' && !actorIds.has(other))
          problem([listName, i, 'answersFor', j], `"${other}" is not an actor of this agreement; declare it under actors (known: ${knownActors()})`);
        if (other === actor.id) problem([listName, i, 'answersFor', j], 'an actor cannot answer for itself');
      });
    });
  }

  const dateFields: Array<[PathPart[], unknown]> = [
    [['signedAt'], a.signedAt],
    [['inForceAt'], a.inForceAt],
  ];

  const phaseIds = new Map<string, number>();
  const orders = new Map<number, string>();
  asList(a.phases).forEach((phase, i) => {
    const id = str(phase.id);
    if (id) {
      if (phaseIds.has(id)) problem(['phases', i, 'id'], `phase id "${id}" is used twice`);
      phaseIds.set(id, typeof phase.order === 'number' ? phase.order : i);
    }
    if (typeof phase.order === 'number') {
      const other = orders.get(phase.order);
      if (other !== undefined) problem(['phases', i, 'order'], `order ${phase.order} is already taken by phase "${other}"; give each phase its own order`);
      else orders.set(phase.order, id ?? `#${i}`);
    }
    const start = phase.start as Loose | undefined;
    if (start && typeof start === 'object') dateFields.push([['phases', i, 'start', 'at'], start.at]);
  });
  asList(a.phases).forEach((phase, i) => {
    const after = str((phase.start as Loose | undefined)?.afterPhase);
    if (after === undefined) return;
    const afterOrder = phaseIds.get(after);
    if (afterOrder === undefined) problem(['phases', i, 'start', 'afterPhase'], `no phase "${after}" in this agreement (phases: ${[...phaseIds.keys()].join(', ')})`);
    else if (after === phase.id || (typeof phase.order === 'number' && afterOrder >= phase.order))
      problem(['phases', i, 'start', 'afterPhase'], `a phase can only start after an earlier phase; "${after}" does not come before "${String(phase.id)}"`);
  });

  const eventIds = new Set<string>();
  asList(a.events).forEach((event, i) => {
    const id = str(event.id);
    if (id && eventIds.has(id)) problem(['events', i, 'id'], `event id "${id}" is used twice`);
    if (id) eventIds.add(id);
    dateFields.push([['events', i, 'at'], event.at]);
  });

  const agreementId = str(a.id);
  const provisionIds = new Set<string>();
  const provisions = asList(a.provisions);
  provisions.forEach((p, i) => {
    const id = str(p.id);
    if (!id) return;
    if (provisionIds.has(id)) problem(['provisions', i, 'id'], `provision id "${id}" is used twice`);
    provisionIds.add(id);
    if (agreementId && !id.startsWith(`${agreementId}/`)) problem(['provisions', i, 'id'], `must start with the agreement id: "${agreementId}/…"`);
  });
  const shortIds = new Set([...provisionIds].map((id) => id.slice(id.indexOf('/') + 1)));
  const isReference = (ref: string) =>
    ref === 'signing' || ref === 'in-force' || eventIds.has(ref) || provisionIds.has(ref) || shortIds.has(ref) || phaseIds.has(ref);

  provisions.forEach((p, i) => {
    const phase = str(p.phase);
    if (phase && !phaseIds.has(phase)) problem(['provisions', i, 'phase'], `no phase "${phase}" in this agreement (phases: ${[...phaseIds.keys()].join(', ')})`);
    if (Array.isArray(p.obligated))
      p.obligated.forEach((party, j) => {
        if (typeof party === 'string' && !actorIds.has(party))
          problem(['provisions', i, 'obligated', j], `"${party}" is not a party, mediator, guarantor or monitor of this agreement (known: ${knownActors()})`);
      });
    for (const clock of ['trigger', 'deadline'] as const) {
      const c = p[clock] as Loose | undefined;
      if (!c || typeof c !== 'object') continue;
      const after = str(c.after);
      if (after !== undefined && !isReference(after))
        problem(['provisions', i, clock, 'after'], `"${after}" is not an event, provision or phase of this agreement`);
      if (after !== undefined && (after === p.id || after === str(p.id)?.slice(str(p.id)!.indexOf('/') + 1)))
        problem(['provisions', i, clock, 'after'], 'a provision cannot count from its own fulfilment');
      dateFields.push([['provisions', i, clock, 'at'], c.at]);
    }
  });

  asList(a.events).forEach((event, i) => {
    if (!Array.isArray(event.fulfils)) return;
    event.fulfils.forEach((ref, j) => {
      if (typeof ref === 'string' && !provisionIds.has(ref) && !shortIds.has(ref))
        problem(['events', i, 'fulfils', j], `"${ref}" is not a provision of this agreement`);
    });
    if (event.at === undefined) problem(['events', i, 'fulfils'], 'an event without a date (at) cannot fulfil a provision');
  });

  // Breach rules that depend on a line need a line whose meaning says who must stay where.
  const sided = new Set(asList(a.geometry).filter((g) => (g.meaning as Loose | undefined)?.mustStay && (g.meaning as Loose | undefined)?.party).map((g) => str(g.name)));
  provisions.forEach((p, i) => {
    asList(p.breachedBy).forEach((rule, j) => {
      const name = str(rule.wrongSideOf);
      if (name !== undefined && !sided.has(name))
        problem(['provisions', i, 'breachedBy', j, 'wrongSideOf'], `"${name}" is not a line or zone of this agreement whose meaning names a party and the side it must keep to`);
    });
  });

  const geometryNames = new Set<string>();
  asList(a.geometry).forEach((g, i) => {
    const name = str(g.name);
    if (name && geometryNames.has(name)) problem(['geometry', i, 'name'], `geometry name "${name}" is used twice`);
    if (name) geometryNames.add(name);
    const meaning = (g.meaning ?? {}) as Loose;
    const party = str(meaning.party);
    if (party && !actorIds.has(party)) problem(['geometry', i, 'meaning', 'party'], `"${party}" is not an actor of this agreement (known: ${knownActors()})`);
    const mustStay = str(meaning.mustStay);
    if (mustStay && g.kind === 'line' && (mustStay === 'inside' || mustStay === 'outside'))
      problem(['geometry', i, 'meaning', 'mustStay'], 'a line has sides (east, west, north, south), not an inside; use kind: zone for areas');
    if (mustStay && g.kind === 'zone' && !(mustStay === 'inside' || mustStay === 'outside'))
      problem(['geometry', i, 'meaning', 'mustStay'], 'a zone has an inside and an outside; use kind: line for east/west/north/south');
    if (mustStay && !party) problem(['geometry', i, 'meaning', 'party'], 'is required when mustStay is given: whose forces must stay there?');
    if (g.feature !== undefined && g.file === undefined) problem(['geometry', i, 'feature'], 'picks a feature, but no file is given to pick it from');
    dateFields.push([['geometry', i, 'validFrom'], g.validFrom], [['geometry', i, 'validTo'], g.validTo]);
    if (typeof g.validFrom === 'string' && typeof g.validTo === 'string' && Date.parse(g.validTo) <= Date.parse(g.validFrom))
      problem(['geometry', i, 'validTo'], 'must come after validFrom');
  });

  asList(a.monitors).forEach((m, i) => {
    dateFields.push([['monitors', i, 'establishedAt'], m.establishedAt]);
    if (Array.isArray(m.members))
      m.members.forEach((member, j) => {
        if (typeof member === 'string' && !actorIds.has(member))
          problem(['monitors', i, 'members', j], `"${member}" is not an actor of this agreement (known: ${knownActors()})`);
      });
  });

  // The schema checks the shape of a date; this checks that it exists on the calendar (no 31 September).
  for (const [path, value] of dateFields) {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) continue;
    const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, d));
    if (Number.isNaN(Date.parse(value)) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
      problem(path, `"${value}" is not a real date and time`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

/** Parses and validates agreement YAML text. Pure apart from the schema compiled at load time. */
export function parseAgreementYaml(text: string, file: string): AgreementParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // A broken document cannot be checked field by field; report its syntax errors first.
    const problems = doc.errors.map((e) => ({
      file,
      line: lines.linePos(e.pos[0]).line,
      field: '(yaml syntax)',
      message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
    }));
    return { ok: false, problems };
  }
  const at = new Locator(doc, lines);
  let data: unknown;
  try {
    // Aliases are resolved here, not while parsing: an alias to no anchor or an alias bomb fails at this point.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, problems: [{ file, line: 1, field: '(yaml aliases)', message: `${(err as Error).message}; agreement files need no anchors or aliases — write each value out` }] };
  }
  const problems: AgreementProblem[] = [];
  if (!validateSchema(data)) problems.push(...schemaProblems(validateSchema.errors ?? [], file, at));
  problems.push(...referenceProblems(data, file, at));
  if (problems.length > 0) {
    problems.sort((x, y) => x.line - y.line);
    return { ok: false, problems };
  }
  return { ok: true, agreement: data as Agreement, problems: [] };
}

// ---------------------------------------------------------------------------------------------------------
// Files. Geometry named by `file:` is read relative to the agreement file and attached as `geojson`.

interface GeoJsonFeature {
  type: 'Feature';
  properties?: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

function featuresOf(json: unknown): GeoJsonFeature[] {
  const j = json as { type?: string; features?: GeoJsonFeature[] };
  if (j?.type === 'FeatureCollection' && Array.isArray(j.features)) return j.features;
  if (j?.type === 'Feature') return [json as GeoJsonFeature];
  if (j?.type) return [{ type: 'Feature', properties: {}, geometry: json as GeoJsonFeature['geometry'] }];
  return [];
}

async function attachGeometry(
  agreement: Agreement,
  file: string,
  text: string,
): Promise<{ agreement: Agreement; problems: AgreementProblem[] }> {
  const problems: AgreementProblem[] = [];
  if (!agreement.geometry?.length) return { agreement, problems };
  const lines = new LineCounter();
  const at = new Locator(parseDocument(text, { lineCounter: lines }), lines);
  const geometry: AgreementGeometry[] = [];
  for (const [i, g] of agreement.geometry.entries()) {
    if (!g.file) {
      geometry.push(g);
      continue;
    }
    const where = (key: string) => ({ file, line: at.line(['geometry', i], key), field: fieldName(['geometry', i, key]) });
    let json: unknown;
    const path = resolve(dirname(file), g.file);
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'ENOENT' ? `not found (looked for ${path}); the path is relative to the agreement file` : e.message;
      problems.push({ ...where('file'), message: `cannot read GeoJSON ${g.file}: ${why}` });
      continue;
    }
    const wanted = Object.entries(g.feature ?? {});
    const matches = featuresOf(json).filter((f) => wanted.every(([k, v]) => String(f.properties?.[k]) === v));
    if (matches.length !== 1) {
      problems.push({
        ...where(g.feature ? 'feature' : 'file'),
        message: `${matches.length === 0 ? 'no feature' : `${matches.length} features`} in ${g.file} match${wanted.length ? ` ${wanted.map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}; exactly one must`,
      });
      continue;
    }
    const geom = matches[0]!.geometry;
    const lineTypes = ['LineString', 'MultiLineString'];
    const zoneTypes = ['Polygon', 'MultiPolygon'];
    const okTypes = g.kind === 'line' ? lineTypes : zoneTypes;
    if (!geom || !okTypes.includes(geom.type)) {
      problems.push({ ...where('file'), message: `a ${g.kind} needs ${okTypes.join(' or ')} geometry; ${g.file} has ${geom?.type ?? 'none'}` });
      continue;
    }
    geometry.push({ ...g, geojson: geom as LineGeometry | ZoneGeometry });
  }
  return { agreement: { ...agreement, geometry }, problems };
}

/** Reads, validates and loads an agreement file with its geometry; every problem is listed in one result. */
export async function validateAgreementFile(file: string): Promise<AgreementParseResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, problems: [{ file, line: 1, field: '(file)', message: `cannot read: ${(err as Error).message}` }] };
  }
  const parsed = parseAgreementYaml(text, file);
  if (!parsed.ok) return parsed;
  const loaded = await attachGeometry(parsed.agreement, file, text);
  if (loaded.problems.length) return { ok: false, problems: loaded.problems };
  return { ok: true, agreement: loaded.agreement, problems: [] };
}

/** Like validateAgreementFile, but throws InvalidAgreementError (a UserError listing every problem). */
export async function loadAgreementFile(file: string): Promise<Agreement> {
  const result = await validateAgreementFile(file);
  if (!result.ok) throw new InvalidAgreementError(file, result.problems);
  return result.agreement;
}

/** The agreements bundled with Truce (data/agreements/*.yaml), as absolute paths. */
export const BUNDLED_AGREEMENTS_DIR = new URL('../../data/agreements/', import.meta.url);
