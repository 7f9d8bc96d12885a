// One TypeBox schema per shape that crosses the HTTP boundary: it validates requests, serialises responses
// (dropping any field not listed, so nothing leaks by accident), types the handlers and feeds the OpenAPI document.
import { Type, type Static } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }) },
  { $id: 'Error' },
);

export const Estimate = Type.Object({ low: Type.Integer(), best: Type.Integer(), high: Type.Integer() });
export const Toll = Type.Object({
  civilians: Type.Optional(Estimate),
  sideA: Type.Optional(Estimate),
  sideB: Type.Optional(Estimate),
  unknown: Type.Optional(Estimate),
});

export const Incident = Type.Object({
  id: Type.String(),
  agreementId: Nullable(Type.String()),
  date: Nullable(Type.String()),
  dateEnd: Nullable(Type.String()),
  datePrecision: Type.Integer(),
  location: Type.Union([
    Type.Object({
      name: Type.String(),
      admin1: Nullable(Type.String()),
      admin2: Nullable(Type.String()),
      lat: Nullable(Type.Number()),
      lon: Nullable(Type.Number()),
      precision: Type.Integer(),
    }),
    Type.Null(),
  ]),
  eventType: Type.String(),
  subEventType: Type.String(),
  actor1: Nullable(Type.String()),
  actor2: Nullable(Type.String()),
  killed: Toll,
  injured: Toll,
  grade: Nullable(Type.String()),
  gradeReason: Nullable(Type.String()),
  status: Type.String(),
  provisions: Type.Array(Type.Object({ agreementId: Type.String(), provisionId: Type.String(), partyId: Nullable(Type.String()) })),
  spatial: Type.Optional(Type.Array(Type.Object({ geometry: Type.String(), side: Nullable(Type.String()), distanceMetres: Nullable(Type.Number()), inside: Type.Union([Type.Boolean(), Type.Null()]) }), { description: "where it lies against the agreement's lines and zones" })),
  notes: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});

export const IncidentPage = Type.Object({ incidents: Type.Array(Incident), next: Nullable(Type.String()) });

export const IncidentQuery = Type.Object({
  agreement: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'first day, YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'last day, YYYY-MM-DD' })),
  status: Type.Optional(Type.String({ description: 'comma-separated workflow statuses' })),
  eventType: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  grade: Type.Optional(Type.Union([Type.Literal('confirmed'), Type.Literal('fair'), Type.Literal('weak'), Type.Literal('contested'), Type.Literal('discounted')])),
  provision: Type.Optional(Type.String({ maxLength: 200 })),
  bbox: Type.Optional(Type.String({ pattern: '^-?[\\d.]+,-?[\\d.]+,-?[\\d.]+,-?[\\d.]+$', description: 'west,south,east,north' })),
  q: Type.Optional(Type.String({ maxLength: 500, description: 'full-text search' })),
  after: Type.Optional(Type.String({ maxLength: 500, description: 'cursor from the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
});
export type IncidentQueryT = Static<typeof IncidentQuery>;

export const AgreementSummary = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  kind: Type.String(),
  signedAt: Nullable(Type.String()),
  inForceAt: Nullable(Type.String()),
});

export const Provision = Type.Object({
  id: Type.String(),
  phase: Nullable(Type.String()),
  category: Type.String(),
  obligated: Type.Array(Type.String()),
  act: Type.String(),
  deadline: Type.Unknown(),
  indicator: Type.Unknown(),
  sources: Type.Array(Type.String()),
});

export const Agreement = Type.Object({
  ...AgreementSummary.properties,
  phases: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), order: Type.Integer(), start: Type.Unknown() })),
  provisions: Type.Array(Provision),
  document: Type.Unknown(),
});

export const SourceDocumentSummary = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  url: Nullable(Type.String()),
  title: Nullable(Type.String()),
  publisher: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  retrievedAt: Type.String(),
  language: Nullable(Type.String()),
  contentHash: Type.String(),
  /** Only staff see these two; the public list holds public documents only. */
  sensitivity: Type.Optional(Type.String()),
  reliability: Type.Optional(Nullable(Type.String())),
});

