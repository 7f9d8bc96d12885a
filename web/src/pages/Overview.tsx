// The dashboard for one agreement: what a mediator opens each morning. Everything is aggregated by the server
// (GET /api/agreements/:id/overview); the page only draws it.
import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { useApi, type Overview } from '../api.ts';
import { Chart, align, toSeconds } from '../chart.tsx';
import { colorFor, UNATTRIBUTED } from '../colors.ts';
import { canEdit, useApp } from '../context.ts';
import { dateTime, day, estimate, humanize, num, relativeHours, shortDay } from '../format.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { Card, Chip, Empty, ErrorBox, Loading, Page } from '../ui.tsx';

/** The week's situation report ending on `to` (the page's as-of day), as a page to read or a PDF to send. The
 * server decides what the caller may see: the public gets the latest release. */
function ReportLinks({ agreementId, to }: { agreementId: string; to: string }) {
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  const href = (format: 'html' | 'pdf') => `/api/agreements/${encodeURIComponent(agreementId)}/report?from=${from}&to=${to}&format=${format}`;
  return (
    <span className="inline" data-testid="report-links">
      <a className="btn small" href={href('html')} target="_blank" rel="noopener" title={`Situation report for ${from} to ${to}`}>
        Report
      </a>
      <a className="btn small ghost" href={href('pdf')} title={`The same report as a PDF (${from} to ${to})`}>
        PDF
      </a>
    </span>
  );
}

/** Dots on each value while they can be told apart; a long series is a line only. */
const DOTS_WHEN_FEW = (_u: uPlot, _s: number, i0: number, i1: number) => i1 - i0 < 90;

