// The database as Kysely sees it: one interface per table, in camelCase (CamelCasePlugin maps it to the
// snake_case columns). Both engines hold the same columns with the same meaning: JSON as text, times as ISO 8601
// text, booleans as 0/1 integers, so that every query is written once.
export interface ActorsTable {
  id: string;
  name: string;
  aliases: string; // JSON string[]
  kind: string;
  affiliation: string | null;
  acledActorType: string | null;
  wikidataId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface UsersTable {
  id: string;
  name: string;
  role: string;
  partyId: string | null;
  disabled: number;
  passwordHash: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface AgreementsTable {
  id: string;
  version: number;
  title: string;
  kind: string;
  signedAt: string | null;
  inForceAt: string | null;
  document: string; // JSON: the whole validated agreement
  loadedAt: string;
  loadedBy: string;
}

export interface PhasesTable {
  agreementId: string;
  agreementVersion: number;
  id: string;
  name: string;
  ord: number;
  start: string | null; // JSON
}

export interface ProvisionsTable {
  agreementId: string;
  agreementVersion: number;
  id: string;
  phaseId: string | null;
  category: string;
  obligated: string; // JSON string[]
  act: string;
  deadline: string | null; // JSON
  indicator: string | null; // JSON
  sources: string; // JSON string[]
}

export interface GeometriesTable {
  agreementId: string;
  name: string;
  version: number;
  kind: string; // line | zone
  meaning: string | null; // JSON
  geojson: string | null;
  validFrom: string | null;
  loadedAt: string;
  loadedBy: string;
}

export interface SourceDocumentsTable {
  id: string;
  kind: string;
  url: string | null;
  title: string | null;
  publisher: string | null;
  publishedAt: string | null;
  retrievedAt: string;
  language: string | null;
  text: string;
  contentHash: string;
  sensitivity: string;
  reliability: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ClaimsTable {
  id: string;
  kind: string;
  sourceDocumentId: string;
  claimantId: string | null;
  claimantName: string | null;
  claimedAt: string | null;
  evidenceStart: number | null;
  evidenceEnd: number | null;
  evidenceText: string | null;
  incidentId: string | null;
  status: string;
  body: string; // JSON ClaimBody
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentsTable {
  id: string;
  /** Identity in an outside dataset (ACLED event_id_cnty, UCDP id): re-import updates instead of duplicating. */
  externalId: string | null;
  agreementId: string | null;
  date: string | null;
  dateEnd: string | null;
  datePrecision: number;
  locationName: string | null;
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
  geoPrecision: number | null;
  eventType: string;
  subEventType: string;
  actor1: string | null;
  actor2: string | null;
  killed: string; // JSON Toll
  injured: string; // JSON Toll
  // Totals over the toll's groups, kept as columns so sums and filters run in SQL.
  killedLow: number | null;
  killedBest: number | null;
  killedHigh: number | null;
  injuredLow: number | null;
  injuredBest: number | null;
  injuredHigh: number | null;
  grade: string | null;
  gradeReason: string | null;
  status: string;
  spatial: string; // JSON SpatialFact[]
  notes: string | null;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface IncidentProvisionsTable {
  incidentId: string;
  agreementId: string;
  provisionId: string;
  partyId: string | null;
}

export interface SeriesTable {
  id: string;
  bodyId: string;
  metric: string;
  mode: string;
  unit: string;
  description: string | null;
  estimated: number;
  /** Since migration 0007: the area the figures cover (null: not known). */
  territory: string | null;
  /** Since migration 0007: JSON array of the agreement ids the series is explicitly linked to (null: none). */
  agreementIds: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SeriesPointsTable {
  seriesId: string;
  date: string;
  value: number;
  sourceDocumentId: string | null;
  note: string | null;
}

export interface AuditEventsTable {
  seq: number;
  at: string;
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  old: string | null; // JSON
  new: string | null; // JSON
  why: string | null;
  prevHash: string;
  hash: string;
}

/** One row (id = 1): the last sequence number and hash. Updating it first serialises writers on both engines. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A signed-in browser session. Only the SHA-256 of the cookie value is held, so a database leak opens no session. */
export interface SessionsTable {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/** A failed sign-in, counted by the login throttle per address (`ip:…`) and per user name (`user:…`). */
/** A report derived from the record, kept with the audit head it was computed at (migration 0010). */
export interface KeptReportsTable {
  kind: string;
  subject: string;
  variant: string;
  auditSeq: number;
  auditHash: string;
  asOf: string;
  computedAt: string;
  computeMs: number;
  body: string; // JSON
}

export interface LoginFailuresTable {
  key: string;
  at: string;
}

/** An API token for scripts; only its SHA-256 is held. `scope` is read or write. */
export interface ApiTokensTable {
  id: string;
  userId: string;
  name: string;
  scope: string;
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A numbered, citable snapshot of the published record; never changed once written. */
export interface ReleasesTable {
  number: number;
  createdAt: string;
  createdBy: string;
  note: string | null;
  contentHash: string;
  auditSeq: number;
  auditHead: string;
  counts: string; // JSON
  snapshot: string; // JSON: the presented public records
}

export interface TruceDatabase {
  actors: ActorsTable;
  users: UsersTable;
  agreements: AgreementsTable;
  phases: PhasesTable;
  provisions: ProvisionsTable;
  geometries: GeometriesTable;
  sourceDocuments: SourceDocumentsTable;
  claims: ClaimsTable;
  incidents: IncidentsTable;
  incidentProvisions: IncidentProvisionsTable;
  series: SeriesTable;
  seriesPoints: SeriesPointsTable;
  auditEvents: AuditEventsTable;
  auditHead: AuditHeadTable;
  sessions: SessionsTable;
  loginFailures: LoginFailuresTable;
  keptReports: KeptReportsTable;
  apiTokens: ApiTokensTable;
  releases: ReleasesTable;
}
