import { StrictMode, Suspense, lazy, useCallback, useEffect, useState, type ReactNode } from 'react';
import { AppContext, canEdit, shortTitle, useApp } from './context.ts';
import { createRoot } from 'react-dom/client';
import { api, ApiError, setCsrf, useApi, type AgreementSummary, type Session } from './api.ts';
import { Link, RouterProvider, navigate, useLocation } from './router.tsx';
import { Loading, ErrorBox, Empty } from './ui.tsx';
import { LoginPage } from './pages/Login.tsx';
import { OverviewPage } from './pages/Overview.tsx';
// The map (MapLibre) is most of the code: loaded only when a map page opens, so the overview starts fast.
const MapPage = lazy(() => import('./pages/MapPage.tsx').then((m) => ({ default: m.MapPage })));
import { IncidentsPage } from './pages/Incidents.tsx';
import { IncidentPage } from './pages/IncidentDetail.tsx';
import { BoardPage } from './pages/Board.tsx';
import { UsersPage } from './pages/Users.tsx';
import { ReviewPage } from './pages/Review.tsx';
import { IntakePage } from './pages/Intake.tsx';
import './styles.css';

function App() {
  const [session, setSessionState] = useState<Session | null | undefined>(undefined);
  const setSession = useCallback((s: Session | null) => {
    setCsrf(s?.csrfToken ?? '');
    setSessionState(s);
  }, []);
  useEffect(() => {
    api<Session>('/api/session').then(setSession, (e: unknown) => {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setSession(null);
      else setSession(null);
    });
  }, [setSession]);
  const agreements = useApi<AgreementSummary[]>('/api/agreements', { publicView: true });
  const [agreementId, setAgreementIdState] = useState<string | null>(() => localStorage.getItem('truce.agreement'));
  const setAgreementId = (id: string) => {
    localStorage.setItem('truce.agreement', id);
    setAgreementIdState(id);
  };
  const list = agreements.data ?? [];
  const chosen = list.find((a) => a.id === agreementId)?.id ?? list.find((a) => a.id === 'gaza-2025')?.id ?? list[0]?.id ?? null;

  if (session === undefined || (agreements.loading && !agreements.data)) return <Loading what="Truce" />;
  return (
    <AppContext.Provider value={{ session, setSession, agreements: list, agreementId: chosen, setAgreementId }}>
      <Shell>{agreements.error ? <ErrorBox error={agreements.error} retry={agreements.reload} /> : <Routes />}</Shell>
    </AppContext.Provider>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { session, setSession, agreements, agreementId, setAgreementId } = useApp();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    setMenuOpen(false);
  }, [path]);
  const isPublic = path.startsWith('/public') || !session;
  const staffLinks: Array<[string, string]> = [
    ['/', 'Overview'],
    ['/map', 'Map'],
    ['/incidents', 'Incidents'],
    ['/agreement', 'Agreement'],
    ...(canEdit(session) ? ([['/review', 'Review'], ['/intake', 'Intake']] as Array<[string, string]>) : []),
    ...(session?.user.role === 'admin' ? ([['/users', 'Users']] as Array<[string, string]>) : []),
  ];
  const publicLinks: Array<[string, string]> = [
    ['/public', 'Overview'],
    ['/public/map', 'Map'],
  ];
  const links = isPublic ? publicLinks : staffLinks;
  const active = (to: string) => (to === '/' || to === '/public' ? path === to : path.startsWith(to));
  const signOut = async () => {
    try {
      await api('/api/session', { method: 'DELETE' });
    } finally {
      setSession(null);
      navigate('/login');
    }
  };
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={isPublic ? '/public' : '/'} className="brand">
          Truce{isPublic && <span className="brand-tag">public record</span>}
        </Link>
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen((o) => !o)}>
          Menu
        </button>
        <nav id="nav" className={menuOpen ? 'open' : ''} aria-label="Pages">
          {links.map(([to, label]) => (
            <Link key={to} to={to} aria-current={active(to) ? 'page' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <div className="topbar-right">
          {agreements.length > 1 && agreementId && (
            <label className="agreement-pick">
              <span className="sr-only">Agreement</span>
              <select value={agreementId} onChange={(e) => setAgreementId(e.target.value)}>
                {agreements.map((a) => (
                  <option key={a.id} value={a.id}>
                    {shortTitle(a)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {session ? (
            <>
              {isPublic && <Link to="/">Staff view</Link>}
              {!isPublic && <Link to="/public">Public view</Link>}
              <span className="who" title={`signed in as ${session.user.name}`}>
                {session.user.name} · {session.user.role}
              </span>
              <button type="button" className="btn small ghost" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            path !== '/login' && (
              <Link to="/login" className="btn small">
                Sign in
              </Link>
            )
          )}
        </div>
      </header>
      {children}
    </>
  );
}

function Routes() {
  const { session, agreementId } = useApp();
  const { path } = useLocation();
  const staffOnly = !path.startsWith('/public') && path !== '/login';
  useEffect(() => {
    if (!session && staffOnly) navigate(path === '/' ? '/public' : `/login?next=${encodeURIComponent(path)}`, true);
  }, [session, staffOnly, path]);
  if (path === '/login') return <LoginPage />;
  if (!agreementId) {
    return (
      <main id="main" className="page">
        <Empty title="No agreement is loaded yet.">
          Run <code>truce init</code> (or <code>npm start</code>) to load the bundled ceasefires, or <code>truce agreement load FILE</code> for your own.
        </Empty>
      </main>
    );
  }
  if (path === '/public') return <OverviewPage publicView />;
  if (path === '/public/map') return <Suspense fallback={<Loading what="the map" />}><MapPage publicView /></Suspense>;
  let m: RegExpExecArray | null;
  if ((m = /^\/public\/incidents\/([^/]+)$/.exec(path))) return <IncidentPage id={decodeURIComponent(m[1]!)} publicView />;
  if (!session) return <Loading what="the sign-in page" />;
  if (path === '/') return <OverviewPage />;
  if (path === '/map') return <Suspense fallback={<Loading what="the map" />}><MapPage /></Suspense>;
  if (path === '/incidents') return <IncidentsPage />;
  if ((m = /^\/incidents\/([^/]+)$/.exec(path))) return <IncidentPage id={decodeURIComponent(m[1]!)} />;
  if (path === '/agreement') return <BoardPage />;
  if (path === '/users') return <UsersPage />;
  if (path === '/review') return <ReviewPage />;
  if ((m = /^\/review\/([^/]+)$/.exec(path))) return <ReviewPage id={decodeURIComponent(m[1]!)} />;
  if (path === '/intake') return <IntakePage />;
  return (
    <main id="main" className="page">
      <Empty title="There is no page here.">
        <Link to="/">Go to the overview</Link>
      </Empty>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <App />
    </RouterProvider>
  </StrictMode>,
);
