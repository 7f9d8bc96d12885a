// Plain-text rendering of an agreement's provisions for the terminal: one table per phase, in phase order, with
// who is obligated, the deadline, the indicator and where the fact comes from. Pure: returns a string.
import type { Agreement, Provision } from '../domain/agreement.ts';
import { actorName, describeDeadline, describeIndicator, describeTrigger, phasesInOrder, provisionsOfPhase } from '../domain/agreement.ts';

export interface ProvisionTableOptions {
  /** also print each provision's act, trigger, note and every source URL under its row */
  full?: boolean;
  /** widest a column may grow before it is cut with "…" (default 44) */
  maxColumn?: number;
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}

function host(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

function sourceCell(p: Provision): string {
  const [first, ...rest] = p.sources;
  if (!first) return '—';
  return rest.length ? `${host(first)} (+${rest.length})` : host(first);
}

/** The short id shown in tables: the part after `<agreement>/`. */
function shortId(agreement: Agreement, id: string): string {
  return id.startsWith(`${agreement.id}/`) ? id.slice(agreement.id.length + 1) : id;
}

function describeStart(start: Agreement['phases'][number]['start']): string {
  if ('on' in start) return `starts on ${start.on}`;
  if ('at' in start) return `starts ${start.at}`;
  return `starts when ${start.afterPhase} completes`;
}

export function formatProvisionTable(agreement: Agreement, options: ProvisionTableOptions = {}): string {
  const max = options.maxColumn ?? 44;
  const out: string[] = [];
  out.push(`${agreement.id} v${agreement.version} — ${agreement.title}`);
  out.push(`${agreement.kind}, PA-X stage ${agreement.paxStage} · signed ${agreement.signedAt} · in force ${agreement.inForceAt}`);
  const names = (ids: string[]) => ids.map((id) => actorName(agreement, id)).join(', ');
  out.push(`parties: ${names(agreement.parties.map((p) => p.id))}`);
  if (agreement.mediators?.length) out.push(`mediators: ${names(agreement.mediators.map((p) => p.id))}`);
  if (agreement.guarantors?.length) out.push(`guarantors: ${names(agreement.guarantors.map((p) => p.id))}`);
  if (agreement.monitors?.length) out.push(`monitors: ${names(agreement.monitors.map((p) => p.id))}`);

  const header = ['PROVISION', 'CATEGORY', 'OBLIGATED', 'DEADLINE', 'INDICATOR', 'SOURCE'];
  let anyUncertain = false;
  for (const phase of phasesInOrder(agreement)) {
    const provisions = provisionsOfPhase(agreement, phase.id);
    out.push('', `${phase.name} [${phase.id}] — ${describeStart(phase.start)} — ${provisions.length} provision${provisions.length === 1 ? '' : 's'}`);
    if (provisions.length === 0) continue;
    const rows = provisions.map((p) => {
      anyUncertain ||= p.uncertain === true;
      return [
        `${shortId(agreement, p.id)}${p.uncertain ? ' ?' : ''}`,
        p.category,
        names(p.obligated),
        (p.deadline ? describeDeadline(p.deadline) : '—').replace(/after (\S+)/, (_, ref: string) => `after ${shortId(agreement, ref)}`),
        describeIndicator(p.indicator) || '—',
        sourceCell(p),
      ].map((cell) => cut(cell, max));
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`;
    out.push(line(header));
    for (const [i, row] of rows.entries()) {
      out.push(line(row));
      if (options.full) {
        const p = provisions[i]!;
        out.push(`      ${p.act}`);
        out.push(`      trigger: ${describeTrigger(p.trigger)}${p.ref ? ` · ${p.ref}` : ''}`);
        if (p.note) out.push(`      note: ${p.note}`);
        for (const s of p.sources) out.push(`      source: ${s}`);
      }
    }
  }
  const lines = agreement.geometry ?? [];
  if (lines.length) {
    out.push('', 'geometry:');
    for (const g of lines) {
      const meaning = g.meaning.party && g.meaning.mustStay ? ` — ${actorName(agreement, g.meaning.party)} stays ${g.meaning.mustStay}` : '';
      out.push(`  ${g.name} (${g.kind}, ${g.meaning.role})${meaning}: ${g.geojson ? 'loaded' : g.file ? `in ${g.file}, not loaded` : `${g.kind} not loaded`}`);
    }
  }
  if (anyUncertain) out.push('', '? = rests on uncertain sources (single weak source, leaked or draft text); see the note');
  return `${out.join('\n')}\n`;
}
