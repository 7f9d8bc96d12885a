// Intake: paste an article (or upload a file), see what the extractor finds as you type, send it to the queue.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, csrf } from '../api.ts';
import { useApp } from '../context.ts';
import { num } from '../format.ts';
import { Link } from '../router.tsx';
import { Card, Empty, Page } from '../ui.tsx';

interface Evidence { evidence: string; evidenceStart: number; evidenceEnd: number }
interface Extraction {
  incidents: Array<Evidence & { date: string | null; location: { name: string; lat: number | null } | null; eventType: string; subEventType: string; perpetrator: string | null; target: string | null; killed: { low: number; best: number; high: number } | null; injured: { best: number } | null }>;
  tallies: Array<Evidence & { metric: string; value: number; since: string | null; subject: string | null; claimedBy: string | null }>;
  pledges: Array<Evidence & { country: string; status: string; troopsMax: number | null; troopsMin: number | null; by: string | null }>;
  claims: Array<Evidence & { kind: string; by: string | null; against: string | null; about: string }>;
  positions: Array<Evidence & { speaker: string; issue: string; stance: string }>;
}
interface Outcome { origin: string; status: string; documentId?: string; reason?: string; incidents?: number; grouped?: number; claims?: number }

export function IntakePage() {
  const { agreementId } = useApp();
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [publisher, setPublisher] = useState('');
  const [published, setPublished] = useState('');
  const [isProtected, setProtected] = useState(false);
  const [preview, setPreview] = useState<{ data?: Extraction; error?: string; loading: boolean }>({ loading: false });
  const [result, setResult] = useState<{ outcomes?: Outcome[]; error?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  // The extraction preview follows the text (debounced); nothing is saved.
  useEffect(() => {
    if (text.trim().length < 20) {
      setPreview({ loading: false });
      return;
    }
    const ctl = new AbortController();
    const t = setTimeout(() => {
      setPreview((p) => ({ ...p, loading: true }));
      api<Extraction>('/api/extract', { method: 'POST', body: { text, ...(published ? { published } : {}), agreementId }, signal: ctl.signal }).then(
        (data) => setPreview({ data, loading: false }),
        (e: unknown) => (e as Error).name !== 'AbortError' && setPreview({ error: e instanceof ApiError ? e.message : String(e), loading: false }),
      );
    }, 450);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [text, published, agreementId]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const out = await api<Outcome>('/api/sources', { method: 'POST', body: { text, agreementId, protected: isProtected, ...(title ? { title } : {}), ...(url ? { url } : {}), ...(publisher ? { publisher } : {}), ...(published ? { publishedAt: published } : {}) } });
      setResult({ outcomes: [out] });
      if (out.status === 'new') {
        setText('');
        setTitle('');
        setUrl('');
        setPublisher('');
      }
    } catch (err) {
      setResult({ error: err instanceof ApiError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File) => {
    setBusy(true);
    setResult(null);
    const form = new FormData();
    form.set('protected', String(isProtected));
    if (agreementId) form.set('agreementId', agreementId);
    form.set('file', file);
    try {
      const res = await fetch('/api/sources/file', { method: 'POST', body: form, headers: { 'x-csrf-token': csrf() }, credentials: 'same-origin' });
      const data = (await res.json()) as Outcome[] | { error: { message: string } };
      if (!res.ok) throw new Error('error' in data ? data.error.message : `the server answered ${res.status}`);
      setResult({ outcomes: data as Outcome[] });
    } catch (err) {
      setResult({ error: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const x = preview.data;
  const found = x ? x.incidents.length + x.tallies.length + x.pledges.length + x.claims.length + x.positions.length : 0;
  return (
    <Page wide title="Intake: add a report">
      <div className="intake-layout">
        <form className="card form" onSubmit={send} aria-label="The report">
          <label>
            The report's text
            <textarea name="text" rows={14} value={text} onChange={(e) => setText(e.target.value)} required placeholder="Paste a news article, a party statement or a ministry bulletin here." />
          </label>
          <div className="form-grid">
            <label>
              Title
              <input value={title} onChange={(e) => setTitle(e.target.value)} />
            </label>
            <label>
              Published on
              <input type="date" value={published} onChange={(e) => setPublished(e.target.value)} aria-describedby="published-help" />
            </label>
            <label>
              Link
              <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />
            </label>
            <label>
              Publisher
              <input value={publisher} onChange={(e) => setPublisher(e.target.value)} />
            </label>
          </div>
          <p id="published-help" className="muted small">
            Relative dates in the text ("on Tuesday") are read against the publication date.
          </p>
          <label className="check">
            <input type="checkbox" checked={isProtected} onChange={(e) => setProtected(e.target.checked)} /> Protected source (a witness, field staff): never shown on any public page or export
          </label>
          <div className="actions">
            <button className="btn primary" type="submit" disabled={busy || !text.trim()}>
              {busy ? 'Sending…' : 'Send to the review queue'}
            </button>
            <label className="btn">
              Upload a file instead…
              <input type="file" className="sr-only" accept=".txt,.md,.html,.htm,.xml,.rss,.atom,.jsonl,.json" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
            </label>
          </div>
          {result?.error && (
            <p className="state error" role="alert">
              {result.error}
            </p>
          )}
          {result?.outcomes?.map((o, i) => (
            <p key={i} className={`state ${o.status === 'failed' ? 'error' : 'ok'}`} role="status">
              {o.status === 'new' && (
                <>
                  Saved. {num(o.incidents ?? 0)} draft incident{o.incidents === 1 ? '' : 's'}
                  {o.grouped ? `, ${num(o.grouped)} grouped with incidents already drafted` : ''} and {num(o.claims ?? 0)} claim{o.claims === 1 ? '' : 's'} wait in the <Link to="/review">review queue</Link>.
                </>
              )}
              {o.status === 'held' && <>This text is already held (same content hash); nothing new was added. See the <Link to="/review">review queue</Link>.</>}
              {o.status === 'failed' && <>{o.origin}: {o.reason}</>}
            </p>
          ))}
        </form>
        <Card title="What Truce finds in it" id="extraction" className="extraction">
          {!text.trim() && <Empty title="Paste a report on the left.">Incidents, tallies, pledges, accusations and positions appear here as you paste, each with the sentence it comes from. Nothing is saved until you send it.</Empty>}
          {preview.loading && <p className="muted small" role="status">Reading…</p>}
          {preview.error && <p className="state error">{preview.error}</p>}
          {x && found === 0 && <p className="muted">Nothing the extractor recognises. You can still send it; the source is kept.</p>}
          {x && x.incidents.length > 0 && (
            <Section title={`Incidents (${x.incidents.length})`}>
              {x.incidents.map((i, n) => (
                <li key={n}>
                  <strong>{i.eventType}</strong> — {i.subEventType}
                  {i.location && ` · ${i.location.name}`}
                  {i.perpetrator && ` · by ${i.perpetrator}`}
                  {i.killed && ` · ${num(i.killed.best)} killed`}
                  {i.date ? ` · ${i.date}` : ' · date not stated'}
                  <q>{i.evidence}</q>
                </li>
              ))}
            </Section>
          )}
          {x && x.tallies.length > 0 && (
            <Section title={`Running totals (${x.tallies.length})`}>
              {x.tallies.map((t, n) => (
                <li key={n}>
                  <strong>{num(t.value)}</strong> {t.subject ?? t.metric}
                  {t.claimedBy && ` — says ${t.claimedBy}`}
                  <q>{t.evidence}</q>
                </li>
              ))}
            </Section>
          )}
          {x && x.pledges.length > 0 && (
            <Section title={`Troop pledges and objections (${x.pledges.length})`}>
              {x.pledges.map((p, n) => (
                <li key={n}>
                  <strong>{p.country}</strong>: {p.status}
                  {p.troopsMax ? ` · up to ${num(p.troopsMax)}` : ''}
                  {p.by ? ` (by ${p.by})` : ''}
                  <q>{p.evidence}</q>
                </li>
              ))}
            </Section>
          )}
          {x && x.claims.length > 0 && (
            <Section title={`Accusations and denials (${x.claims.length})`}>
              {x.claims.map((c, n) => (
                <li key={n}>
                  <strong>{c.by ?? 'someone'}</strong> {c.kind === 'denial' ? 'denies' : 'accuses'} {c.against ?? ''}: {c.about}
                  <q>{c.evidence}</q>
                </li>
              ))}
            </Section>
          )}
          {x && x.positions.length > 0 && (
            <Section title={`Stated positions (${x.positions.length})`}>
              {x.positions.map((p, n) => (
                <li key={n}>
                  <strong>{p.speaker}</strong> {p.stance} {p.issue}
                  <q>{p.evidence}</q>
                </li>
              ))}
            </Section>
          )}
        </Card>
      </div>
    </Page>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <h3>{title}</h3>
      <ul>{children}</ul>
    </>
  );
}
