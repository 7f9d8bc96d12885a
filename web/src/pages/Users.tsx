// Users (admins): add people with a role, change a role, disable an account.
import { useState, type FormEvent } from 'react';
import { api, ApiError, useApi, type User } from '../api.ts';
import { Card, Chip, ErrorBox, Loading, Page } from '../ui.tsx';

const ROLES = ['admin', 'analyst', 'reviewer', 'liaison', 'viewer'];
const ROLE_HELP: Record<string, string> = {
  admin: 'everything, including users and releases',
  analyst: 'ingests and reviews reports',
  reviewer: 'verifies what analysts accepted (four eyes)',
  liaison: "submits one party's claims",
  viewer: 'reads the internal record',
};

export function UsersPage() {
  const users = useApi<User[]>('/api/users');
  const [form, setForm] = useState({ name: '', role: 'analyst', partyId: '', password: '' });
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const u = await api<User>('/api/users', { method: 'POST', body: { name: form.name, role: form.role, partyId: form.role === 'liaison' ? form.partyId || null : null, password: form.password || undefined } });
      setMessage({ kind: 'ok', text: `Added ${u.name} as ${u.role}.` });
      setForm({ name: '', role: 'analyst', partyId: '', password: '' });
      users.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : String(err) });
    }
  };
  const patch = async (u: User, change: Partial<Pick<User, 'role' | 'disabled'>>) => {
    // A role or an account changes at once for that person: ask first, so a slip of the keyboard does not.
    const what = change.role ? `make ${u.name} a ${change.role}` : change.disabled ? `disable ${u.name} (their sessions and tokens stop at once)` : `enable ${u.name}`;
    if (!window.confirm(`Do you want to ${what}?`)) return;
    setMessage(null);
    try {
      await api(`/api/users/${encodeURIComponent(u.id)}`, { method: 'PATCH', body: { version: u.version, ...change } });
      users.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : String(err) });
    }
  };
  return (
    <Page title="Users">
      {message && (
        <p className={`state ${message.kind === 'ok' ? 'ok' : 'error'}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <Card title="People" id="people">
        {users.error && <ErrorBox error={users.error} retry={users.reload} />}
        {!users.data && !users.error && <Loading what="users" />}
        {users.data && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Party</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>
                    <select aria-label={`Role of ${u.name}`} value={u.role} onChange={(e) => patch(u, { role: e.target.value })}>
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td>{u.partyId ?? '—'}</td>
                  <td>
                    <Chip status={u.disabled ? 'rejected' : 'verified'} label={u.disabled ? 'disabled' : 'active'} />{' '}
                    <button type="button" className="btn small ghost" onClick={() => patch(u, { disabled: !u.disabled })}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Add a person" id="add">
        <form className="form" onSubmit={add}>
          <label>
            Name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required maxLength={64} />
          </label>
          <label>
            Role
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r} — {ROLE_HELP[r]}
                </option>
              ))}
            </select>
          </label>
          {form.role === 'liaison' && (
            <label>
              Party they speak for (actor id)
              <input value={form.partyId} onChange={(e) => setForm({ ...form, partyId: e.target.value })} required placeholder="e.g. hamas" />
            </label>
          )}
          <label>
            Password
            <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required />
          </label>
          <button className="btn primary" type="submit">
            Add
          </button>
        </form>
      </Card>
    </Page>
  );
}
