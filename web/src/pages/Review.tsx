// The review queue: drafts on the left; on the right the selected draft with the evidence sentence highlighted in
// its source text, its claims side by side, suggested duplicates, and the actions — each with a key.
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, useApi, type Agreement, type AuditEvent, type Claim, type Incident } from '../api.ts';
import { useApp } from '../context.ts';
import { day, dateTime, estimate, GROUP_LABEL, humanize, num, tollTotal } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { Card, Chip, Empty, ErrorBox, Loading, Page } from '../ui.tsx';

interface QueueItem { id: string; kind: string; status: string; version: number; summary: string; date: string | null; createdAt: string; reports: number }
interface ReviewItem {
  kind: 'incident' | 'claim';
  incident: (Incident & { createdBy: string; updatedBy: string }) | null;
  claim: Claim | null;
  claims: Array<{ claim: Claim; source: { id: string; title: string | null; url: string | null; publisher: string | null; publishedAt: string | null; sensitivity: string; contentHash: string } }>;
  excerpts: Array<{ claimId: string; text: string; start: number; end: number }>;
  duplicates: Array<{ id: string; score: number; reasons: string[] }>;
  history: AuditEvent[];
}
interface Changed { id: string; status: string; version: number }

const GRADES: Array<[string, string]> = [
  ['confirmed', 'a belligerent accepted responsibility'],
  ['fair', 'two or more credible sources'],
  ['weak', 'a single source'],
  ['contested', 'competing claims of responsibility'],
  ['discounted', 'combatants harmed, or another party most likely responsible'],
];
const EVENT_TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'];

type Mode = null | 'reject' | 'grade' | 'edit' | 'merge';

