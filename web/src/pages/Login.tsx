import { useState, type FormEvent } from 'react';
import { api, ApiError, type Session } from '../api.ts';
import { useApp } from '../context.ts';
import { Link, navigate, useLocation } from '../router.tsx';

export function LoginPage() {
  const { setSession } = useApp();
  const { query } = useLocation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api<Session>('/api/session', { method: 'POST', body: { name, password } });
      setSession(s);
      const next = query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="page narrow" tabIndex={-1}>
      <h1>Sign in to Truce</h1>
      <p className="muted">Staff sign in to review reports and read the internal record. Everyone else can read the <Link to="/public">public record</Link> without an account.</p>
      <form className="form card" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <label>
          Name
          <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p id="login-error" className="state error" role="alert">
            {error}
          </p>
        )}
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">No account yet? An administrator adds one with <code>truce user add NAME --role analyst --password-stdin</code>.</p>
      </form>
    </main>
  );
}
