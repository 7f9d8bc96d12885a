// The agreement board: phases and provisions with their status per party, the evidence behind it and deadlines;
// what blocks the next phase.
import { useState } from 'react';
import { api, ApiError, useApi, type Agreement } from '../api.ts';
import { useApp } from '../context.ts';
import { day, humanize, num, relativeHours } from '../format.ts';
import { Link } from '../router.tsx';
import { Card, Chip, ErrorBox, Loading, Page } from '../ui.tsx';

/** An evidence list: every incident counted, the latest of them named (the report's evidenceLimit). */
interface EvidenceList { count: number; incidentIds: string[] }
interface Tally extends EvidenceList { killedBest: number }
interface EvidencePage { incidents: Array<{ id: string; date: string }>; next: string | null }
interface Assessment {
  provisionId: string;
  phase: string;
  category: string;
  party: string;
  status: string;
  reason: string;
  deadline?: { state: string; at: string | null; hoursLeft: number | null; waitingOn: string | null };
  breaches: { verified: Tally; alleged: Tally; discounted: EvidenceList; onStartDay: EvidenceList };
  indicator: { metric: string; target: number; comparator: string; per: string; readings: Array<{ body: string; value: number; meetsTarget: boolean; lastDate: string | null }>; bodiesDisagree: boolean } | null;
  uncertain?: boolean;
}
interface Report {
  asOf: string;
  evidenceLimit: number | null;
  incidentsConsidered: number;
  provisions: Assessment[];
  phases: Array<{ phaseId: string; name: string; status: string; startsAt?: string | null; waitingOn?: string | null; openItems?: Array<{ provisionId: string; party: string; status: string; reason: string }>; blockedBy?: Array<{ provisionId: string; party: string; status: string; reason: string }> }>;
}

const STATUS_ORDER = ['breached', 'overdue', 'partly-met', 'pending', 'not-assessable', 'met'];

