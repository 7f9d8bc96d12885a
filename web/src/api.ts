// Talking to our own API only. A signed-in session is a cookie the browser keeps; every change also sends the
// CSRF token the server gave at sign-in. The public view asks without credentials, so it sees exactly what the
// public sees (the latest release) even in a staff member's browser.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Static } from 'typebox';
import type * as Schemas from '../../src/server/schemas.ts';
import type { mapOf, overviewOf } from '../../src/services/overview.ts';

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

// The dashboard's and the map's shapes are what the services build (src/services/overview.ts); their route schemas
// leave most of them open, so the services' own types are the contract.
/** The overview of one agreement with how current it is. */
export type Overview = Awaited<ReturnType<typeof overviewOf>>;
export type MapPoint = MapReport['points'][number];
type MapReport = Awaited<ReturnType<typeof mapOf>>;
/** The map's data; each geometry's `geojson` is a GeoJSON geometry (or null when its coordinates are not held). */
export type MapData = Omit<MapReport, 'geometry'> & { geometry: Array<Omit<MapReport['geometry'][number], 'geojson'> & { geojson: GeoJSON.Geometry | null }> };

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
