// Shared pieces: loading, error and empty states, status chips, page frame.
import { useEffect, useRef, type ReactNode } from 'react';
import type { ApiError } from './api.ts';
import { STATUS_COLOR } from './colors.ts';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function ErrorBox({ error, retry }: { error: ApiError; retry?: () => void }) {
  const hint = error.status === 401 ? ' Your session may have ended: sign in again.' : '';
  return (
    <div className="state error" role="alert">
      <strong>Could not load this.</strong> {error.message}
      {hint}
      {retry && (
        <button type="button" className="btn small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state empty">
      <strong>{title}</strong>
      {children && <div className="empty-next">{children}</div>}
    </div>
  );
}

export function Chip({ status, label }: { status: string; label?: string }) {
  const c = STATUS_COLOR[status] ?? '#8a8a8a';
  return (
    <span className="chip" style={{ borderColor: c }}>
      <span className="dot" style={{ background: c }} aria-hidden="true" />
      {label ?? status.replace(/-/g, ' ')}
    </span>
  );
}

export function Page({ title, actions, children, wide }: { title: ReactNode; actions?: ReactNode; children: ReactNode; wide?: boolean }) {
  // A new page takes the focus (as a full page load would), so keyboard and screen-reader users start at its top.
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement?.closest('nav, .topbar')) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <main id="main" ref={ref} className={wide ? 'page wide' : 'page'} tabIndex={-1}>
      <header className="page-head">
        <h1>{title}</h1>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </main>
  );
}

export function Card({ title, children, className, id }: { title?: ReactNode; children: ReactNode; className?: string; id?: string }) {
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={id}>
      {title && <h2 id={id}>{title}</h2>}
      {children}
    </section>
  );
}

/** A labelled drop-down filter whose empty choice means "no filter" (Incidents and Map filter the same way). */
export function Choice({ label, value, options, onChange }: { label: string; value: string; options: readonly string[]; onChange: (v: string) => void }) {
  return (
    <label className="inline">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
