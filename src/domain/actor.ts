// Who acts, claims and reports: parties to an agreement, their forces and officials, mediators and the bodies
// whose figures Truce keeps apart (a ministry of health is an actor too: it claims).
import type { ActorType } from './acled.ts';

export const ACTOR_KINDS = [
  'state-forces',
  'armed-group',
  'government',
  'official',
  'mediator',
  'international-organisation',
  'reporting-body',
  'media',
  'civilians',
  'other',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface Actor {
  /** Stable slug, e.g. `israel`, `hamas`, `gaza-moh`. */
  id: string;
  name: string;
  /** Other names and transliterations (Khan Younis / Khan Yunis; IDF / Israel Defense Forces). */
  aliases: string[];
  kind: ActorKind;
  /** The actor this one speaks or fights for: Khalil al-Hayya → hamas, Marco Rubio → united-states. */
  affiliation: string | null;
  acledActorType: ActorType | null;
  wikidataId: string | null;
  version: number;
}
