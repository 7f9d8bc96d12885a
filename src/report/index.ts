// One entry for every format of a sitrep: Markdown, HTML, or PDF printed from the HTML.
import type { Sitrep } from './model.ts';
import { sitrepMarkdown } from './markdown.ts';
import { sitrepHtml } from './html.ts';

export const REPORT_FORMATS = ['md', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/** What a printed page says at its foot: which report, which period, which basis — so a loose page can be cited. */
export function footerOf(r: Sitrep): string {
  const basis = r.basis.kind === 'release' ? `release ${r.basis.number}` : 'internal record';
  return `Truce situation report · ${r.agreement.id} · ${r.period.from} to ${r.period.to} · ${basis}`;
}

export async function renderSitrep(r: Sitrep, format: ReportFormat): Promise<string | Buffer> {
  if (format === 'md') return sitrepMarkdown(r);
  const html = sitrepHtml(r);
  if (format === 'html') return html;
  const { htmlToPdf } = await import('./pdf.ts');
  return htmlToPdf(html, footerOf(r));
}

export function fileNameOf(r: Sitrep, format: ReportFormat): string {
  return `sitrep-${r.agreement.id}-${r.period.from}-to-${r.period.to}${r.basis.kind === 'release' ? `-r${r.basis.number}` : ''}.${format}`;
}
