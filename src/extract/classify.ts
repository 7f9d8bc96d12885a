// ACLED event type and sub-event type from the words that describe the violence. The order of the rules is the
// order of specificity: a "drone strike" is an air/drone strike even if the sentence also mentions gunfire.
// (ACLED codebook 2024, "Explosions/Remote violence", "Violence against civilians", "Battles".)

export interface EventClass {
  eventType: string;
  subEventType: string;
}

const RULES: [RegExp, EventClass][] = [
  [/\b(?:clash(?:es|ed)?|exchange(?:d|s)? (?:of )?fire|firefight|gun ?battle|fighting|battles?|ambush(?:ed)?|engaged|armed confrontation)\b/i,
    { eventType: 'Battles', subEventType: 'Armed clash' }],
  [/\b(?:air ?strikes?|airstrikes?|air raids?|drone(?:s| strikes?)?|warplanes?|fighter jets?|jets|bombed|bombing|bombardment|aerial|quadcopter|helicopter)\b/i,
    { eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike' }],
  [/\b(?:shell(?:s|ing|ed)?|artillery|mortars?|tank (?:fire|shells?|rounds?)|missiles?|rockets?|projectiles?|naval fire|gunboats?)\b/i,
    { eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack' }],
  [/\b(?:IEDs?|landmines?|mines?|explosive devices?|booby[- ]trap(?:ped)?|unexploded|ordnance|explosion|blast|detonat(?:ed|ion))\b/i,
    { eventType: 'Explosions/Remote violence', subEventType: 'Remote explosive/landmine/IED' }],
  [/\bgrenades?\b/i, { eventType: 'Explosions/Remote violence', subEventType: 'Grenade' }],
  // "Strike" alone in this genre is almost always an air or drone strike (ACLED codes unspecified strikes so).
  [/\b(?:strikes?|struck|hit by|targeted)\b/i, { eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike' }],
  [/\b(?:shot|shoot(?:ing|s)?|gunfire|gunshots?|opened fire|open(?:ing|s)? fire|fired (?:at|on|upon)|sniper|bullets?|live fire|live ammunition|stabb(?:ed|ing)|beaten|executed)\b/i,
    { eventType: 'Violence against civilians', subEventType: 'Attack' }],
  [/\b(?:abduct(?:ed|ion)|kidnapp(?:ed|ing)|disappeared)\b/i,
    { eventType: 'Violence against civilians', subEventType: 'Abduction/forced disappearance' }],
];

/** Words that signal one violent event (used to tell an incident from a running total). */
export const EVENT_CUE =
  /\b(?:strikes?|struck|airstrikes?|air ?strikes?|raids?|shell(?:s|ing|ed)?|artillery|drones?|bomb(?:s|ed|ing)?|bombardment|gunfire|shot|shooting|opened fire|open fire|fired|fire|attack(?:s|ed)?|ambush(?:ed)?|clash(?:es)?|explosion|blast|exploded|detonat(?:ed|ion)|went off|landmines?|IEDs?|explosive (?:devices?|charges?)|incident|targeted|hit|missiles?|rockets?|warplanes?|jets|tank|sniper|stabbing|assault)\b/i;

/** Fighters or armed members as victims: the event is a battle, not violence against civilians. */
const ARMED_VICTIM = /\b(?:soldiers?|troops|fighters?|militants?|gunmen|operatives?|members? of (?:the )?(?:Hamas|Hezbollah|Qassam|Islamic Jihad|RSF)|(?:Hamas|Hezbollah|RSF|SAF) (?:members?|fighters?|operatives?|commanders?)|commanders?|terrorists?)\b/i;

export function classifyEvent(text: string, victims: string | null): EventClass {
  for (const [re, cls] of RULES) {
    if (!re.test(text)) continue;
    if (cls.eventType === 'Violence against civilians' && victims && ARMED_VICTIM.test(victims)) {
      return { eventType: 'Battles', subEventType: 'Armed clash' };
    }
    return cls;
  }
  if (victims && ARMED_VICTIM.test(victims)) return { eventType: 'Battles', subEventType: 'Armed clash' };
  return { eventType: 'Violence against civilians', subEventType: 'Attack' };
}
