// Charts and the map of a sitrep as self-contained SVG: no scripts, no fonts or tiles fetched, readable in print
// and in grey scale (series differ by dash pattern as well as colour). Pure: model in, markup out.
import type { Chart, IncidentRow, MapLayer } from './model.ts';
import { addDays, daysBetween } from './model.ts';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r1 = (n: number) => Math.round(n * 10) / 10;

// Colour-blind-safe (Okabe–Ito) with a dash pattern each, so a grey print still tells lines apart.
const INK = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
const DASH = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3'];

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const shortDate = (d: string) => {
  const [, m, day] = d.split('-');
  return `${Number(day)} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]}`;
};

export function chartSvg(c: Chart, width = 680, height = 190): string {
  const left = 44, right = 12, top = 34, bottom = 24;
  const w = width - left - right, h = height - top - bottom;
  const n = daysBetween(c.from, c.to);
  const x = (d: string) => left + ((daysBetween(c.from, d) - 0.5) / n) * w;
  const slot = w / n;
  let max = 0;
  if (c.kind === 'bars') {
    for (let k = 0; k < n; k++) max = Math.max(max, c.series.reduce((s, ser) => s + (ser.points[k]?.value ?? 0), 0));
  } else for (const s of c.series) for (const p of s.points) max = Math.max(max, p.value);
  if (c.target) max = Math.max(max, c.target.value);
  const top_ = niceMax(max * 1.05);
  const y = (v: number) => top + h - (v / top_) * h;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(c.title)}" font-family="Helvetica, Arial, sans-serif" font-size="10">`);
  out.push(`<title>${esc(c.title)}</title>`);
  // the report period, shaded and named
  const px0 = left + (daysBetween(c.from, c.period.from) - 1) / n * w, px1 = left + daysBetween(c.from, c.period.to) / n * w;
  out.push(`<rect x="${r1(px0)}" y="${top}" width="${r1(px1 - px0)}" height="${h}" fill="#eeeeee"/>`);
  out.push(`<text x="${r1((px0 + px1) / 2)}" y="${top - 3}" text-anchor="middle" fill="#555">this period</text>`);
  // y grid and labels
  for (const f of [0, 0.5, 1]) {
    const v = top_ * f;
    out.push(`<line x1="${left}" x2="${left + w}" y1="${r1(y(v))}" y2="${r1(y(v))}" stroke="#ccc" stroke-width="0.5"/>`);
    out.push(`<text x="${left - 4}" y="${r1(y(v) + 3)}" text-anchor="end" fill="#333">${v.toLocaleString('en-GB')}</text>`);
  }
  // x labels: at most about eight, on whole weeks from the start
  const step = Math.max(1, Math.ceil(n / 8 / 7) * 7);
  for (let k = 0; k < n; k += step) {
    const d = addDays(c.from, k);
    out.push(`<text x="${r1(x(d))}" y="${top + h + 14}" text-anchor="middle" fill="#333">${shortDate(d)}</text>`);
  }
  if (c.kind === 'bars') {
    const bw = Math.max(1, slot * 0.8);
    for (let k = 0; k < n; k++) {
      let base = 0;
      c.series.forEach((s, si) => {
        const v = s.points[k]?.value ?? 0;
        if (v <= 0) return;
        const d = addDays(c.from, k);
        const fill = si === 0 ? '#333333' : 'url(#hatch)';
        out.push(`<rect x="${r1(x(d) - bw / 2)}" y="${r1(y(base + v))}" width="${r1(bw)}" height="${r1(y(base) - y(base + v))}" fill="${fill}" stroke="#333" stroke-width="0.5"><title>${esc(`${d}: ${v} ${s.label}`)}</title></rect>`);
        base += v;
      });
    }
    out.splice(2, 0, '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/><line x1="0" y1="0" x2="0" y2="4" stroke="#333" stroke-width="1.5"/></pattern></defs>');
  } else {
    c.series.forEach((s, si) => {
      const pts = s.points.map((p) => `${r1(x(p.date))},${r1(y(p.value))}`).join(' ');
      const dash = DASH[si % DASH.length] ? ` stroke-dasharray="${DASH[si % DASH.length]}"` : '';
      if (s.points.length === 1) out.push(`<circle cx="${r1(x(s.points[0]!.date))}" cy="${r1(y(s.points[0]!.value))}" r="2.5" fill="${INK[si % INK.length]}"/>`);
      else out.push(`<polyline points="${pts}" fill="none" stroke="${INK[si % INK.length]}" stroke-width="1.8"${dash}/>`);
    });
  }
  if (c.target) {
    out.push(`<line x1="${left}" x2="${left + w}" y1="${r1(y(c.target.value))}" y2="${r1(y(c.target.value))}" stroke="#000" stroke-width="1" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${left + 4}" y="${r1(y(c.target.value) - 4)}" fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(c.target.label)}</text>`);
  }
  out.push(`<line x1="${left}" x2="${left + w}" y1="${top + h}" y2="${top + h}" stroke="#333"/>`);
  // legend, top left
  let lx = left + 40;
  c.series.forEach((s, si) => {
    const sw = c.kind === 'bars'
      ? `<rect x="${lx}" y="6" width="10" height="9" fill="${si === 0 ? '#333' : 'url(#hatch)'}" stroke="#333" stroke-width="0.5"/>`
      : `<line x1="${lx}" x2="${lx + 18}" y1="11" y2="11" stroke="${INK[si % INK.length]}" stroke-width="2"${DASH[si % DASH.length] ? ` stroke-dasharray="${DASH[si % DASH.length]}"` : ''}/>`;
    out.push(sw, `<text x="${lx + (c.kind === 'bars' ? 14 : 22)}" y="14" fill="#111">${esc(s.label)}</text>`);
    lx += (c.kind === 'bars' ? 26 : 34) + s.label.length * 6.2;
  });
  out.push(`<text x="2" y="${top - 12}" fill="#555">${esc(c.unit)}</text>`);
  out.push('</svg>');
  return out.join('');
}

