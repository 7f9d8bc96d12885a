// The sitrep as Markdown (GitHub-flavoured tables). Charts and the map are SVG images embedded as data URIs, so
// the file stands alone: nothing to fetch, nothing beside it to lose.
import type { Sitrep } from './model.ts';
import { type Block, type Cell, type Inline, sitrepDocument } from './document.ts';

// `>` needs no escape mid-line and reads badly escaped (\\>= 600); `<` does, or it could open an HTML tag.
const mdText = (s: string) => s.replace(/([\\`*_[\]<|])/g, '\\$1').replace(/\n+/g, ' ');
const inline = (i: Inline): string => (typeof i === 'string' ? mdText(i) : `[${mdText(i.text)}](${i.href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`);
const cell = (c: Cell): string => (Array.isArray(c) ? c.map(inline).join('') : inline(c));

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${mdText(b.text)}`;
    case 'para':
      return b.small ? `*${b.text.map(inline).join('')}*` : b.text.map(inline).join('');
    case 'list':
      return b.items.map((i) => `- ${i.map(inline).join('')}`).join('\n');
    case 'table': {
      if (b.rows.length === 0) return `*${mdText(b.empty)}*`;
      const align = b.headers.map((_, k) => (b.numeric?.includes(k) ? '---:' : '---'));
      return [`| ${b.headers.map(mdText).join(' | ')} |`, `| ${align.join(' | ')} |`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
    }
    case 'figure':
      return `![${mdText(b.alt)}](data:image/svg+xml;base64,${Buffer.from(b.svg, 'utf8').toString('base64')})\n\n*${mdText(b.caption)}*`;
  }
}

export function sitrepMarkdown(r: Sitrep): string {
  return `${sitrepDocument(r).map(block).join('\n\n')}\n`;
}