export const SourceDocument = Type.Object({ ...SourceDocumentSummary.properties, text: Type.String(), version: Type.Integer() });

export const Series = Type.Object({
  id: Type.String(),
  bodyId: Type.String(),
  metric: Type.String(),
  mode: Type.String(),
  unit: Type.String(),
  description: Nullable(Type.String()),
  estimated: Type.Boolean(),
  territory: Nullable(Type.String({ description: 'the area the figures cover (gaza-strip, west-bank, lebanon); null when not known' })),
  agreements: Type.Optional(Type.Array(Type.String(), { description: 'agreements the series is explicitly linked to' })),
});

export const SeriesPoint = Type.Object({ date: Type.String(), value: Type.Number(), note: Nullable(Type.String()) });

export const AuditEvent = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  entity: Type.String(),
  entityId: Type.String(),
  action: Type.String(),
  old: Type.Unknown(),
  new: Type.Unknown(),
  why: Nullable(Type.String()),
  hash: Type.String(),
});

export const Status = Type.Object({
  database: Type.String(),
  agreements: Type.Integer(),
  provisions: Type.Integer(),
  actors: Type.Integer(),
  users: Type.Integer(),
  sourceDocuments: Type.Object({ total: Type.Integer(), protected: Type.Integer() }),
  claims: Type.Record(Type.String(), Type.Integer()),
  incidents: Type.Record(Type.String(), Type.Integer()),
  series: Type.Integer(),
  seriesPoints: Type.Integer(),
  auditEvents: Type.Integer(),
  auditHead: Type.String(),
});

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

// Compliance holds no protected data (it is computed from agreements, incidents and series ids), so its nested
// evidence is passed through whole rather than restated field by field.
const EvidenceList = Type.Object(
  {
    count: Type.Integer({ description: 'every incident in the list' }),
    incidentIds: Type.Array(Type.String(), { description: 'the latest of them (at most the report’s evidenceLimit), newest first; all through …/compliance/evidence' }),
  },
  { additionalProperties: true },
);
const Tally = Type.Object({ count: Type.Integer(), killedBest: Type.Number(), incidentIds: Type.Array(Type.String()) }, { additionalProperties: true });
export const ProvisionAssessment = Type.Object(
  {
    provisionId: Type.String(),
    phase: Type.String(),
    category: Type.String(),
    party: Type.String(),
    status: Type.String({ description: 'met, partly-met, breached, pending, overdue or not-assessable' }),
    reason: Type.String(),
    breaches: Type.Object({ verified: Tally, alleged: Tally, discounted: EvidenceList, onStartDay: EvidenceList }, { additionalProperties: true }),
    indicator: Type.Union([Type.Object({ metric: Type.String() }, { additionalProperties: true }), Type.Null()]),
  },
  { additionalProperties: true },
);
/** How current derived figures are (services/kept.ts): a report computed before the latest change says so. */
export const Freshness = Type.Object({
  computedAt: Type.String(),
  auditSeq: Type.Integer({ description: 'the last change to the record (audit event) the figures include' }),
  current: Type.Boolean({ description: 'false: the record changed after the figures were computed' }),
  changesSince: Type.Integer({ description: 'changes to the record since (0 when current)' }),
  refreshing: Type.Boolean({ description: 'newer figures are being computed; ask again shortly' }),
});

