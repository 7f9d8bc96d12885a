// Incidents: a filterable, sortable table, one page at a time from the server (never the whole record).
import { useMemo, useState } from 'react';
import { useApi, type Incident } from '../api.ts';
import { canEdit, useActorName, useApp } from '../context.ts';
import { day, estimate, num, tollTotal } from '../format.ts';
import { Link, navigate, setQuery, useLocation } from '../router.tsx';
import { Chip, Choice, Empty, ErrorBox, Loading, Page } from '../ui.tsx';

const STATUSES = ['draft', 'in-review', 'verified', 'published', 'rejected', 'merged'];
const GRADES = ['confirmed', 'fair', 'weak', 'contested', 'discounted'];
const EVENT_TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'];

type SortKey = 'date' | 'place' | 'actor' | 'type' | 'killed' | 'status' | 'grade';

export function IncidentsPage() {
  const { agreementId, session } = useApp();
  const actorName = useActorName();
  const { query } = useLocation();
  const [cursor, setCursor] = useState<string[]>([]);
  const filters = {
    q: query.get('q') ?? '',
    status: query.get('status') ?? '',
    grade: query.get('grade') ?? '',
    eventType: query.get('eventType') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
    scope: query.get('scope') ?? 'agreement',
  };
  const params = new URLSearchParams();
  if (filters.scope === 'agreement' && agreementId) params.set('agreement', agreementId);
  for (const k of ['q', 'status', 'grade', 'eventType', 'from', 'to'] as const) if (filters[k]) params.set(k, filters[k]);
  params.set('limit', '100');
  const after = cursor[cursor.length - 1];
  if (after) params.set('after', after);
  const { data, error, loading, reload } = useApi<{ incidents: Incident[]; next: string | null }>(`/api/incidents?${params}`);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'date', dir: -1 });
  const rows = useMemo(() => {
    const value = (i: Incident): string | number => {
      switch (sort.key) {
        case 'date': return i.date ?? '';
        case 'place': return i.location?.name ?? '';
        case 'actor': return i.actor1 ?? '';
        case 'type': return i.eventType;
        case 'killed': return tollTotal(i.killed)?.best ?? -1;
        case 'status': return STATUSES.indexOf(i.status);
        case 'grade': return i.grade ? GRADES.indexOf(i.grade) : 99;
      }
    };
    return [...(data?.incidents ?? [])].sort((a, b) => {
      const x = value(a), y = value(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
    });
  }, [data, sort]);
  const change = (k: string, v: string) => {
    setCursor([]);
    setQuery({ [k]: v || null });
  };
  const header = (key: SortKey, label: string, numeric = false) => (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : key === 'date' || key === 'killed' ? -1 : 1 }))}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
  const filtered = Object.entries(filters).some(([k, v]) => k !== 'scope' && v);
  return (
    <Page wide title="Incidents">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="inline grow">
          Search
          <input type="search" defaultValue={filters.q} placeholder="place, actor, words in the notes" onKeyDown={(e) => e.key === 'Enter' && change('q', (e.target as HTMLInputElement).value)} onBlur={(e) => e.target.value !== filters.q && change('q', e.target.value)} />
        </label>
        <Choice label="Status" value={filters.status} options={STATUSES} onChange={(v) => change('status', v)} />
        <Choice label="Grade" value={filters.grade} options={GRADES} onChange={(v) => change('grade', v)} />
        <Choice label="Type" value={filters.eventType} options={EVENT_TYPES} onChange={(v) => change('eventType', v)} />
        <label className="inline">
          From
          <input type="date" value={filters.from} onChange={(e) => change('from', e.target.value)} />
        </label>
        <label className="inline">
          To
          <input type="date" value={filters.to} onChange={(e) => change('to', e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={filters.scope === 'all'} onChange={(e) => change('scope', e.target.checked ? 'all' : '')} /> every agreement
        </label>
      </form>
      {error && <ErrorBox error={error} retry={reload} />}
      {!data && !error && <Loading what="incidents" />}
      {data && rows.length === 0 && (
        <Empty title={filtered ? 'No incident matches these filters.' : 'No incidents yet.'}>
          {filtered ? (
            <button type="button" className="btn small" onClick={() => navigate('/incidents', true)}>
              Clear the filters
            </button>
          ) : canEdit(session) ? (
            <>
              Paste a report into <Link to="/intake">Intake</Link>; reviewed drafts become incidents.
            </>
          ) : (
            'Incidents appear once analysts review reports.'
          )}
        </Empty>
      )}
      {data && rows.length > 0 && (
        <div className="table-wrap" aria-busy={loading}>
          <table className="table">
            <caption className="sr-only">Incidents; select a column heading to sort this page</caption>
            <thead>
              <tr>
                {header('date', 'Date')}
                {header('place', 'Place')}
                {header('type', 'Type')}
                {header('actor', 'Perpetrator (alleged)')}
                {header('killed', 'Killed', true)}
                {header('status', 'Status')}
                {header('grade', 'Grade')}
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{day(i.date)}</Link>
                  </td>
                  <td>
                    {i.location?.name ?? '—'}
                    {i.location?.admin1 && i.location.admin1 !== i.location.name && <span className="muted small"> · {i.location.admin1}</span>}
                  </td>
                  <td>
                    {i.eventType}
                    <div className="muted small">{i.subEventType}</div>
                  </td>
                  <td>{i.actor1 ? actorName(i.actor1) : <span className="muted">not attributed</span>}</td>
                  <td className="num">{estimate(tollTotal(i.killed))}</td>
                  <td>
                    <Chip status={i.status} />
                  </td>
                  <td>{i.grade ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (
        <div className="pager">
          <span className="muted small">
            {num(rows.length)} on this page{cursor.length ? ` (page ${cursor.length + 1})` : ''}
          </span>
          {cursor.length > 0 && (
            <button type="button" className="btn small" onClick={() => setCursor((c) => c.slice(0, -1))}>
              ← Newer
            </button>
          )}
          {data.next && (
            <button type="button" className="btn small" onClick={() => setCursor((c) => [...c, data.next!])}>
              Older →
            </button>
          )}
        </div>
      )}
    </Page>
  );
}
