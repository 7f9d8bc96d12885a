import { createContext, useContext } from 'react';
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