export const ComplianceReport = Type.Object({
  agreementId: Type.String(),
  version: Type.Integer({ description: 'the stored version of the agreement that applied at asOf' }),
  asOf: Type.String(),
  incidentsConsidered: Type.Integer(),
  evidenceLimit: Nullable(Type.Integer({ description: 'how many incidents each evidence list names at most, newest first (null: all)' })),
  provisions: Type.Array(ProvisionAssessment),
  phases: Type.Array(Type.Object({ phaseId: Type.String(), name: Type.String(), status: Type.String() }, { additionalProperties: true })),
  parties: Type.Array(Type.Object({ party: Type.String(), verified: Type.Integer(), alleged: Type.Integer() }, { description: 'distinct incidents counted against each party over all its provisions' })),
  freshness: Freshness,
});
export const EvidenceQuery = Type.Object({
  provision: Type.String({ minLength: 1, maxLength: 200, description: 'the provision, full or short id (p1.cease-attacks)' }),
  party: Type.String({ minLength: 1, maxLength: 200, description: 'the obligated party' }),
  list: Type.Union([Type.Literal('verified'), Type.Literal('alleged'), Type.Literal('discounted'), Type.Literal('on-start-day')]),
  asOf: Type.Optional(Type.String({ description: 'YYYY-MM-DD or ISO date-time; default now' })),
  after: Type.Optional(Type.String({ maxLength: 500, description: 'the previous page’s next' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
export const EvidencePage = Type.Object({
  agreementId: Type.String(),
  provisionId: Type.String(),
  party: Type.String(),
  list: Type.String(),
  asOf: Type.String(),
  startsAt: Nullable(Type.String({ description: 'when the obligation began; null: not yet (every list empty)' })),
  incidents: Type.Array(Type.Object({ id: Type.String(), date: Type.String() }), { description: 'newest first (date, then id, descending), as the report lists them' }),
  next: Nullable(Type.String({ description: 'cursor of the next page; null on the last' })),
});
export const AsOfQuery = Type.Object({ asOf: Type.Optional(Type.String({ description: 'YYYY-MM-DD or ISO date-time; default now' })) });

// ---- users, sign-in, tokens, releases, claims -------------------------------------------------------------
export const User = Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), partyId: Nullable(Type.String()), disabled: Type.Boolean(), version: Type.Integer() });
export const NewUser = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  role: Type.String({ maxLength: 20 }),
  partyId: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
});
export const UserPatch = Type.Object({
  version: Type.Integer({ minimum: 1, description: 'the version you read; a stale one gets 409' }),
  role: Type.Optional(Type.String({ maxLength: 20 })),
  partyId: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  disabled: Type.Optional(Type.Boolean()),
  why: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const LoginBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1000 }) });
export const SessionInfo = Type.Object({ user: User, csrfToken: Type.String(), via: Type.String() });
export const ApiToken = Type.Object({ id: Type.String(), userId: Type.String(), name: Type.String(), scope: Type.String(), createdAt: Type.String(), revokedAt: Nullable(Type.String()) });
export const NewToken = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), scope: Type.Union([Type.Literal('read'), Type.Literal('write')]) });
export const CreatedToken = Type.Object({ token: ApiToken, secret: Type.String({ description: 'shown once; send as Authorization: Bearer <secret>' }) });
export const Release = Type.Object({
  number: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  note: Nullable(Type.String()),
  contentHash: Type.String({ description: 'SHA-256 over the canonical JSON of the released records' }),
  auditSeq: Type.Integer(),
  auditHead: Type.String({ description: 'hash of the last audit event before the release' }),
  counts: Type.Object({ incidents: Type.Integer(), sources: Type.Integer(), agreements: Type.Integer(), series: Type.Integer() }),
});
export const NewRelease = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) });
export const Claim = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  sourceDocumentId: Type.String(),
  claimantId: Nullable(Type.String()),
  claimantName: Nullable(Type.String()),
  claimedAt: Nullable(Type.String()),
  evidence: Type.Union([Type.Object({ start: Type.Integer(), end: Type.Integer(), text: Type.String() }), Type.Null()]),
  incidentId: Nullable(Type.String()),
  status: Type.String(),
  body: Type.Object({ kind: Type.String() }, { additionalProperties: true }),
  version: Type.Integer(),
});
export const NewClaim = Type.Object({
  kind: Type.String({ maxLength: 20 }),
  sourceDocumentId: Type.Optional(Type.String({ maxLength: 200, description: 'an ingested report; or give statement' })),
  statement: Type.Optional(Type.String({ minLength: 1, maxLength: 100000, description: "the party's statement as text; kept as a party-statement source" })),
  claimantId: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  claimantName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  claimedAt: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  incidentId: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  body: Type.Object({ kind: Type.String() }, { additionalProperties: true }),
});
export const ClaimQuery = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 20 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  incident: Type.Optional(Type.String({ maxLength: 200 })),
  source: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
});

