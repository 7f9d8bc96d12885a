import { createContext, useContext, useEffect, useState } from 'react';
import type { AgreementSummary, Session } from './api.ts';

export interface AppState {
  session: Session | null;
  setSession: (s: Session | null) => void;
  agreements: AgreementSummary[];
  agreementId: string | null;
  setAgreementId: (id: string) => void;
}
export const AppContext = createContext<AppState>(null as never);
export const useApp = () => useContext(AppContext);

const EDITORS = ['admin', 'analyst', 'reviewer'];
export const canEdit = (s: Session | null) => Boolean(s && EDITORS.includes(s.user.role));

export function shortTitle(a: { id: string; title: string }): string {
  const known: Record<string, string> = { 'gaza-2025': 'Gaza ceasefire 2025', 'lebanon-2024': 'Israel–Lebanon 2024', 'minsk-2015': 'Minsk II 2015', 'pretoria-2022': 'Pretoria 2022' };
  return known[a.id] ?? (a.title.length > 40 ? `${a.title.slice(0, 38)}…` : a.title);
}

const agreementCache = new Map<string, Promise<Array<{ id: string; name: string; aliases?: string[] }>>>();

/** Names an actor id ("israel" → "Israel") from the chosen agreement's parties and other named actors. */
export function useActorName(): (id: string | null | undefined) => string {
  const { agreementId } = useApp();
  const [actors, setActors] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    if (!agreementId) return;
    let p = agreementCache.get(agreementId);
    if (!p) {
      p = fetch(`/api/agreements/${encodeURIComponent(agreementId)}`, { credentials: 'omit' })
        .then((r) => (r.ok ? r.json() : { document: {} }))
        .then((a: { document?: Record<string, unknown> }) => ['parties', 'mediators', 'guarantors', 'monitors', 'actors'].flatMap((k) => (a.document?.[k] as Array<{ id: string; name: string }> | undefined) ?? []))
        .catch(() => []);
      agreementCache.set(agreementId, p);
    }
    let live = true;
    void p.then((list) => live && setActors(list));
    return () => {
      live = false;
    };
  }, [agreementId]);
  return (id) => (id ? (actors.find((a) => a.id === id)?.name ?? id) : '—');
}
