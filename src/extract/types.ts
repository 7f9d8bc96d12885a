// What the extractor returns: the `truce extract --json` contract. Every item carries its evidence sentence and
// the character offsets of that evidence in the input text, so a reviewer can see it highlighted.
import type { Estimate } from './numbers.ts';
import type { DatePrecision } from './dates.ts';
import type { GeoPrecision } from './places.ts';

export interface Evidence {
  evidence: string;
  evidenceStart: number;
  evidenceEnd: number;
}

export interface ExtractedLocation {
  name: string;
  lat: number | null;
  lon: number | null;
  precision: GeoPrecision;
}

export interface ExtractedIncident extends Evidence {
  date: string | null;
  datePrecision: DatePrecision;
  location: ExtractedLocation | null;
  eventType: string;
  subEventType: string;
  /** The party the text says carried it out (alleged), as a controlled value: Israel, Hamas, Hezbollah … */
  perpetrator: string | null;
  target: string | null;
  killed: Estimate | null;
  injured: Estimate | null;
  /** ACLED's coding of a vague toll ("dozens" → 12, "several" → 3), kept apart from `killed`: not a stated figure. */
  vagueKilled?: Estimate;
  victims: string | null;
  claimedBy: string | null;
  /** Ids of agreement provisions this incident may breach (empty unless provisions were given). */
  provisions: string[];
}

export type TallyMetric =
  | 'killed'
  | 'injured'
  | 'violations'
  | 'trucks'
  | 'hostages_released'
  | 'remains_returned'
  | 'prisoners_released'
  | 'other';

export interface ExtractedTally extends Evidence {
  metric: TallyMetric;
  value: number;
  since: string | null;
  asOf: string | null;
  periodHours: number | null;
  subject: string | null;
  claimedBy: string | null;
}

export type PledgeStatus = 'considering' | 'pledged' | 'committed' | 'deployed' | 'declined' | 'objected';

export interface ExtractedPledge extends Evidence {
  country: string;
  force: string | null;
  troopsMin: number | null;
  troopsMax: number | null;
  status: PledgeStatus;
  /** Who objects, for status `objected` ("Israel" for "Turkey's involvement faces Israeli opposition"). */
  by: string | null;
}

export interface ExtractedClaim extends Evidence {
  kind: 'accusation' | 'denial';
  /** Who accuses or denies, as written or as the registry names it. */
  by: string | null;
  byParty: string | null;
  /** Who is accused (for a denial: who made the claim being denied, when the text says). */
  against: string | null;
  againstParty: string | null;
  /** What the accusation is about: "ceasefire violation", "looting aid", … */
  about: string;
}

export type Issue =
  | 'disarmament'
  | 'ISF'
  | 'interim authority'
  | 'withdrawal'
  | 'hostages'
  | 'humanitarian access'
  | 'reconstruction'
  | 'ceasefire compliance';

export interface ExtractedPosition extends Evidence {
  speaker: string;
  affiliation: string | null;
  issue: Issue;
  stance: 'supports' | 'opposes' | 'conditions';
}

export interface Extraction {
  incidents: ExtractedIncident[];
  tallies: ExtractedTally[];
  pledges: ExtractedPledge[];
  claims: ExtractedClaim[];
  positions: ExtractedPosition[];
}

/** A provision as the extractor needs it: which incident kinds breach it and who is bound by it. Structurally
 * a subset of domain/agreement.ts `Provision`, so an agreement's provisions can be passed as they are. */
export interface ProvisionDescriptor {
  id: string;
  category: string;
  breachedBy?: { eventType: string; subEventType?: string }[];
  /** Party ids or names bound by the provision; absent = binds everyone. */
  obligated?: string[];
}
