// The map: the agreement's lines and zones and its incidents, coloured by perpetrator and sized by deaths, with a
// time slider and filters. No tile server: an inline style draws the shapes Truce holds and nothing else, so the
// browser fetches nothing from the internet.
import { useEffect, useMemo, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useApi, type Incident, type MapData, type MapPoint } from '../api.ts';
import { colorFor, PALETTE, UNATTRIBUTED } from '../colors.ts';
import { useApp } from '../context.ts';
import { day, estimate, GROUP_LABEL, humanize, num, tollTotal } from '../format.ts';
import { Link } from '../router.tsx';
import { Chip, Choice, Empty, ErrorBox, Loading, Page } from '../ui.tsx';

maplibregl.setWorkerUrl(workerUrl);

const DAY = 86_400_000;
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY);
const fromDayNumber = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

type Geo = GeoJSON.FeatureCollection<GeoJSON.Geometry, Record<string, unknown>>;

export function MapPage({ publicView = false }: { publicView?: boolean }) {
  const { agreementId } = useApp();
  const { data, error, reload } = useApi<MapData>(`/api/agreements/${encodeURIComponent(agreementId!)}/map`, { publicView });
  if (!data) return <Page title="Map">{error ? <ErrorBox error={error} retry={reload} /> : <Loading what="the map" />}</Page>;
  return <MapView key={data.agreement.id} data={data} publicView={publicView} />;
}

