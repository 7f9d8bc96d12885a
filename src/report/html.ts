// The sitrep as one self-contained HTML page: inline SVG charts and map, inline CSS with print rules (A4, table
// headers repeated on each page, no row or figure split across pages, source URLs printed in full). No script and
// nothing fetched: it reads the same opened from disk, served, or printed to PDF.
import type { Sitrep } from './model.ts';
import { type Block, type Cell, type Inline, sitrepDocument } from './document.ts';
import { esc } from './svg.ts';

const inline = (i: Inline): string => (typeof i === 'string' ? esc(i) : `<a href="${esc(i.href)}">${esc(i.text)}</a>`);
const cell = (c: Cell): string => (Array.isArray(c) ? c.map(inline).join('') : inline(c));
// A day is never broken over two lines.
const isDay = (c: Cell) => typeof c === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c);

const CSS = `
:root { color-scheme: light; }
body { font: 10.5pt/1.4 "DejaVu Sans", Helvetica, Arial, sans-serif; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 17pt; margin: 0 0 .2rem; }
h2 { font-size: 13pt; margin: 1.4rem 0 .4rem; padding-bottom: .15rem; border-bottom: 1.5px solid #333; break-after: avoid; }
h3 { font-size: 11pt; margin: .9rem 0 .3rem; break-after: avoid; }
p { margin: .3rem 0; }
p.small { font-size: 9pt; color: #444; }
p.meta { font-size: 9pt; color: #333; border-bottom: 1px solid #999; padding-bottom: .4rem; }
ul { margin: .3rem 0; padding-left: 1.2rem; }
ul.sources { font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .6rem; font-size: 9pt; }
table.compact { font-size: 8.3pt; }
table.narrow { width: auto; min-width: 55%; }
table.narrow td, table.narrow th { padding-right: 1.2rem; }
th, td { border-bottom: 1px solid #ccc; padding: .18rem .35rem; text-align: left; vertical-align: top; }
th { border-bottom: 1.5px solid #333; font-weight: 600; background: #f3f3f3; }
td.day { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fafafa; }
p.empty { font-style: italic; color: #555; font-size: 9pt; }
figure { margin: .5rem 0 .8rem; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figure.chart svg { width: 100%; }
figure.map svg { max-height: 112mm; width: auto; margin: 0 auto; }
figcaption { font-size: 8.5pt; color: #444; margin-top: .2rem; }
a { color: #0b4f8a; }
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  h2 { break-after: avoid; }
  ul.sources a::after { content: " <" attr(href) ">"; color: #333; word-break: break-all; }
  a { color: #111; text-decoration: none; }
}
`;

function block(b: Block, k: number, all: Block[]): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${esc(b.text)}</h${b.level}>`;
    case 'para':
      return `<p${b.small ? ` class="${k === 1 ? 'meta' : 'small'}"` : ''}>${b.text.map(inline).join('')}</p>`;
    case 'list': {
      const sources = all[k - 1]?.kind === 'heading' && /Sources/.test((all[k - 1] as { text: string }).text);
      return `<ul${sources ? ' class="sources"' : ''}>${b.items.map((i) => `<li>${i.map(inline).join('')}</li>`).join('')}</ul>`;
    }
    case 'table': {
      if (b.rows.length === 0) return `<p class="empty">${esc(b.empty)}</p>`;
      const cls = (j: number) => (b.numeric?.includes(j) ? ' class="num"' : '');
      // A table of a few short columns reads better at its own width than stretched across the page.
      const classes = [b.compact ? 'compact' : '', b.headers.length <= 4 ? 'narrow' : ''].filter(Boolean).join(' ');
      return `<table${classes ? ` class="${classes}"` : ''}><thead><tr>${b.headers.map((h, j) => `<th${cls(j)}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c, j) => `<td${isDay(c) ? ' class="day"' : cls(j)}>${cell(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
    }
    case 'figure':
      return `<figure class="${b.alt.startsWith('Map') ? 'map' : 'chart'}">${b.svg}<figcaption>${esc(b.caption)}</figcaption></figure>`;
  }
}

export function sitrepHtml(r: Sitrep): string {
  const blocks = sitrepDocument(r);
  const title = `Situation report ${r.agreement.id} ${r.period.from} to ${r.period.to}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
${blocks.map((b, k) => block(b, k, blocks)).join('\n')}
</body></html>
`;
}
