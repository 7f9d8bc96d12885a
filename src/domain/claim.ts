// One assertion by one claimant, pointing at its evidence in a source document. Claims are never merged:
// an incident gathers several claims and shows the range over their figures.
import type { Estimate } from './estimate.ts';
import type { Toll } from './estimate.ts';

export const CLAIM_KINDS = [
  'incident',
  'tally',
  'accusation',
  'denial',
  'pledge',
  'objection',
  'aid',
  'exchange',
  'position',
] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_STATUSES = ['draft', 'accepted', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** The running-total metrics Truce knows by name; any other metric is kept as its own string. */
export type TallyMetric =
  | 'killed'
  | 'injured'
  | 'violations'
  | 'trucks'
  | 'hostages_released'
  | 'remains_returned'
  | 'prisoners_released'
  | 'other'
  | (string & {});

export const PLEDGE_STATUSES = ['considering', 'pledged', 'committed', 'deployed', 'withdrawn', 'declined'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export interface IncidentClaimBody {
  kind: 'incident';
  date: string | null;
  location: string | null;
  perpetrator: string | null;
  target: string | null;
  eventType: string | null;
  subEventType: string | null;
  killed: Toll;
  injured: Toll;
  victims: string | null;
}
export interface TallyClaimBody {
  kind: 'tally';
  metric: TallyMetric;
  value: number;
  /** Start of the count (e.g. the ceasefire's start), when the claim gives one. */
  since: string | null;
  asOf: string | null;
  periodHours: number | null;
  subject: string | null;
}
export interface AccusationClaimBody {
  kind: 'accusation' | 'denial';
  /** The party said to have violated (or, for a denial, the party denying). */
  accused: string;
  provisionId: string | null;
  incidentId: string | null;
  what: string;
}
export interface PledgeClaimBody {
  kind: 'pledge';
  country: string;
  force: string;
  troops: Estimate | null;
  status: PledgeStatus;
}
export interface ObjectionClaimBody {
  kind: 'objection';
  objector: string;
  objectsTo: string;
  force: string | null;
}
export interface AidClaimBody {
  kind: 'aid';
  trucks: number;
  date: string;
  crossing: string | null;
  /** The body whose count this is (COGAT, UN2720 mechanism, ...): never merged with another body's. */
  body: string;
}
export interface ExchangeClaimBody {
  kind: 'exchange';
  what: 'hostages' | 'prisoners' | 'remains';
  count: number;
  date: string | null;
  from: string | null;
}
export interface PositionClaimBody {
  kind: 'position';
  speaker: string;
  issue: string;
  stance: string;
}

export type ClaimBody =
  | IncidentClaimBody
  | TallyClaimBody
  | AccusationClaimBody
  | PledgeClaimBody
  | ObjectionClaimBody
  | AidClaimBody
  | ExchangeClaimBody
  | PositionClaimBody;

export interface EvidenceSpan {
  /** Character offsets into the source document's text; the span's text is kept too, for display and checks. */
  start: number;
  end: number;
  text: string;
}

export interface Claim {
  id: string;
  kind: ClaimKind;
  sourceDocumentId: string;
  /** Actor id of who asserts it (a party, a ministry), or null when the report states it unattributed. */
  claimantId: string | null;
  /** The claimant as the text names it ("the Gaza Health Ministry", "Israel"). */
  claimantName: string | null;
  /** When the claim was made (usually the report's publication time). */
  claimedAt: string | null;
  evidence: EvidenceSpan | null;
  /** The incident this claim has been attached to by review or consolidation. */
  incidentId: string | null;
  status: ClaimStatus;
  body: ClaimBody;
  version: number;
}

/** The evidence span must lie inside the text and match it; a span that does not is a data error. */
export function evidenceMatches(text: string, span: EvidenceSpan): boolean {
  return span.start >= 0 && span.end <= text.length && span.start <= span.end && text.slice(span.start, span.end) === span.text;
}