export function ReviewPage({ id }: { id?: string }) {
  const { agreementId, session } = useApp();
  const queue = useApi<QueueItem[]>(`/api/review?agreement=${encodeURIComponent(agreementId!)}&limit=200`);
  const list = queue.data ?? [];
  const current = id ?? list[0]?.id;
  const index = list.findIndex((q) => q.id === current);
  const go = useCallback((to: string | undefined) => to && navigate(`/review/${encodeURIComponent(to)}`, true), []);
  return (
    <Page wide title="Review queue" actions={<Link to="/intake">+ Add a report</Link>}>
      {queue.error && <ErrorBox error={queue.error} retry={queue.reload} />}
      {!queue.data && !queue.error && <Loading what="the queue" />}
      {queue.data && list.length === 0 && !id && (
        <Empty title="The queue is empty: nothing waits for review.">
          Paste a report into <Link to="/intake">Intake</Link>; its draft incidents, tallies and pledges arrive here.
        </Empty>
      )}
      {(list.length > 0 || id) && (
        <div className="review-layout">
          <nav className="queue" aria-label="Drafts waiting for review">
            <ul>
              {list.map((q) => (
                <li key={q.id}>
                  <a href={`/review/${encodeURIComponent(q.id)}`} aria-current={q.id === current ? 'true' : undefined} onClick={(e) => { e.preventDefault(); go(q.id); }}>
                    <div>
                      <Chip status={q.status} /> <span className="muted small">{q.kind}</span>
                    </div>
                    <div className="small">{q.summary}</div>
                    <div className="muted small">
                      {day(q.date)}
                      {q.reports > 1 ? ` · ${q.reports} reports` : ''}
                    </div>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {current ? (
            <Draft
              key={current}
              id={current}
              me={session!.user.name}
              onChanged={queue.reload}
              next={() => go(list[index + 1]?.id ?? list[index - 1]?.id)}
              prev={() => go(list[index - 1]?.id)}
              hasNext={index >= 0 && index < list.length - 1}
            />
          ) : (
            <Empty title="Pick a draft on the left." />
          )}
        </div>
      )}
    </Page>
  );
}

function Draft({ id, me, onChanged, next, prev, hasNext }: { id: string; me: string; onChanged: () => void; next: () => void; prev: () => void; hasNext: boolean }) {
  const { agreementId } = useApp();
  const item = useApi<ReviewItem>(`/api/review/${encodeURIComponent(id)}`);
  const agreement = useApi<Agreement>(`/api/agreements/${encodeURIComponent(agreementId!)}`);
  const [mode, setMode] = useState<Mode>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [fullText, setFullText] = useState<Record<string, string>>({});
  const rec = item.data?.incident ?? item.data?.claim ?? null;
  const version = rec?.version ?? 0;
  const status = rec?.status ?? '';
  const isIncident = item.data?.kind === 'incident';

  const act = useCallback(
    async (path: string, body: Record<string, unknown>, done: string, method = 'POST') => {
      setBusy(true);
      setMessage(null);
      try {
        const r = await api<Changed>(`/api/review/${encodeURIComponent(id)}${path}`, { method, body: { version, ...body } });
        setMessage({ kind: 'ok', text: `${done}: now ${r.status} (version ${r.version}).` });
        setMode(null);
        item.reload();
        onChanged();
        return true;
      } catch (e) {
        setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : String(e) });
        if (e instanceof ApiError && e.code === 'stale-version') item.reload();
        return false;
      } finally {
        setBusy(false);
      }
    },
    [id, version, item, onChanged],
  );

  const can = {
    accept: status === 'draft',
    reject: status === 'draft' || status === 'in-review',
    grade: isIncident && !['merged', 'rejected'].includes(status),
    edit: !['merged', 'rejected'].includes(status),
    verify: isIncident && status === 'in-review',
    publish: isIncident && status === 'verified',
    merge: isIncident && ['draft', 'in-review', 'verified'].includes(status) && (item.data?.duplicates.length ?? 0) > 0,
  };
  const fourEyes = isIncident && item.data?.incident && (item.data.incident.createdBy === me || item.data.incident.updatedBy === me);

  // Keyboard: single keys when not typing in a field.
  const keys = useRef<Record<string, () => void>>({});
  keys.current = {
    j: () => hasNext && next(),
    k: prev,
    a: () => can.accept && !busy && void act('/accept', {}, 'Accepted'),
    r: () => can.reject && setMode('reject'),
    g: () => can.grade && setMode('grade'),
    e: () => can.edit && setMode('edit'),
    m: () => can.merge && setMode('merge'),
    v: () => can.verify && !busy && void act('/verify', {}, 'Verified'),
    p: () => can.publish && !busy && void act('/publish', {}, 'Published'),
    Escape: () => setMode(null),
  };
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key !== 'Escape' && (t.closest('input, textarea, select, [contenteditable]') || e.ctrlKey || e.metaKey || e.altKey)) return;
      const f = keys.current[e.key];
      if (f) {
        e.preventDefault();
        f();
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);

  const showWhole = async (sourceId: string) => {
    try {
      const d = await api<{ text: string }>(`/api/sources/${encodeURIComponent(sourceId)}`);
      setFullText((f) => ({ ...f, [sourceId]: d.text }));
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : String(e) });
    }
  };

  if (!item.data) return <div>{item.error ? <ErrorBox error={item.error} retry={item.reload} /> : <Loading what="the draft" />}</div>;
  const d = item.data;
  const inc = d.incident;
  const Button = ({ k, label, on, enabled, primary }: { k: string; label: string; on: () => void; enabled: boolean; primary?: boolean }) => (
    <button type="button" className={`btn ${primary ? 'primary' : ''}`} onClick={on} disabled={!enabled || busy} aria-keyshortcuts={k}>
      {label} <kbd>{k}</kbd>
    </button>
  );
  return (
    <div className="draft" aria-live="polite">
      <Card
        title={
          <>
            {inc ? `${inc.location?.name ?? 'Unnamed place'} · ${day(inc.date)}` : `${d.claim!.kind} claim`} <Chip status={status} />
          </>
        }
        id="draft-head"
      >
        {inc && (
          <dl className="facts">
            <dt>Type</dt>
            <dd>
              {inc.eventType} — {inc.subEventType}
            </dd>
            <dt>Perpetrator (alleged)</dt>
            <dd>{inc.actor1 ?? 'not attributed'}</dd>
            <dt>Target</dt>
            <dd>{inc.actor2 ?? '—'}</dd>
            <dt>Killed</dt>
            <dd>
              <strong>{estimate(tollTotal(inc.killed))}</strong>
              {Object.entries(inc.killed).map(([g, e]) => ` · ${GROUP_LABEL[g] ?? g} ${estimate(e)}`)}
            </dd>
            <dt>Injured</dt>
            <dd>{estimate(tollTotal(inc.injured))}</dd>
            <dt>Where</dt>
            <dd>
              {[inc.location?.name, inc.location?.admin1].filter(Boolean).join(', ') || '—'}
              {inc.location && inc.location.lat === null && <span className="muted small"> (no coordinates: not on the map until placed)</span>}
              {inc.location?.precision === 3 && inc.location.lat !== null && <span className="muted small"> (approximate: region only)</span>}
            </dd>
            <dt>Grade</dt>
            <dd>{inc.grade ? `${inc.grade} — ${inc.gradeReason ?? ''}` : 'not graded (needed before verifying)'}</dd>
            <dt>Provisions</dt>
            <dd>{inc.provisions.length ? inc.provisions.map((p) => `${humanize(p.provisionId)}${p.partyId ? ` (${p.partyId})` : ''}`).join('; ') : 'none linked'}</dd>
            <dt>Drafted by</dt>
            <dd>
              {inc.createdBy}
              {inc.updatedBy !== inc.createdBy ? `, last changed by ${inc.updatedBy}` : ''}
            </dd>
          </dl>
        )}
        {d.claim && <ClaimBody claim={d.claim} />}

        <div className="actions" role="toolbar" aria-label="Review actions">
          <Button k="a" label="Accept" on={() => void act('/accept', {}, 'Accepted')} enabled={can.accept} primary={can.accept} />
          <Button k="e" label="Edit" on={() => setMode('edit')} enabled={can.edit} />
          <Button k="g" label="Grade" on={() => setMode('grade')} enabled={can.grade} />
          <Button k="v" label="Verify" on={() => void act('/verify', {}, 'Verified')} enabled={can.verify} primary={can.verify && !fourEyes} />
          <Button k="p" label="Publish" on={() => void act('/publish', {}, 'Published')} enabled={can.publish} primary={can.publish} />
          <Button k="m" label="Merge" on={() => setMode('merge')} enabled={can.merge} />
          <Button k="r" label="Reject" on={() => setMode('reject')} enabled={can.reject} />
        </div>
        <p className="shortcuts">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous draft · <kbd>Esc</kbd> closes a form.
          {can.verify && fourEyes && ' You drafted or last changed this incident: another reviewer must verify it (four eyes).'}
          {can.verify && !inc?.grade && ' Grade it before verifying.'}
        </p>
        {message && (
          <p className={`state ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
            {message.kind === 'ok' && hasNext && (
              <button type="button" className="btn small" onClick={next}>
                Next draft <kbd>j</kbd>
              </button>
            )}
          </p>
        )}
        {mode === 'reject' && <ReasonForm label="Why reject it? (kept in the audit log)" submit="Reject" onCancel={() => setMode(null)} onSubmit={async (reason) => (await act('/reject', { reason }, 'Rejected')) && hasNext && next()} />}
        {mode === 'grade' && <GradeForm current={inc?.grade ?? null} onCancel={() => setMode(null)} onSubmit={(grade, reason) => void act('/grade', { grade, reason }, `Graded ${grade}`)} />}
        {mode === 'merge' && (
          <Form onCancel={() => setMode(null)} submit="Merge" onSubmit={async (f) => void act('/merge', { into: f.get('into'), reason: f.get('reason') || undefined }, 'Merged')}>
            <fieldset>
              <legend>Merge this incident into:</legend>
              {d.duplicates.map((dup, i) => (
                <label key={dup.id} className="radio">
                  <input type="radio" name="into" value={dup.id} defaultChecked={i === 0} /> <Link to={`/incidents/${encodeURIComponent(dup.id)}`}>{dup.id}</Link> — {num(Math.round(dup.score * 100))}% alike ({dup.reasons.join(', ')})
                </label>
              ))}
            </fieldset>
            <label>
              Reason (optional)
              <input name="reason" />
            </label>
          </Form>
        )}
        {mode === 'edit' && inc && <EditForm incident={inc} agreement={agreement.data} onCancel={() => setMode(null)} onSubmit={(fields, reason) => void act('', { fields, reason }, 'Saved', 'PATCH')} />}
        {mode === 'edit' && d.claim && <ClaimEditForm claim={d.claim} onCancel={() => setMode(null)} onSubmit={(fields, reason) => void act('', { fields, reason }, 'Saved', 'PATCH')} />}
      </Card>

      <Card title="Evidence in the source" id="evidence">
        {d.claims.length === 0 && <p className="muted">No claims are attached.</p>}
        {d.claims.map(({ claim, source }) => {
          const ex = d.excerpts.find((x) => x.claimId === claim.id);
          const whole = fullText[source.id];
          return (
            <article key={claim.id} className="claim evidence-block">
              <header>
                <strong>{claim.claimantName ?? claim.claimantId ?? 'Unattributed'}</strong> <span className="muted small">{claim.kind} claim · {claim.status}</span>
                <div className="small">
                  {source.sensitivity !== 'public' && <span className="chip warn">protected source — never public</span>}{' '}
                  {source.url ? (
                    <a href={source.url} target="_blank" rel="noreferrer noopener">
                      {source.title ?? source.url}
                    </a>
                  ) : (
                    (source.title ?? 'untitled document')
                  )}
                  {source.publisher && ` · ${source.publisher}`} · {day(source.publishedAt)} <span className="hash">sha256 {source.contentHash.slice(0, 12)}…</span>
                </div>
              </header>
              <ClaimBody claim={claim} />
              {whole !== undefined ? (
                <SourceText text={whole} spans={d.claims.filter((c) => c.source.id === source.id && c.claim.evidence).map((c) => ({ start: c.claim.evidence!.start, end: c.claim.evidence!.end, mine: c.claim.id === claim.id }))} />
              ) : ex ? (
                <>
                  <SourceText text={ex.text} spans={[{ start: ex.start, end: ex.end, mine: true }]} clipped />
                  <button type="button" className="btn small ghost" onClick={() => void showWhole(source.id)}>
                    Show the whole source
                  </button>
                </>
              ) : (
                <p className="muted small">No evidence span recorded.</p>
              )}
            </article>
          );
        })}
      </Card>

      {d.duplicates.length > 0 && (
        <Card title="Possible duplicates" id="dups">
          <ul className="plain">
            {d.duplicates.map((dup) => (
              <li key={dup.id}>
                <Link to={`/incidents/${encodeURIComponent(dup.id)}`}>{dup.id}</Link> — {num(Math.round(dup.score * 100))}% alike: {dup.reasons.join(', ')}
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card title="History" id="draft-history">
        <ol className="history">
          {d.history.map((e) => (
            <li key={e.seq}>
              <strong>{e.action}</strong> by {e.actor} · {dateTime(e.at)}
              {e.why && <span className="small"> — “{e.why}”</span>}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

function SourceText({ text, spans, clipped }: { text: string; spans: Array<{ start: number; end: number; mine: boolean }>; clipped?: boolean }) {
  const ref = useRef<HTMLElement>(null);
  // Braces matter: Chromium's scrollIntoView returns a promise, and an effect may only return a cleanup function.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [text]);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    parts.push(text.slice(at, s.start));
    parts.push(
      <mark key={s.start} className={s.mine ? '' : 'other'} ref={s.mine ? ref : undefined}>
        {text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  parts.push(text.slice(at));
  return (
    <div className="source-text" tabIndex={0} aria-label="Source text; the evidence sentence is highlighted">
      {clipped && '… '}
      {parts}
      {clipped && ' …'}
    </div>
  );
}

function ClaimBody({ claim }: { claim: Claim }) {
  const entries = Object.entries(claim.body).filter(([k, v]) => k !== 'kind' && v !== null && v !== undefined && !(typeof v === 'object' && Object.keys(v as object).length === 0));
  if (!entries.length) return null;
  const show = (v: unknown): string => {
    if (typeof v === 'number') return num(v);
    if (typeof v === 'object' && v && 'best' in (v as object)) return estimate(v as never);
    if (typeof v === 'object' && v) {
      const t = tollTotal(v as never);
      if (t) return estimate(t);
      return JSON.stringify(v);
    }
    return String(v);
  };
  return (
    <p className="small claim-body">
      {entries.map(([k, v]) => (
        <span key={k}>
          <span className="muted">{humanize(k)}:</span> {show(v)}{' '}
        </span>
      ))}
    </p>
  );
}

function Form({ children, submit, onSubmit, onCancel }: { children: ReactNode; submit: string; onSubmit: (f: FormData) => void | Promise<void>; onCancel: () => void }) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input:not([type=radio]), select, textarea, input')?.focus();
  }, []);
  const handle = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void onSubmit(new FormData(e.currentTarget));
  };
  return (
    <form ref={ref} className="form inline-form card" onSubmit={handle} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      {children}
      <div className="actions">
        <button type="submit" className="btn primary">
          {submit}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}

function ReasonForm({ label, submit, onSubmit, onCancel }: { label: string; submit: string; onSubmit: (reason: string) => void | Promise<unknown>; onCancel: () => void }) {
  return (
    <Form submit={submit} onCancel={onCancel} onSubmit={(f) => void onSubmit(String(f.get('reason') ?? ''))}>
      <label>
        {label}
        <input name="reason" required />
      </label>
    </Form>
  );
}

function GradeForm({ current, onSubmit, onCancel }: { current: string | null; onSubmit: (grade: string, reason: string) => void; onCancel: () => void }) {
  return (
    <Form submit="Save the grade" onCancel={onCancel} onSubmit={(f) => onSubmit(String(f.get('grade')), String(f.get('reason') ?? ''))}>
      <label>
        Grade
        <select name="grade" defaultValue={current ?? 'weak'}>
          {GRADES.map(([g, meaning]) => (
            <option key={g} value={g}>
              {g} — {meaning}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason (kept with the grade)
        <input name="reason" required placeholder="e.g. one news report, no second source yet" />
      </label>
    </Form>
  );
}

function EditForm({ incident, agreement, onSubmit, onCancel }: { incident: Incident; agreement: Agreement | undefined; onSubmit: (fields: Record<string, unknown>, reason: string | undefined) => void; onCancel: () => void }) {
  const killed = incident.killed.civilians ?? tollTotal(incident.killed);
  const parties = agreement?.document.parties ?? [];
  const link = incident.provisions.find((p) => p.agreementId === agreement?.id);
  return (
    <Form
      submit="Save"
      onCancel={onCancel}
      onSubmit={(f) => {
        const fields: Record<string, unknown> = {};
        const str = (k: string) => String(f.get(k) ?? '').trim();
        if (str('date') !== (incident.date ?? '')) fields.date = str('date') || null;
        if (str('place') && str('place') !== (incident.location?.name ?? '')) fields.location = str('place');
        if (str('eventType') !== incident.eventType) fields.eventType = str('eventType');
        if (str('subEventType') !== incident.subEventType) fields.subEventType = str('subEventType');
        if (str('actor1') !== (incident.actor1 ?? '')) fields.actor1 = str('actor1') || null;
        if (str('actor2') !== (incident.actor2 ?? '')) fields.actor2 = str('actor2') || null;
        const best = str('killedBest');
        if (best !== '' && Number(best) !== killed?.best) {
          const n = Math.max(0, Math.round(Number(best)));
          fields.killed = { ...incident.killed, civilians: { low: Math.min(n, incident.killed.civilians?.low ?? n), best: n, high: Math.max(n, incident.killed.civilians?.high ?? n) } };
        }
        const provision = str('provision');
        if (provision !== (link?.provisionId ?? '') || str('party') !== (link?.partyId ?? '')) {
          const others = incident.provisions.filter((p) => p.agreementId !== agreement?.id);
          fields.provisions = provision ? [...others, { agreementId: agreement!.id, provisionId: provision, partyId: str('party') || null }] : others;
        }
        if (str('notes') !== (incident.notes ?? '')) fields.notes = str('notes') || null;
        if (Object.keys(fields).length === 0) return onCancel();
        onSubmit(fields, str('reason') || undefined);
      }}
    >
      <div className="form-grid">
        <label>
          Date
          <input name="date" type="date" defaultValue={incident.date ?? ''} />
        </label>
        <label>
          Place (a name the gazetteer knows gets coordinates)
          <input name="place" defaultValue={incident.location?.name ?? ''} />
        </label>
        <label>
          Event type
          <select name="eventType" defaultValue={incident.eventType}>
            {EVENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Sub-event type
          <input name="subEventType" defaultValue={incident.subEventType} />
        </label>
        <label>
          Perpetrator (alleged)
          <input name="actor1" defaultValue={incident.actor1 ?? ''} list="parties" />
        </label>
        <label>
          Target
          <input name="actor2" defaultValue={incident.actor2 ?? ''} />
        </label>
        <label>
          Civilians killed (best)
          <input name="killedBest" type="number" min={0} defaultValue={killed?.best ?? ''} />
        </label>
        {agreement && (
          <label>
            Provision allegedly breached
            <select name="provision" defaultValue={link?.provisionId ?? ''}>
              <option value="">none</option>
              {agreement.provisions.map((p) => (
                <option key={p.id} value={p.id}>
                  {humanize(p.id)} ({p.category})
                </option>
              ))}
            </select>
          </label>
        )}
        {agreement && (
          <label>
            …by which party
            <select name="party" defaultValue={link?.partyId ?? ''}>
              <option value="">not said</option>
              {parties.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <datalist id="parties">
        {parties.map((p) => (
          <option key={p.id} value={p.id} />
        ))}
      </datalist>
      <label>
        Notes
        <textarea name="notes" rows={2} defaultValue={incident.notes ?? ''} />
      </label>
      <label>
        Why (optional, kept in the audit log)
        <input name="reason" />
      </label>
    </Form>
  );
}

function ClaimEditForm({ claim, onSubmit, onCancel }: { claim: Claim; onSubmit: (fields: Record<string, unknown>, reason: string | undefined) => void; onCancel: () => void }) {
  const editable = Object.entries(claim.body).filter(([k, v]) => k !== 'kind' && (v === null || typeof v === 'string' || typeof v === 'number'));
  return (
    <Form
      submit="Save"
      onCancel={onCancel}
      onSubmit={(f) => {
        const fields: Record<string, unknown> = {};
        for (const [k, v] of editable) {
          const raw = String(f.get(k) ?? '');
          const next = typeof v === 'number' ? Number(raw) : raw === '' ? null : raw;
          if (next !== v) fields[k] = next;
        }
        if (Object.keys(fields).length === 0) return onCancel();
        onSubmit(fields, String(f.get('reason') ?? '') || undefined);
      }}
    >
      <div className="form-grid">
        {editable.map(([k, v]) => (
          <label key={k}>
            {humanize(k)}
            <input name={k} type={typeof v === 'number' ? 'number' : 'text'} defaultValue={v === null ? '' : String(v)} />
          </label>
        ))}
      </div>
      <label>
        Why (optional)
        <input name="reason" />
      </label>
    </Form>
  );
}