// ---- the map ---------------------------------------------------------------------------------------------------

type Pos = number[];
/** Above this many incidents the map shows dots, not numbered markers (the list still numbers them). */
export const NUMBERED_MAX = 40;
function rings(g: unknown): Pos[][] {
  const o = g as { type?: string; coordinates?: unknown; geometry?: unknown; features?: Array<{ geometry: unknown }> };
  if (!o) return [];
  if (o.features) return o.features.flatMap((f) => rings(f.geometry));
  if (o.geometry) return rings(o.geometry);
  switch (o.type) {
    case 'Polygon': return o.coordinates as Pos[][];
    case 'MultiPolygon': return (o.coordinates as Pos[][][]).flat();
    case 'LineString': return [o.coordinates as Pos[]];
    case 'MultiLineString': return o.coordinates as Pos[][];
    default: return [];
  }
}

/**
 * The period's incidents on the agreement's zones and lines. Verified incidents are filled circles, alleged ones
 * open circles; the number is the incident's row in the report's table. Lines declared without coordinates are
 * named under the map rather than guessed.
 */
export function mapSvg(layers: MapLayer[], incidents: IncidentRow[], height = 520): string {
  const drawn = layers.filter((l) => l.geojson);
  const all = drawn.flatMap((l) => rings(l.geojson)).flat();
  for (const i of incidents) if (i.lon !== null && i.lat !== null) all.push([i.lon, i.lat]);
  if (all.length === 0) return '';
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [lon, lat] of all) { w = Math.min(w, lon!); e = Math.max(e, lon!); s = Math.min(s, lat!); n = Math.max(n, lat!); }
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const pad = 14;
  const scale = (height - 2 * pad) / Math.max(n - s, 1e-6);
  const width = Math.max(200, Math.round((e - w) * k * scale + 2 * pad + 150));
  const px = (lon: number) => pad + (lon - w) * k * scale;
  const py = (lat: number) => pad + (n - lat) * scale;
  const path = (rs: Pos[][], close: boolean) => rs.map((r) => `M${r.map((p) => `${r1(px(p[0]!))},${r1(py(p[1]!))}`).join('L')}${close ? 'Z' : ''}`).join('');
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Map of the period's incidents" font-family="Helvetica, Arial, sans-serif" font-size="10">`);
  out.push('<title>Incidents in the period, with the agreement\u2019s zones and lines</title>');
  for (const l of drawn.filter((l) => l.role === 'agreement-area')) out.push(`<path d="${path(rings(l.geojson), true)}" fill="#f4f1ea" stroke="#555" stroke-width="1.2"/>`);
  for (const l of drawn.filter((l) => l.role === 'admin-area' || l.role === 'buffer-zone')) {
    const rs = rings(l.geojson);
    out.push(`<path d="${path(rs, true)}" fill="${l.role === 'buffer-zone' ? '#e8e8e8' : 'none'}" stroke="#999" stroke-width="0.6" stroke-dasharray="${l.role === 'admin-area' ? '2 2' : ''}"/>`);
    // the label sits right of the map, level with the zone, so it never covers an incident
    const pts = rs.flat();
    const lat = pts.reduce((a, p) => a + p[1]!, 0) / pts.length;
    const right = Math.max(...pts.map((p) => px(p[0]!)));
    out.push(`<text x="${r1(right + 6)}" y="${r1(py(lat))}" fill="#555" font-style="italic" font-size="12">${esc((l.description ?? l.name).replace(/ governorate.*$/i, ''))}</text>`);
  }
  for (const l of drawn.filter((l) => l.role !== 'agreement-area' && l.role !== 'admin-area' && l.role !== 'buffer-zone')) {
    out.push(`<path d="${path(rings(l.geojson), false)}" fill="none" stroke="#b8860b" stroke-width="2.2" stroke-dasharray="7 3"/>`);
  }
  // Numbered markers while they can be read; past NUMBERED_MAX they would only cover each other, so small dots.
  // Newest last, so recent incidents sit on top.
  const numbered = incidents.length <= NUMBERED_MAX;
  for (const i of incidents) {
    if (i.lon === null || i.lat === null) continue;
    const cx = r1(px(i.lon)), cy = r1(py(i.lat));
    const filled = i.evidence === 'verified';
    out.push(`<circle cx="${cx}" cy="${cy}" r="${numbered ? 9 : 3.5}" fill="${filled ? '#222' : '#fff'}" stroke="#222" stroke-width="${numbered ? 1.3 : 1}"${numbered ? '' : ' fill-opacity="0.75"'}><title>${esc(`${i.n}. ${i.date} ${i.place}: ${i.subEventType} (${i.evidence})`)}</title></circle>`);
    if (numbered) out.push(`<text x="${cx}" y="${r1(cy + 4)}" text-anchor="middle" font-size="11" font-weight="bold" fill="${filled ? '#fff' : '#222'}">${i.n}</text>`);
  }
  // scale bar: 5 km
  const km = 5, len = ((km / 111.32) * scale);
  out.push(`<line x1="${pad}" x2="${r1(pad + len)}" y1="${height - 8}" y2="${height - 8}" stroke="#333" stroke-width="2"/><text x="${r1(pad + len + 4)}" y="${height - 5}" fill="#333">${km} km</text>`);
  // a legend and north arrow inside the image, so it still reads when copied out of the report
  const lines = drawn.filter((l) => l.role !== 'agreement-area' && l.role !== 'admin-area' && l.role !== 'buffer-zone');
  const lx = width - 140, ly = height - 52 - lines.length * 20;
  lines.forEach((l, k) => out.push(`<line x1="${lx}" x2="${lx + 16}" y1="${ly + 40 + k * 20}" y2="${ly + 40 + k * 20}" stroke="#b8860b" stroke-width="2.2" stroke-dasharray="7 3"/><text x="${lx + 20}" y="${ly + 44 + k * 20}" fill="#222">${esc(l.name.replace(/-/g, ' '))}</text>`));
  out.push(`<circle cx="${lx + 8}" cy="${ly}" r="7" fill="#222"/><text x="${lx + 20}" y="${ly + 4}" fill="#222">verified incident</text>`);
  out.push(`<circle cx="${lx + 8}" cy="${ly + 20}" r="7" fill="#fff" stroke="#222" stroke-width="1.3"/><text x="${lx + 20}" y="${ly + 24}" fill="#222">alleged incident</text>`);
  out.push(`<path d="M${width - 24},${pad + 22}L${width - 18},${pad + 4}L${width - 12},${pad + 22}Z" fill="#333"/><text x="${width - 18}" y="${pad + 36}" text-anchor="middle" fill="#333">N</text>`);
  out.push('</svg>');
  return out.join('');
}
