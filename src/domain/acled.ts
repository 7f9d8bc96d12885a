// ACLED's event taxonomy, actor types and precision codes (../shared/research/data-standards.md §1).
// Truce stores these values verbatim so that ACLED import and export are mappings, not rewrites.

export const EVENT_TYPES = {
  Battles: ['Government regains territory', 'Non-state actor overtakes territory', 'Armed clash'],
  Protests: ['Excessive force against protesters', 'Protest with intervention', 'Peaceful protest'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type SubEventType = (typeof EVENT_TYPES)[EventType][number];

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, value);
}

/** True when `sub` is one of `type`'s sub-event types (ACLED never mixes them across types). */
export function isSubEventOf(type: EventType, sub: string): sub is SubEventType {
  return (EVENT_TYPES[type] as readonly string[]).includes(sub);
}

/** The event type a sub-event type belongs to, or undefined for an unknown label. */
export function eventTypeOf(sub: string): EventType | undefined {
  return EVENT_TYPE_NAMES.find((t) => isSubEventOf(t, sub));
}

export type DisorderType = 'Political violence' | 'Demonstrations' | 'Strategic developments' | 'Political violence; Demonstrations';

export function disorderTypeOf(type: EventType, sub: SubEventType): DisorderType {
  if (type === 'Strategic developments') return 'Strategic developments';
  if (sub === 'Excessive force against protesters') return 'Political violence; Demonstrations';
  if (type === 'Protests' || sub === 'Violent demonstration') return 'Demonstrations';
  return 'Political violence';
}

/** ACLED actor types ("inter" codes 1–8). */
export const ACTOR_TYPES = [
  'State forces',
  'Rebel group',
  'Political militia',
  'Identity militia',
  'Rioters',
  'Protesters',
  'Civilians',
  'External/Other forces',
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Accepts the numeric code (1–8) or the text label, as older and current ACLED files differ. */
export function parseActorType(value: string | number): ActorType | undefined {
  const s = String(value).trim();
  if (/^[1-8]$/.test(s)) return ACTOR_TYPES[Number(s) - 1];
  const lower = s.toLowerCase().replace(/s$/, '');
  return ACTOR_TYPES.find((t) => t.toLowerCase().replace(/s$/, '') === lower);
}

export function actorTypeCode(type: ActorType): number {
  return ACTOR_TYPES.indexOf(type) + 1;
}

/** ACLED time_precision: 1 actual day, 2 week known, 3 month known. */
export type DatePrecision = 1 | 2 | 3;
/** ACLED geo_precision: 1 named town, 2 near a town / part of a region, 3 larger region. */
export type GeoPrecision = 1 | 2 | 3;
