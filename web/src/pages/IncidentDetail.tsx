// One incident: who says what (its claims side by side), the sources with links and hashes, grade and reason,
// provisions allegedly breached, spatial facts, and the full history of changes.
import { useEffect, useState } from 'react';
import { api, useApi, type AuditEvent, type Claim, type Incident, type SourceDocument } from '../api.ts';
import { day, dateTime, estimate, GROUP_LABEL, humanize, num, tollTotal } from '../format.ts';
import { Link } from '../router.tsx';
import { useActorName } from '../context.ts';
import { Card, Chip, Empty, ErrorBox, Loading, Page } from '../ui.tsx';

export function IncidentPage({ id, publicView = false }: { id: string; publicView?: boolean }) {
  const actorName = useActorName();
  const inc = useApi<Incident>(`/api/incidents/${encodeURIComponent(id)}`, { publicView });
  const claims = useApi<Claim[]>(publicView ? null : `/api/claims?incident=${encodeURIComponent(id)}`);
  const history = useApi<AuditEvent[]>(`/api/audit/incident/${encodeURIComponent(id)}`, { publicView });
  const [sources, setSources] = useState<Record<string, SourceDocument | 'error'>>({});
  useEffect(() => {
    for (const sid of new Set((claims.data ?? []).map((c) => c.sourceDocumentId))) {
      if (sources[sid]) continue;
      api<SourceDocument>(`/api/sources/${encodeURIComponent(sid)}`).then(
        (d) => setSources((s) => ({ ...s, [sid]: d })),
        () => setSources((s) => ({ ...s, [sid]: 'error' })),
      );
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [claims.data]);

  if (!inc.data) return <Page title="Incident">{inc.error ? <ErrorBox error={inc.error} retry={inc.reload} /> : <Loading what="the incident" />}</Page>;
  const i = inc.data;
  const back = publicView ? '/public/map' : '/incidents';
  return (
    <Page
      wide
      title={
        <>
          {i.location?.name ?? 'Unnamed place'}, {day(i.date)}
        </>
      }
      actions={<Link to={back}>← {publicView ? 'Map' : 'All incidents'}</Link>}
    >
      <div className="grid2">
        <Card title="What happened" id="what">
          <dl className="facts">
            <dt>Type</dt>
            <dd>
              {i.eventType} — {i.subEventType}
            </dd>
            <dt>When</dt>
            <dd>
              {day(i.date)}
              {i.dateEnd && i.dateEnd !== i.date ? ` to ${day(i.dateEnd)}` : ''}
            </dd>
            <dt>Where</dt>
            <dd>
              {[...new Set([i.location?.name, i.location?.admin2, i.location?.admin1].filter(Boolean))].join(', ') || '—'}
              {i.location?.lat != null && i.location.lon != null && <span className="muted small"> ({i.location.lat.toFixed(4)}, {i.location.lon.toFixed(4)})</span>}
            </dd>
            <dt>Perpetrator (alleged)</dt>
            <dd>{i.actor1 ? actorName(i.actor1) : 'not attributed'}</dd>
            <dt>Target</dt>
            <dd>{actorName(i.actor2)}</dd>
            <dt>Killed</dt>
            <dd>
              <strong>{estimate(tollTotal(i.killed))}</strong>
              {Object.entries(i.killed).map(([g, e]) => (
                <span key={g} className="muted small">
                  {' '}
                  · {GROUP_LABEL[g] ?? g} {estimate(e)}
                </span>
              ))}
            </dd>
            <dt>Injured</dt>
            <dd>{estimate(tollTotal(i.injured))}</dd>
            <dt>Status</dt>
            <dd>
              <Chip status={i.status} />
            </dd>
            <dt>Grade</dt>
            <dd>
              {i.grade ? <strong>{i.grade}</strong> : 'not graded'}
              {i.gradeReason && <div className="small">{i.gradeReason}</div>}
            </dd>
          </dl>
          {i.notes && <p className="notes">{i.notes}</p>}
        </Card>
        <Card title="Provisions allegedly breached, and where it lies" id="provisions">
          {i.provisions.length === 0 ? (
            <p className="muted">Not linked to any provision yet.</p>
          ) : (
            <ul className="plain">
              {i.provisions.map((p) => (
                <li key={`${p.provisionId}-${p.partyId}`}>
                  <strong>{humanize(p.provisionId)}</strong> <span className="muted small">({p.provisionId})</span>
                  {p.partyId && <> — by {actorName(p.partyId)}</>}
                </li>
              ))}
            </ul>
          )}
          <h3>Against the agreement's lines and zones</h3>
          {(i.spatial ?? []).length === 0 ? (
            <p className="muted small">No spatial facts (no coordinates, or no line loaded to measure against).</p>
          ) : (
            <ul className="plain">
              {i.spatial!.map((s) => (
                <li key={s.geometry}>
                  {humanize(s.geometry)}: {s.inside === null ? '' : s.inside ? 'inside' : 'outside'} {s.side ? `${s.side} side` : ''}
                  {s.distanceMetres !== null && ` · ${num(Math.round(s.distanceMetres))} m`}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      {!publicView && (
        <Card title="Who says what" id="claims">
          {claims.error && <ErrorBox error={claims.error} retry={claims.reload} />}
          {!claims.data && !claims.error && <Loading what="claims" />}
          {claims.data && claims.data.length === 0 && <Empty title="No claims are attached to this incident." />}
          {claims.data && claims.data.length > 0 && (
            <div className="claims">
              {claims.data.map((c) => {
                const src = sources[c.sourceDocumentId];
                return (
                  <article key={c.id} className="claim">
                    <header>
                      <strong>{c.claimantName ?? c.claimantId ?? 'Unattributed'}</strong> <Chip status={c.status === 'accepted' ? 'verified' : c.status} label={c.status} />
                      <div className="muted small">
                        {c.kind} · {dateTime(c.claimedAt)}
                      </div>
                    </header>
                    {c.evidence && <blockquote>{c.evidence.text}</blockquote>}
                    <ClaimFigures claim={c} />
                    <footer className="small">
                      {src === undefined && 'source…'}
                      {src === 'error' && <span className="muted">source not readable</span>}
                      {src && src !== 'error' && (
                        <>
                          {src.sensitivity === 'protected' && <span className="chip warn">protected source — never public</span>}{' '}
                          {src.url ? (
                            <a href={src.url} rel="noreferrer noopener" target="_blank">
                              {src.title ?? src.url}
                            </a>
                          ) : (
                            (src.title ?? 'untitled document')
                          )}
                          {src.publisher && ` · ${src.publisher}`} · {day(src.publishedAt)}
                          <div className="hash" title="SHA-256 of the normalised text">
                            sha256 {src.contentHash.slice(0, 16)}…
                          </div>
                        </>
                      )}
                    </footer>
                  </article>
                );
              })}
            </div>
          )}
        </Card>
      )}

      <Card title="History" id="history">
        {history.error && <ErrorBox error={history.error} retry={history.reload} />}
        {history.data && history.data.length === 0 && <p className="muted">No history to show.</p>}
        {history.data && history.data.length > 0 && (
          <ol className="history">
            {history.data.map((e) => (
              <li key={e.seq}>
                <strong>{e.action}</strong> by {e.actor} · {dateTime(e.at)}
                {e.why && <div className="small">“{e.why}”</div>}
                <Changes e={e} />
              </li>
            ))}
          </ol>
        )}
      </Card>
    </Page>
  );
}

function ClaimFigures({ claim }: { claim: Claim }) {
  const b = claim.body as Record<string, unknown>;
  const parts: string[] = [];
  if (b.killed && typeof b.killed === 'object') {
    const t = tollTotal(b.killed as never);
    if (t) parts.push(`killed ${estimate(t)}`);
  }
  if (b.injured && typeof b.injured === 'object') {
    const t = tollTotal(b.injured as never);
    if (t) parts.push(`injured ${estimate(t)}`);
  }
  for (const k of ['perpetrator', 'location', 'date', 'accused', 'what', 'value', 'metric']) if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'object') parts.push(`${k}: ${String(b[k])}`);
  return parts.length ? <p className="small">{parts.join(' · ')}</p> : null;
}

function Changes({ e }: { e: AuditEvent }) {
  if (!e.old || !e.new) return null;
  const keys = Object.keys(e.new).filter((k) => !['updatedAt', 'version', 'updatedBy'].includes(k) && JSON.stringify(e.old![k]) !== JSON.stringify(e.new![k]));
  if (!keys.length) return null;
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return (
    <ul className="changes small">
      {keys.slice(0, 8).map((k) => (
        <li key={k}>
          {k}: <del>{show(e.old![k])}</del> → <ins>{show(e.new![k])}</ins>
        </li>
      ))}
    </ul>
  );
}
