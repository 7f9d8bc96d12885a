// Plain-text rendering for the terminal of an agreement's provisions and of a compliance report. Provisions: one table per phase, in phase order, with
// who is obligated, the deadline, the indicator and where the fact comes from. Pure: returns a string.
import type { Agreement, Provision } from '../domain/agreement.ts';
import { actorName, describeDeadline, describeIndicator, describeTrigger, phasesInOrder, provisionsOfPhase } from '../domain/agreement.ts';
import type { ComplianceReport, ComplianceStatus } from '../domain/compliance.ts';
import { COMPLIANCE_STATUSES } from '../domain/compliance.ts';

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

// ---------------------------------------------------------------------------------------------------------
// Compliance

const STATUS_MARK: Record<ComplianceStatus, string> = {
  met: 'met',
  'partly-met': 'PARTLY MET',
  breached: 'BREACHED',
  pending: 'pending',
  overdue: 'OVERDUE',
  'not-assessable': 'n/a',
};

/**
 * A compliance report as text: phase readiness first (what blocks the next phase), then each provision × party
 * with its status and the one-sentence reason, verified and alleged breaches apart, and each body's figures.
 */
export function formatComplianceReport(report: ComplianceReport, agreement: Agreement): string {
  const out: string[] = [`${agreement.id} v${report.agreementVersion} — compliance as of ${report.asOf}`];
  for (const phase of report.phases) {
    const counts = COMPLIANCE_STATUSES.filter((s) => phase.counts[s] > 0).map((s) => `${phase.counts[s]} ${s}`).join(', ');
    out.push('', `${phase.name} [${phase.phaseId}]: ${phase.status}${counts ? ` (${counts})` : ''}`);
    if (phase.waitingOn) out.push(`  waiting for ${phase.waitingOn}`);
    if (phase.blockedBy.length) {
      out.push(`  blocked by ${phase.blockedBy.length} open item${phase.blockedBy.length === 1 ? '' : 's'} of the phase before:`);
      for (const b of phase.blockedBy) out.push(`    ${shortId(agreement, b.provisionId)} × ${actorName(agreement, b.party)}: ${b.status}`);
    }
    const rows = report.provisions.filter((a) => a.phase === phase.phaseId);
    if (rows.length === 0) continue;
    const idWidth = Math.max(...rows.map((a) => shortId(agreement, a.provisionId).length + (a.uncertain ? 2 : 0)));
    const partyWidth = Math.max(...rows.map((a) => actorName(agreement, a.party).length));
    for (const a of rows) {
      const id = `${shortId(agreement, a.provisionId)}${a.uncertain ? ' ?' : ''}`;
      out.push(`  ${id.padEnd(idWidth)}  ${actorName(agreement, a.party).padEnd(partyWidth)}  ${STATUS_MARK[a.status].padEnd(10)}  ${a.reason}`);
      const v = a.breaches.verified;
      const al = a.breaches.alleged;
      const { discounted, onStartDay } = a.breaches;
      if (v.count || al.count || discounted.count || onStartDay.count) {
        const grades = (t: typeof v) =>
          Object.entries(t.byGrade)
            .filter(([, n]) => n > 0)
            .map(([g, n]) => `${n} ${g}`)
            .join(', ');
        // Not counted, but listed: discounted (most likely someone else's, or only combatants harmed) and those of
        // the day the obligation began (before or after it, cannot tell).
        const aside = `${discounted.count ? ` · ${discounted.count} discounted` : ''}${onStartDay.count ? ` · ${onStartDay.count} on the start day` : ''}`;
        out.push(`${' '.repeat(idWidth + partyWidth + 18)}incidents: ${v.count} verified${v.count ? ` (${grades(v)}; ${v.killedBest} killed, best)` : ''} · ${al.count} alleged${al.count ? ` (${grades(al)})` : ''}${aside}`);
      }
    }
  }
  if (report.provisions.some((a) => a.uncertain)) out.push('', '? = the provision rests on uncertain sources; see its note');
  return `${out.join('\n')}\n`;
}
