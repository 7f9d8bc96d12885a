// Talking to our own API only. A signed-in session is a cookie the browser keeps; every change also sends the
// CSRF token the server gave at sign-in. The public view asks without credentials, so it sees exactly what the
// public sees (the latest release) even in a staff member's browser.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Static } from 'typebox';
import type * as Schemas from '../../src/server/schemas.ts';

// The shapes the server answers with are its TypeBox schemas (src/server/schemas.ts, which validate and serialise
// every response), imported as types only: nothing of the server reaches the bundle, and a field the server
// renames or drops fails `tsc -p web` instead of showing as blank in the browser. Where a schema leaves a part
// open (`unknown`: the agreement's YAML document, a provision's deadline and indicator, an audit event's
// snapshots), the shape below is what the pages read of it.
type Wire<T extends keyof typeof Schemas> = Static<(typeof Schemas)[T]>;

export type User = Wire<'User'>;
export type Session = Wire<'SessionInfo'>;
export type Estimate = Wire<'Estimate'>;
export type Toll = Wire<'Toll'>;
export type Incident = Wire<'Incident'>;
export type Claim = Wire<'Claim'>;
export type SourceSummary = Wire<'SourceDocumentSummary'>;
export type SourceDocument = Wire<'SourceDocument'>;
export type AgreementSummary = Wire<'AgreementSummary'>;
export type Provision = Omit<Wire<'Provision'>, 'indicator'> & { indicator: { metric: string; comparator: string; target: number; per?: string; unit?: string } | null };
export type Agreement = Omit<Wire<'Agreement'>, 'provisions' | 'document'> & {
  provisions: Provision[];
  document: { parties?: Array<{ id: string; name: string }>; mediators?: Array<{ id: string; name: string }>; [k: string]: unknown };
};
export type AuditEvent = Omit<Wire<'AuditEvent'>, 'old' | 'new'> & { old: Record<string, unknown> | null; new: Record<string, unknown> | null };

/** How current derived figures are (server: services/kept.ts). */
export type Freshness = Wire<'Freshness'>;

export interface Overview {
  freshness: Freshness;
  view: 'internal' | 'public';
  release: number | null;
  agreement: { id: string; title: string; version: number; signedAt: string | null; inForceAt: string | null; asOf: string; dayN: number | null; parties: Array<{ id: string; name: string }> };
  incidents: { total: number; byStatus: Record<string, number> };
  tallies: {
    since: string;
    bodies: Array<{ bodyId: string; bodyName: string; seriesId: string; metric: string; value: number | null; asOf: string | null; method: string; estimated: boolean }>;
    claims: Array<{ body: string; bodyName: string; metric: string; value: number; since: string | null; asOf: string | null }>;
    verified: { count: number; killed: Estimate | null; injured: Estimate | null };
    /** series that name no territory or agreement: not listed in the table */
    unlinked?: string[];
  };
  deathsOverTime: {
    verified: Array<{ date: string; low: number; best: number; high: number }>;
    bodies: Array<{ seriesId: string; bodyId: string; bodyName: string; metric: string; mode: string; points: Array<{ date: string; value: number }> }>;
  };
  violations: { weeks: string[]; parties: Array<{ id: string; name: string; alleged: number[]; verified: number[] }> };
  aid: { provisionId: string | null; metric: string | null; target: number | null; per: string | null; bodies: Array<{ body: string; bodyName: string; from: string; points: Array<{ date: string; value: number }> }> };
  pledges: {
    requirement: { provisionId: string; target: number; unit: string | null; note: string | null } | null;
    pledges: Array<{ country: string; force: string; troops: Estimate | null; status: string; claimedAt: string | null; claimStatus: string; claimant: string | null }>;
    objections: Array<{ objector: string; objectsTo: string; force: string | null; claimedAt: string | null; claimStatus: string }>;
  };
  deadlines: Array<{ provisionId: string; act: string; party: string; partyName: string; status: string; state: string; at: string | null; hoursLeft: number | null; reason: string }>;
  phases: Array<{ phaseId: string; name: string; order: number; status: string; startsAt: string | null; waitingOn: string | null; counts: Record<string, number>; openItems: number; blockedBy: Array<{ provisionId: string; party: string; status: string; reason: string }> }>;
}

export interface MapPoint { id: string; lon: number; lat: number; date: string | null; perpetrator: string | null; killed: number | null; status: string; grade: string | null; eventType: string; place: string | null }
export interface MapData {
  view: string;
  agreement: { id: string; title: string; inForceAt: string | null; parties: Array<{ id: string; name: string }> };
  geometry: Array<{ name: string; kind: string; role: string | null; description: string | null; loaded: boolean; attribution: string | null; geojson: GeoJSON.Geometry | null }>;
  points: MapPoint[];
  total: number;
}

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public field?: string) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrf = (t: string) => { csrfToken = t; };
export const csrf = () => csrfToken;

export interface RequestOptions { method?: string; body?: unknown; publicView?: boolean; signal?: AbortSignal }

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), credentials: opts.publicView ? 'omit' : 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check that `truce serve` is running, then try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, 'bad-response', `The server answered ${res.status} with something that is not JSON.`);
  }
  if (!res.ok) {
    const err = (data as { error?: { code: string; message: string; field?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'error', err?.message ?? `The server answered ${res.status}.`, err?.field);
  }
  return data as T;
}

export interface Loaded<T> { data: T | undefined; error: ApiError | null; loading: boolean; reload: () => void }

/** Loads `path` (null = nothing to load yet); keeps the previous data while reloading, so the page does not jump. */
export function useApi<T>(path: string | null, opts: { publicView?: boolean } = {}): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({ data: undefined, error: null, loading: path !== null });
  const [tick, setTick] = useState(0);
  const publicView = opts.publicView ?? false;
  const current = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    const n = ++current.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>(path, { publicView, signal: ctl.signal }).then(
      (data) => n === current.current && setState({ data, error: null, loading: false }),
      (e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        if (n === current.current) setState((s) => ({ data: s.data, error: e instanceof ApiError ? e : new ApiError(0, 'error', String(e)), loading: false }));
      },
    );
    return () => ctl.abort();
  }, [path, tick, publicView]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