function MapView({ data, publicView }: { data: MapData; publicView: boolean }) {
  // The agreement's parties keep their colours across pages; other alleged perpetrators take the next ones, while
  // the palette lasts; unattributed incidents (and any beyond it) are grey, and the legend names each colour.
  const partyIndex = new Map(data.agreement.parties.map((p, i) => [p.id, i] as const));
  for (const p of data.points) if (p.perpetrator !== null && !partyIndex.has(p.perpetrator) && partyIndex.size < PALETTE.length) partyIndex.set(p.perpetrator, partyIndex.size);
  const colourOf = (perp: string | null) => (perp !== null && partyIndex.has(perp) ? colorFor(partyIndex.get(perp)!) : UNATTRIBUTED);
  const dated = data.points.filter((p) => p.date);
  const start = data.agreement.inForceAt ? dayNumber(data.agreement.inForceAt.slice(0, 10)) : Math.min(...dated.map((p) => dayNumber(p.date!)), dayNumber(new Date().toISOString().slice(0, 10)));
  const end = Math.max(dayNumber(new Date().toISOString().slice(0, 10)), ...dated.map((p) => dayNumber(p.date!)));
  const [range, setRange] = useState<[number, number]>([start, end]);
  const [status, setStatus] = useState('');
  const [grade, setGrade] = useState('');
  const [eventType, setEventType] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const mapEl = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);

  const visible = useMemo(
    () =>
      data.points.filter((p) => {
        if (p.date && (dayNumber(p.date) < range[0] || dayNumber(p.date) > range[1])) return false;
        if (status && p.status !== status) return false;
        if (grade && (p.grade ?? 'ungraded') !== grade) return false;
        if (eventType && p.eventType !== eventType) return false;
        return true;
      }),
    [data.points, range, status, grade, eventType],
  );

  const zones: Geo = useMemo(
    () => ({
      type: 'FeatureCollection',
      features: data.geometry.filter((g) => g.loaded && g.geojson).map((g) => ({ type: 'Feature', geometry: g.geojson!, properties: { name: g.name, role: g.role ?? '', kind: g.kind } })),
    }),
    [data.geometry],
  );

  // The map itself, once.
  useEffect(() => {
    if (!mapEl.current) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: mapEl.current,
        style: {
          version: 8,
          sources: {
            zones: { type: 'geojson', data: zones },
            incidents: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
          },
          layers: [
            { id: 'background', type: 'background', paint: { 'background-color': '#dfe9f0' } },
            { id: 'area-fill', type: 'fill', source: 'zones', filter: ['==', ['get', 'role'], 'agreement-area'], paint: { 'fill-color': '#f7f4ec' } },
            { id: 'admin-line', type: 'line', source: 'zones', filter: ['==', ['get', 'role'], 'admin-area'], paint: { 'line-color': '#9a9a9a', 'line-width': 1, 'line-dasharray': [3, 2] } },
            { id: 'area-line', type: 'line', source: 'zones', filter: ['==', ['get', 'role'], 'agreement-area'], paint: { 'line-color': '#555', 'line-width': 1.5 } },
            { id: 'agreement-lines', type: 'line', source: 'zones', filter: ['==', ['get', 'kind'], 'line'], paint: { 'line-color': '#E69F00', 'line-width': 3 } },
            {
              id: 'incidents',
              type: 'circle',
              source: 'incidents',
              paint: {
                'circle-color': ['get', 'colour'],
                'circle-radius': ['interpolate', ['linear'], ['get', 'killed'], 0, 4, 1, 5, 5, 8, 20, 12, 100, 18],
                'circle-opacity': 0.75,
                'circle-stroke-color': ['case', ['==', ['get', 'selected'], 1], '#000', '#fff'],
                'circle-stroke-width': ['case', ['==', ['get', 'selected'], 1], 3, 1.2],
              },
            },
          ],
        },
        bounds: boundsOf(zones, data.points),
        fitBoundsOptions: { padding: 24 },
        attributionControl: false,
        dragRotate: false,
      });
    } catch (e) {
      setMapError(`The map could not start (${(e as Error).message}). The list beside it still works.`);
      return;
    }
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    // One short credit for the shapes drawn (the full attributions are in data/geometry/README.md).
    const credits = data.geometry.filter((g) => g.loaded && g.attribution).map((g) => g.attribution!);
    if (credits.length) {
      const wof = credits.some((a) => /who's on first/i.test(a));
      const qs = credits.some((a) => /quattroshapes/i.test(a));
      const text = wof ? `Boundaries © <a href="https://whosonfirst.org/docs/licenses/">Who's On First</a>${qs ? ', incl. Quattroshapes (CC BY)' : ''}` : credits[0]!;
      map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: text }), 'bottom-right');
    }
    map.once('load', () => {
      map.resize();
      map.fitBounds(boundsOf(zones, data.points), { padding: 24, animate: false });
    });
    map.on('click', 'incidents', (e: maplibregl.MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id === 'string') setSelected(id);
    });
    map.on('mouseenter', 'incidents', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'incidents', () => (map.getCanvas().style.cursor = ''));
    // Zone names as plain labels (no glyph server).
    for (const g of data.geometry) {
      if (!g.loaded || !g.geojson || g.role !== 'admin-area') continue;
      const [w, s, e2, n] = bbox(g.geojson);
      const el = document.createElement('div');
      el.className = 'map-label';
      el.textContent = humanize(g.name);
      new maplibregl.Marker({ element: el }).setLngLat([(w + e2) / 2, (s + n) / 2]).addTo(map);
    }
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The points, whenever the filters change.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const fc: Geo = {
      type: 'FeatureCollection',
      features: visible.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { id: p.id, killed: p.killed ?? 0, colour: colourOf(p.perpetrator), selected: p.id === selected ? 1 : 0 } })),
    };
    const apply = () => (map.getSource('incidents') as maplibregl.GeoJSONSource | undefined)?.setData(fc);
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, selected]);

  const statuses = [...new Set(data.points.map((p) => p.status))].sort();
  const grades = [...new Set(data.points.map((p) => p.grade ?? 'ungraded'))].sort();
  const types = [...new Set(data.points.map((p) => p.eventType))].sort();
  const perpetrators = [...new Set(data.points.map((p) => p.perpetrator))];
  const undrawn = data.geometry.filter((g) => !g.loaded);
  const list = [...visible].sort((a, b) => (b.killed ?? 0) - (a.killed ?? 0)).slice(0, 30);
  const selectedPoint = data.points.find((p) => p.id === selected) ?? null;

  return (
    <Page wide title={`Map · ${data.agreement.title}`}>
      <div className="map-layout">
        <div className="map-wrap">
          <div className="map-filters" role="group" aria-label="Filters">
            <fieldset className="slider">
              <legend>
                Dates: <strong>{day(fromDayNumber(range[0]))}</strong> to <strong>{day(fromDayNumber(range[1]))}</strong>
              </legend>
              <label>
                <span className="sr-only">From</span>
                <input type="range" min={start} max={end} value={range[0]} onChange={(e) => setRange([Math.min(Number(e.target.value), range[1]), range[1]])} aria-valuetext={day(fromDayNumber(range[0]))} aria-label="First day shown" />
              </label>
              <label>
                <span className="sr-only">To</span>
                <input type="range" min={start} max={end} value={range[1]} onChange={(e) => setRange([range[0], Math.max(Number(e.target.value), range[0])])} aria-valuetext={day(fromDayNumber(range[1]))} aria-label="Last day shown" />
              </label>
            </fieldset>
            <Choice label="Status" value={status} onChange={setStatus} options={statuses} />
            <Choice label="Grade" value={grade} onChange={setGrade} options={grades} />
            <Choice label="Type" value={eventType} onChange={setEventType} options={types} />
          </div>
          {mapError ? <p className="state error">{mapError}</p> : <div ref={mapEl} className="map" role="region" aria-label="Map of incidents; the list beside it has the same incidents" />}
          <div className="legend map-legend">
            {perpetrators
              .filter((p) => p === null || partyIndex.has(p))
              .map((p) => (
                <span key={p ?? 'none'}>
                  <span className="swatch round" style={{ background: colourOf(p) }} /> {p === null ? 'not attributed' : (data.agreement.parties.find((x) => x.id === p)?.name ?? p)}
                </span>
              ))}
            {perpetrators.some((p) => p !== null && !partyIndex.has(p)) && (
              <span>
                <span className="swatch round" style={{ background: UNATTRIBUTED }} /> other actors
              </span>
            )}
            <span className="muted">Larger circle = more deaths.</span>
            <span>
              <span className="swatch line-dash" /> governorate
            </span>
            {undrawn.map((g) => (
              <span key={g.name} className="muted" title={g.description ?? ''}>
                {humanize(g.name)}: declared in the agreement, no sourced coordinates loaded, so not drawn.
              </span>
            ))}
          </div>
        </div>
        <aside className="map-side" aria-label="Incidents on the map">
          {selectedPoint ? (
            <IncidentCard point={selectedPoint} publicView={publicView} onClose={() => setSelected(null)} colour={colourOf(selectedPoint.perpetrator)} parties={data.agreement.parties} />
          ) : (
            <p className="muted small">Select a circle (or an incident below) to see its card.</p>
          )}
          <h2 className="h3">
            {num(visible.length)} incident{visible.length === 1 ? '' : 's'} shown
            {data.total > data.points.length && <span className="muted small"> (the {num(data.points.length)} deadliest of {num(data.total)})</span>}
          </h2>
          {data.points.length === 0 ? (
            <Empty title={publicView ? 'No published incident has a location yet.' : 'No incident with a location yet.'}>
              {publicView ? 'Incidents appear once reviewed, verified and released.' : 'Incidents appear here once a report is ingested and its place is known.'}
            </Empty>
          ) : (
            <ul className="point-list">
              {list.map((p) => (
                <li key={p.id}>
                  <button type="button" className={p.id === selected ? 'selected' : ''} onClick={() => setSelected(p.id)}>
                    <span className="swatch round" style={{ background: colourOf(p.perpetrator) }} />
                    <span>
                      {p.place ?? 'unnamed place'} · {day(p.date)}
                      <span className="muted small"> · {p.killed === null ? 'deaths unknown' : `${num(p.killed)} killed`}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </Page>
  );
}

function IncidentCard({ point, publicView, onClose, colour, parties }: { point: MapPoint; publicView: boolean; onClose: () => void; colour: string; parties: Array<{ id: string; name: string }> }) {
  const { data, error } = useApi<Incident>(`/api/incidents/${encodeURIComponent(point.id)}`, { publicView });
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [point.id]);
  const perp = parties.find((p) => p.id === point.perpetrator)?.name ?? point.perpetrator ?? 'not attributed';
  return (
    <div className="incident-card" ref={ref} tabIndex={-1} aria-live="polite" data-testid="incident-card">
      <div className="card-head">
        <h2 className="h3">
          <span className="swatch round" style={{ background: colour }} /> {point.place ?? 'Unnamed place'}
        </h2>
        <button type="button" className="btn small ghost" onClick={onClose} aria-label="Close the card">
          ×
        </button>
      </div>
      <p>
        {day(point.date)} · {point.eventType}
        <br />
        Perpetrator as alleged: <strong>{perp}</strong>
      </p>
      {error && <p className="state error">{error.message}</p>}
      {data ? (
        <>
          <p>
            Killed: <strong>{estimate(tollTotal(data.killed))}</strong>
            {Object.entries(data.killed).map(([g, e]) => ` · ${GROUP_LABEL[g] ?? g} ${estimate(e)}`)}
            <br />
            Injured: {estimate(tollTotal(data.injured))}
          </p>
          <p>
            <Chip status={data.status} /> {data.grade ? <Chip status={data.grade} label={`grade: ${data.grade}`} /> : <span className="muted small">not graded</span>}
          </p>
          {data.notes && <p className="small">{data.notes}</p>}
          <Link to={publicView ? `/public/incidents/${encodeURIComponent(point.id)}` : `/incidents/${encodeURIComponent(point.id)}`}>Full record →</Link>
        </>
      ) : (
        !error && <Loading what="the incident" />
      )}
    </div>
  );
}

function bbox(g: GeoJSON.Geometry): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      w = Math.min(w, c[0]); e = Math.max(e, c[0] as number); s = Math.min(s, c[1] as number); n = Math.max(n, c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  visit((g as { coordinates?: unknown }).coordinates);
  return [w, s, e, n];
}

function boundsOf(zones: Geo, points: MapPoint[]): maplibregl.LngLatBoundsLike {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const f of zones.features) {
    const b = bbox(f.geometry);
    w = Math.min(w, b[0]); s = Math.min(s, b[1]); e = Math.max(e, b[2]); n = Math.max(n, b[3]);
  }
  for (const p of points) {
    w = Math.min(w, p.lon); e = Math.max(e, p.lon); s = Math.min(s, p.lat); n = Math.max(n, p.lat);
  }
  if (!Number.isFinite(w)) return [[-20, -40], [60, 60]];
  if (e - w < 0.01) { w -= 0.05; e += 0.05; s -= 0.05; n += 0.05; }
  return [[w, s], [e, n]];
}