export function BoardPage() {
  const { agreementId } = useApp();
  const a = useApi<Agreement>(`/api/agreements/${encodeURIComponent(agreementId!)}`);
  const r = useApi<Report>(`/api/agreements/${encodeURIComponent(agreementId!)}/compliance`);
  const [only, setOnly] = useState('');
  if (!a.data || !r.data) return <Page title="Agreement">{a.error || r.error ? <ErrorBox error={(a.error ?? r.error)!} retry={() => { a.reload(); r.reload(); }} /> : <Loading what="the agreement board" />}</Page>;
  const agreement = a.data;
  const report = r.data;
  const partyName = (id: string) => [...(agreement.document.parties ?? []), ...(agreement.document.mediators ?? [])].find((p) => p.id === id)?.name ?? id;
  const byProvision = new Map<string, Assessment[]>();
  for (const x of report.provisions) byProvision.set(x.provisionId, [...(byProvision.get(x.provisionId) ?? []), x]);
  const counts = new Map<string, number>();
  for (const x of report.provisions) counts.set(x.status, (counts.get(x.status) ?? 0) + 1);
  return (
    <Page wide title={agreement.title} actions={<span className="muted small">as of {day(report.asOf)} · {num(report.incidentsConsidered)} incidents considered</span>}>
      <div className="filters" role="group" aria-label="Show provisions by status">
        <button type="button" className={`btn small ${only === '' ? 'pressed' : ''}`} aria-pressed={only === ''} onClick={() => setOnly('')}>
          All ({num(report.provisions.length)})
        </button>
        {STATUS_ORDER.filter((s) => counts.get(s)).map((s) => (
          <button key={s} type="button" className={`btn small ${only === s ? 'pressed' : ''}`} aria-pressed={only === s} onClick={() => setOnly(s)}>
            <Chip status={s} /> {num(counts.get(s)!)}
          </button>
        ))}
      </div>
      {report.phases.map((ph) => {
        const worst = (id: string) => Math.min(...(byProvision.get(id) ?? []).map((x) => STATUS_ORDER.indexOf(x.status)), 99);
        // The worst first: what is breached or overdue is what a mediator asks about.
        const provisions = agreement.provisions.filter((p) => p.phase === ph.phaseId && (byProvision.get(p.id) ?? []).some((x) => !only || x.status === only)).sort((a, b) => worst(a.id) - worst(b.id));
        return (
          <Card key={ph.phaseId} title={<>{ph.name} <Chip status={ph.status} /></>} id={`phase-${ph.phaseId}`} className="phase">
            <p className="muted small">
              {ph.startsAt ? `Started ${day(ph.startsAt)}` : ph.waitingOn ? `Starts when ${humanize(ph.waitingOn)}` : ''}
            </p>
            {(ph.blockedBy?.length ?? 0) > 0 && (
              <div className="blockers">
                <strong>What blocks this phase:</strong>
                <ul>
                  {ph.blockedBy!.map((b) => (
                    <li key={`${b.provisionId}-${b.party}`}>
                      <Chip status={b.status} /> {partyName(b.party)}: {humanize(b.provisionId)} — <span className="small">{b.reason}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {provisions.length === 0 ? (
              <p className="muted">No provisions {only ? `with status ${only}` : ''} in this phase.</p>
            ) : (
              <ul className="provisions">
                {provisions.map((p) => (
                  <li key={p.id} className="provision">
                    <div className="provision-head">
                      <strong>{humanize(p.id)}</strong> <span className="muted small">{p.category}</span>
                    </div>
                    <p>{p.act}</p>
                    {(byProvision.get(p.id) ?? []).map((x) => (
                      <div key={x.party} className="assessment">
                        <Chip status={x.status} /> <strong>{partyName(x.party)}</strong>
                        {x.uncertain && <span className="chip warn">uncertain source</span>}
                        <div className="small">{x.reason}</div>
                        <div className="muted small">
                          {x.breaches.verified.count + x.breaches.alleged.count > 0 && `Breaches: ${num(x.breaches.verified.count)} verified, ${num(x.breaches.alleged.count)} alleged. `}
                          {x.deadline && (x.deadline.state === 'coming' || x.deadline.state === 'passed') && `Deadline ${day(x.deadline.at)} (${relativeHours(x.deadline.hoursLeft)}). `}
                          {x.indicator && x.indicator.readings.map((rd) => `${rd.body}: ${num(Math.round(rd.value))} against ${x.indicator!.comparator} ${num(x.indicator!.target)}${x.indicator!.per !== 'total' ? ` a ${x.indicator!.per}` : ''}. `).join('')}
                          {x.indicator?.bodiesDisagree && 'The reporting bodies disagree. '}
                        </div>
                        {EVIDENCE.filter((e) => x.breaches[e.key].count > 0).map((e) => (
                          <Evidence key={e.key} agreementId={agreementId!} asOf={report.asOf} assessment={x} list={e} />
                        ))}
                      </div>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        );
      })}
    </Page>
  );
}

const EVIDENCE = [
  { key: 'verified', param: 'verified', label: 'verified' },
  { key: 'alleged', param: 'alleged', label: 'alleged' },
  { key: 'discounted', param: 'discounted', label: 'discounted (not counted)' },
  { key: 'onStartDay', param: 'on-start-day', label: 'on the start day (not counted)' },
] as const;

/**
 * One evidence list: how many incidents, the latest named as the report gives them (newest first), and the rest read
 * a page at a time from the evidence route in the same order, so "more" continues where the report stopped.
 */
function Evidence({ agreementId, asOf, assessment, list }: { agreementId: string; asOf: string; assessment: Assessment; list: (typeof EVIDENCE)[number] }) {
  const shown = assessment.breaches[list.key];
  const [more, setMore] = useState<{ incidents: Array<{ id: string; date: string | null }>; next: string | null; error: string | null; loading: boolean }>({ incidents: [], next: null, error: null, loading: false });
  const all = more.incidents.length ? more.incidents : shown.incidentIds.map((id) => ({ id, date: null }));
  const complete = more.incidents.length ? more.next === null : shown.incidentIds.length >= shown.count;
  const load = async () => {
    setMore((m) => ({ ...m, loading: true, error: null }));
    try {
      const q = new URLSearchParams({ provision: assessment.provisionId, party: assessment.party, list: list.param, asOf, limit: '500' });
      // The first pages reread what the report named (it is the pages' start), then go on.
      if (more.next) q.set('after', more.next);
      const page = await api<EvidencePage>(`/api/agreements/${encodeURIComponent(agreementId)}/compliance/evidence?${q}`);
      setMore((m) => ({ incidents: [...m.incidents, ...page.incidents], next: page.next, error: null, loading: false }));
    } catch (e) {
      setMore((m) => ({ ...m, loading: false, error: e instanceof ApiError ? e.message : String(e) }));
    }
  };
  return (
    <details className="evidence small">
      <summary>
        {num(shown.count)} {list.label} incident{shown.count === 1 ? '' : 's'}
        {all.length < shown.count ? `, latest ${num(all.length)} listed` : ''}
      </summary>
      <ul className="evidence-ids">
        {all.map((i) => (
          <li key={i.id}>
            <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.date ? `${day(i.date)} · ` : ''}{i.id}</Link>
          </li>
        ))}
      </ul>
      {!complete && (
        <button type="button" className="btn small" disabled={more.loading} onClick={() => void load()}>
          {more.loading ? 'Loading…' : more.incidents.length ? 'Show 500 more' : `Show all ${num(shown.count)}, 500 at a time`}
        </button>
      )}
      {more.error && <p className="error small">{more.error}</p>}
    </details>
  );
}