export function OverviewPage({ publicView = false }: { publicView?: boolean }) {
  const { agreementId, session } = useApp();
  const { query } = useLocation();
  const asOf = query.get('asOf');
  const path = `/api/agreements/${encodeURIComponent(agreementId!)}/overview${asOf ? `?asOf=${asOf}` : ''}`;
  const { data, error, loading, reload } = useApi<Overview>(path, { publicView });
  const base = publicView ? '/public' : '';
  // Figures computed before the latest changes come with newer ones on the way (a very large record): ask again.
  const refreshing = data?.freshness.refreshing ?? false;
  useEffect(() => {
    if (!refreshing) return;
    const t = setTimeout(reload, 5000);
    return () => clearTimeout(t);
  }, [refreshing, data, reload]);

  if (!data) return <Page title="Overview">{error ? <ErrorBox error={error} retry={reload} /> : <Loading what="the overview" />}</Page>;
  const o = data;
  const nothing = o.incidents.total === 0 && o.tallies.bodies.length === 0 && o.tallies.claims.length === 0 && o.aid.bodies.length === 0 && o.pledges.pledges.length === 0;
  return (
    <Page
      wide
      title={o.agreement.title}
      actions={
        <>
        <ReportLinks agreementId={agreementId!} to={asOf ?? new Date().toISOString().slice(0, 10)} />
        <label className="inline">
          As of
          <input type="date" value={asOf ?? ''} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setQuery({ asOf: e.target.value || null })} aria-label="Show the record as of this day" />
          {asOf && (
            <button type="button" className="btn small ghost" onClick={() => setQuery({ asOf: null })}>
              Today
            </button>
          )}
        </label>
        </>
      }
    >
      <p className="lede" data-testid="day-n">
        {o.agreement.dayN !== null ? (
          <>
            <strong className="big">Day {num(o.agreement.dayN)}</strong> of the ceasefire, in force since {day(o.agreement.inForceAt)}
          </>
        ) : (
          <>Not in force on {day(o.agreement.asOf)}; it takes effect {day(o.agreement.inForceAt)}.</>
        )}
        {loading && <span className="muted small"> · updating…</span>}
      </p>
      {error && <ErrorBox error={error} retry={reload} />}
      {!o.freshness.current && (
        <p className="banner" role="status" data-testid="stale-figures">
          These figures were computed at {dateTime(o.freshness.computedAt)}, before the latest {num(o.freshness.changesSince)} change{o.freshness.changesSince === 1 ? '' : 's'} to the record.
          {o.freshness.refreshing ? ' Newer figures are being computed; this page updates when they are ready.' : ''}
        </p>
      )}
      {publicView && (
        <p className="banner">
          {o.release !== null ? (
            <>
              This is the public record: release {o.release}, published incidents and public sources only.{' '}
              <a href="/api/releases">Releases and their content hashes</a>
            </>
          ) : (
            <>Nothing has been published yet. The public record starts with the first release.</>
          )}
        </p>
      )}
      {nothing && !publicView && (
        <Empty title="Nothing is recorded for this agreement yet.">
          {canEdit(session) ? (
            <>
              Start by pasting a news article or a statement into <Link to="/intake">Intake</Link>; its draft incidents, tallies and pledges go to the <Link to="/review">review queue</Link>.
            </>
          ) : (
            <>An analyst adds reports through Intake; ask one to start.</>
          )}
        </Empty>
      )}

      <div className="stats" role="list">
        <Stat label="Deaths since the ceasefire, from verified incidents" value={estimate(o.tallies.verified.killed)} sub={`${num(o.tallies.verified.count)} verified incident${o.tallies.verified.count === 1 ? '' : 's'}${o.tallies.verified.killed && o.tallies.verified.killed.low !== o.tallies.verified.killed.high ? ' · best (low–high)' : ''}`} testId="verified-killed" />
        <Stat label="Injured, from verified incidents" value={o.tallies.verified.injured ? estimate(o.tallies.verified.injured) : 'none reported'} sub="same incidents" />
        {/* A body whose series cannot give a figure since the start (no total before it to subtract) is in the table, not here. */}
        {[...o.tallies.bodies.filter((b) => /kill|death|dead/i.test(b.metric) && b.value !== null), ...o.tallies.claims.filter((c) => /kill|death|dead/i.test(c.metric))].slice(0, 3).map((b) => (
          <Stat
            key={'seriesId' in b ? b.seriesId : `${b.body}-${b.metric}`}
            label={`Deaths since the ceasefire, as ${'bodyName' in b ? b.bodyName : ''} reports`}
            value={num(b.value)}
            sub={b.asOf ? `as of ${day(b.asOf)}` : 'no date given'}
          />
        ))}
        <Stat label={publicView ? 'Published incidents' : 'Incidents recorded'} value={num(o.incidents.total)} sub={Object.entries(o.incidents.byStatus).map(([s, n]) => `${num(n)} ${s}`).join(' · ') || 'none yet'} testId="incident-total" />
      </div>

      <div className="grid2">
        <Card title="Deaths since the ceasefire began" id="deaths">
          <DeathsChart o={o} />
          <BodyTable o={o} />
          <UnlinkedNote o={o} />
        </Card>
        <Card title="Violations per party, each week" id="violations">
          <ViolationsChart o={o} />
        </Card>
        <Card title={`Aid trucks per day${o.aid.target ? ` against the agreed ${num(o.aid.target)}` : ''}`} id="aid">
          <AidChart o={o} />
        </Card>
        <Card title="Stabilization force: pledges against the requirement" id="pledges">
          <Pledges o={o} />
        </Card>
        <Card title="Deadlines coming and overdue" id="deadlines">
          <Deadlines o={o} />
        </Card>
        <Card title="Phases" id="phases">
          <ul className="phases">
            {o.phases.map((p) => (
              <li key={p.phaseId}>
                <Chip status={p.status} /> <strong>{p.name}</strong>
                <span className="muted small">
                  {' '}
                  {p.openItems ? `${num(p.openItems)} open item${p.openItems === 1 ? '' : 's'}` : 'nothing open'}
                  {p.waitingOn ? ` · waits for ${humanize(p.waitingOn)}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {!publicView && <Link to={`${base}/agreement`}>Every provision with its status and evidence →</Link>}
        </Card>
      </div>
    </Page>
  );
}

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="stat" role="listitem" data-testid={testId}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
      {sub && <div className="stat-sub">{sub}</div>}
    </div>
  );
}

function DeathsChart({ o }: { o: Overview }) {
  const chart = useMemo(() => {
    const v = o.deathsOverTime.verified;
    const lists = [v.map((p) => ({ date: p.date, value: p.best })), v.map((p) => ({ date: p.date, value: p.low })), v.map((p) => ({ date: p.date, value: p.high })), ...o.deathsOverTime.bodies.map((b) => b.points)];
    const data = align(lists);
    const series: uPlot.Series[] = [
      { label: 'Verified incidents (best)', stroke: colorFor(0), width: 2, spanGaps: true },
      { label: 'verified, low', stroke: colorFor(0), dash: [2, 4], width: 1, spanGaps: true },
      { label: 'verified, high', stroke: colorFor(0), dash: [2, 4], width: 1, spanGaps: true },
      // Reporting bodies take colours the parties do not use (parties are 0 and 1 elsewhere on the page).
      ...o.deathsOverTime.bodies.map((b, i) => ({ label: `${b.bodyName} (${humanize(b.metric)})`, stroke: colorFor(i + 2), width: 2, spanGaps: true, points: { show: DOTS_WHEN_FEW, size: 5 } })),
    ];
    const bands: uPlot.Band[] = [{ series: [3, 2], fill: 'rgba(0,114,178,0.12)' }];
    return { data, series, bands };
  }, [o]);
  if (o.deathsOverTime.verified.length === 0 && o.deathsOverTime.bodies.length === 0) {
    return <Empty title="No deaths recorded since the start yet.">Verified incidents and reporting bodies' running totals appear here.</Empty>;
  }
  return <Chart label="Deaths since the ceasefire began, over time" yLabel="deaths" {...chart} />;
}

function BodyTable({ o }: { o: Overview }) {
  const rows = [
    ...o.tallies.bodies.map((b) => ({ key: b.seriesId, who: b.bodyName, what: humanize(b.metric), value: b.value, asOf: b.asOf, how: b.method + (b.estimated ? ' (estimated)' : '') })),
    ...o.tallies.claims.map((c) => ({ key: `${c.body}-${c.metric}`, who: c.bodyName, what: humanize(c.metric), value: c.value as number | null, asOf: c.asOf, how: `as stated${c.since ? `, counted since ${day(c.since)}` : ''}` })),
  ];
  if (rows.length === 0) return <p className="muted small">No reporting body's figures yet. Each body's figures stay separate; they are never added together or to the incident sum.</p>;
  return (
    <table className="table compact">
      <caption className="sr-only">Figures by reporting body</caption>
      <thead>
        <tr>
          <th scope="col">Reporting body</th>
          <th scope="col">Figure</th>
          <th scope="col" className="num">Since the start</th>
          <th scope="col">As of</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} title={r.how}>
            <td>{r.who}</td>
            <td>{r.what}</td>
            <td className="num">{num(r.value)}</td>
            <td>{day(r.asOf)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Series held that name neither a territory nor an agreement: not this agreement's figures, but not hidden either. */
function UnlinkedNote({ o }: { o: Overview }) {
  const ids = o.tallies.unlinked ?? [];
  if (ids.length === 0) return null;
  return (
    <p className="muted small" data-testid="unlinked-series">
      Not linked to this agreement (no territory or agreement recorded, so not in the table): {ids.join(', ')}. Link one with <code>truce series link ID --agreement {o.agreement.id}</code>.
    </p>
  );
}

function ViolationsChart({ o }: { o: Overview }) {
  const [showTable, setShowTable] = useState(false);
  const { weeks, parties } = o.violations;
  const active = parties.filter((p) => p.alleged.some(Boolean) || p.verified.some(Boolean));
  if (weeks.length === 0 || active.length === 0) return <Empty title="No violations reported yet.">Incidents attributed to a party appear here week by week, alleged and verified.</Empty>;
  const max = Math.max(1, ...weeks.map((_, w) => Math.max(...active.map((p) => p.alleged[w]! + p.verified[w]!))));
  const W = 640, H = 220, left = 36, bottom = 24, top = 8;
  const groupW = (W - left) / weeks.length;
  const barW = Math.max(2, Math.min(18, (groupW * 0.8) / active.length));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const colour = (id: string, i: number) => (id === 'unattributed' ? UNATTRIBUTED : colorFor(i));
  const labelEvery = Math.ceil(weeks.length / 8);
  return (
    <>
      <div className="legend" aria-hidden="true">
        {active.map((p, i) => (
          <span key={p.id}>
            <span className="swatch" style={{ background: colour(p.id, parties.indexOf(p)) }} /> {p.name}
          </span>
        ))}
        <span>
          <span className="swatch solid" /> verified
        </span>
        <span>
          <span className="swatch hatched" /> alleged, not yet verified
        </span>
      </div>
      <svg className="bars" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Violations per party per week: verified as solid bars, alleged as hatched bars on top">
        <defs>
          {active.map((p) => (
            <pattern key={p.id} id={`hatch-${p.id}`} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="5" height="5" fill="#fff" />
              <line x1="0" y1="0" x2="0" y2="5" stroke={colour(p.id, parties.indexOf(p))} strokeWidth="3" />
            </pattern>
          ))}
        </defs>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={W} y1={y(t)} y2={y(t)} stroke="#e5e5e5" />
            <text x={left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#444">
              {num(t)}
            </text>
          </g>
        ))}
        {weeks.map((w, wi) => (
          <g key={w}>
            {active.map((p, pi) => {
              const x = left + wi * groupW + (groupW - barW * active.length) / 2 + pi * barW;
              const v = p.verified[wi]!, a = p.alleged[wi]!;
              return (
                <g key={p.id}>
                  <title>{`${p.name}, week of ${day(w)}: ${v} verified, ${a} alleged`}</title>
                  {v > 0 && <rect x={x} width={barW - 1} y={y(v)} height={y(0) - y(v)} fill={colour(p.id, parties.indexOf(p))} />}
                  {a > 0 && <rect x={x} width={barW - 1} y={y(v + a)} height={y(v) - y(v + a)} fill={`url(#hatch-${p.id})`} stroke={colour(p.id, parties.indexOf(p))} strokeWidth="0.8" />}
                </g>
              );
            })}
            {wi % labelEvery === 0 && (
              <text x={left + wi * groupW + groupW / 2} y={H - 6} textAnchor="middle" fontSize="11" fill="#444">
                {shortDay(w)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <button type="button" className="btn small ghost" aria-expanded={showTable} onClick={() => setShowTable((s) => !s)}>
        {showTable ? 'Hide the figures' : 'Show the figures as a table'}
      </button>
      {showTable && (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Week of</th>
              {active.map((p) => (
                <th key={p.id} scope="col" className="num">
                  {p.name}: verified / alleged
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((w, wi) => (
              <tr key={w}>
                <td>{day(w)}</td>
                {active.map((p) => (
                  <td key={p.id} className="num">
                    {p.verified[wi]} / {p.alleged[wi]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function AidChart({ o }: { o: Overview }) {
  const chart = useMemo(() => {
    const data = align(o.aid.bodies.map((b) => b.points));
    const series: uPlot.Series[] = o.aid.bodies.map((b, i) => ({ label: `${b.bodyName}${b.from === 'claims' ? ' (as reported in texts)' : ''}`, stroke: colorFor(i + 2), width: 2, points: { show: DOTS_WHEN_FEW, size: 5 }, spanGaps: false }));
    const target = o.aid.target ? { value: o.aid.target, label: `agreed: ${num(o.aid.target)} a day` } : undefined;
    return { data, series, target };
  }, [o]);
  if (!o.aid.metric) return <p className="muted">This agreement sets no truck target.</p>;
  if (o.aid.bodies.length === 0) return <Empty title="No aid figures yet.">Daily truck counts from COGAT, the UN or others appear here, each body's figures kept apart.</Empty>;
  return <Chart label="Aid trucks per day per reporting body against the target" yLabel="trucks a day" {...chart} />;
}

function Pledges({ o }: { o: Overview }) {
  const { requirement, pledges, objections } = o.pledges;
  const counted = pledges.filter((p) => ['pledged', 'committed', 'deployed'].includes(p.status));
  const total = counted.reduce((s, p) => s + (p.troops?.best ?? 0), 0);
  const pct = requirement ? Math.min(100, (total / requirement.target) * 100) : 0;
  return (
    <>
      {requirement && (
        <div className="progress-block">
          <div className="progress-label">
            <strong>{num(total)}</strong> pledged of <strong>{num(requirement.target)}</strong> {requirement.unit ?? 'troops'} required
          </div>
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={requirement.target} aria-valuenow={total} aria-label="Troops pledged against the requirement">
            <div style={{ width: `${pct}%` }} />
          </div>
          {requirement.note && <p className="muted small">{requirement.note}</p>}
        </div>
      )}
      {pledges.length === 0 ? (
        <p className="muted">No pledges recorded yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col" className="num">Troops</th>
              <th scope="col">Status</th>
              <th scope="col">Said</th>
            </tr>
          </thead>
          <tbody>
            {pledges.map((p, i) => (
              <tr key={i}>
                <td>{p.country}</td>
                <td className="num">{p.troops ? (p.troops.low !== p.troops.high ? `up to ${num(p.troops.high)}` : num(p.troops.best)) : '—'}</td>
                <td>
                  {p.status}
                  {p.claimStatus === 'draft' && <span className="muted small"> (draft)</span>}
                </td>
                <td>{day(p.claimedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {objections.length > 0 && (
        <>
          <h3>Objections</h3>
          <ul className="plain">
            {objections.map((x, i) => (
              <li key={i}>
                <strong>{x.objector}</strong> objects to <strong>{x.objectsTo}</strong>
                {x.force ? ` in the ${x.force}` : ''} <span className="muted small">({day(x.claimedAt)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Deadlines({ o }: { o: Overview }) {
  if (o.deadlines.length === 0) return <p className="muted">No dated deadline is open.</p>;
  const overdue = o.deadlines.filter((d) => d.state === 'passed');
  const coming = o.deadlines.filter((d) => d.state === 'coming');
  return (
    <>
      {[
        ['Overdue', overdue],
        ['Coming', coming],
      ].map(([label, list]) =>
        (list as Overview['deadlines']).length ? (
          <div key={label as string}>
            <h3>{label as string}</h3>
            <ul className="deadlines">
              {(list as Overview['deadlines']).map((d) => (
                <li key={`${d.provisionId}-${d.party}`}>
                  <Chip status={d.status} /> <strong>{d.partyName}</strong>: {d.act}
                  <div className="muted small">
                    {day(d.at)} ({relativeHours(d.hoursLeft)})
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </>
  );
}

export { toSeconds };