// ---- ingest and review -------------------------------------------------------------------------------------
export const NewSourceText = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 2_000_000, description: 'the report as pasted' }),
  title: Type.Optional(Type.String({ maxLength: 1000 })),
  url: Type.Optional(Type.String({ maxLength: 2000 })),
  publisher: Type.Optional(Type.String({ maxLength: 300 })),
  publishedAt: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD or ISO 8601 time' })),
  protected: Type.Optional(Type.Boolean({ description: 'a protected source never appears on a public surface' })),
  agreementId: Type.Optional(Type.String({ maxLength: 100 })),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
});
export const IngestOutcome = Type.Object({
  origin: Type.String(),
  status: Type.String({ description: 'new | held (same text already held) | failed' }),
  documentId: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  incidents: Type.Optional(Type.Integer({ description: 'new draft incidents' })),
  grouped: Type.Optional(Type.Integer({ description: 'reports grouped into an incident already drafted' })),
  claims: Type.Optional(Type.Integer()),
});
export const ExtractBody = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 2_000_000 }),
  published: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  agreementId: Type.Optional(Type.String({ maxLength: 100 })),
});
export const Extraction = Type.Object(
  {
    incidents: Type.Array(Type.Object({}, { additionalProperties: true })),
    tallies: Type.Array(Type.Object({}, { additionalProperties: true })),
    pledges: Type.Array(Type.Object({}, { additionalProperties: true })),
    claims: Type.Array(Type.Object({}, { additionalProperties: true })),
    positions: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  { description: 'what `truce extract --json` prints: each item with its evidence sentence and offsets' },
);
export const QueueItem = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  summary: Type.String(),
  date: Nullable(Type.String()),
  createdAt: Type.String(),
  reports: Type.Integer(),
});
export const QueueQuery = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal('incidents'), Type.Literal('claims')])),
  agreement: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
export const ReviewIncident = Type.Object({ ...Incident.properties, createdBy: Type.String(), updatedBy: Type.String() });
export const ReviewItem = Type.Object({
  kind: Type.String(),
  incident: Type.Union([ReviewIncident, Type.Null()]),
  claim: Type.Union([Claim, Type.Null()]),
  claims: Type.Array(
    Type.Object({
      claim: Claim,
      source: Type.Object({
        id: Type.String(),
        title: Nullable(Type.String()),
        url: Nullable(Type.String()),
        publisher: Nullable(Type.String()),
        publishedAt: Nullable(Type.String()),
        sensitivity: Type.String(),
        contentHash: Type.String(),
      }),
    }),
  ),
  excerpts: Type.Array(Type.Object({ claimId: Type.String(), text: Type.String(), start: Type.Integer(), end: Type.Integer() })),
  duplicates: Type.Array(Type.Object({ id: Type.String(), score: Type.Number(), reasons: Type.Array(Type.String()) })),
  history: Type.Array(AuditEvent),
});
export const Versioned = { version: Type.Integer({ minimum: 1, description: 'the version you reviewed; refused if it changed since' }) };
export const ReviewStep = Type.Object({ ...Versioned, reason: Type.Optional(Type.String({ maxLength: 2000 })) });
export const RejectStep = Type.Object({ ...Versioned, reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export const GradeStep = Type.Object({ ...Versioned, grade: Type.String(), reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export const MergeStep = Type.Object({ ...Versioned, into: Type.String({ minLength: 1, maxLength: 200 }), reason: Type.Optional(Type.String({ maxLength: 2000 })) });
export const SplitStep = Type.Object({ ...Versioned, claims: Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 1000 }), reason: Type.Optional(Type.String({ maxLength: 2000 })) });
export const EditStep = Type.Object({
  ...Versioned,
  fields: Type.Object({}, { additionalProperties: true, description: 'incident fields (date, location, eventType, subEventType, actor1, actor2, killed, injured, notes, agreementId, provisions, …) or a claim body’s fields' }),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const Changed = Type.Object({ id: Type.String(), status: Type.String(), version: Type.Integer() });
