// Incidents: one violent event at one time and place with a casualty figure. Built from the casualty figures
// that are not tallies, then given a date, place, perpetrator (as alleged), target, ACLED type and claimant.
// Several incidents can come from one sentence ("five in Shujaiya … another man near Khan Younis"), and one
// incident can span sentences ("an Israeli strike killed one man yesterday … the strike hit Nabatiyeh
// al-Fawqa, killing one man"): such repeats are merged when nothing about them disagrees.
import { QUALIFYING_COMPOUND, type ActorMention, type ActorRegistry } from './actors.ts';
import { findAttribution } from './attribution.ts';
import type { CasualtyFigure } from './casualties.ts';
import { classifyEvent } from './classify.ts';
import type { DateMention } from './dates.ts';
import type { AnalysedDocument, SentenceInfo } from './document.ts';
import type { PlaceMention } from './places.ts';
import { clauseOf } from './tallies.ts';
import type { Span } from './sentences.ts';
import type { ExtractedIncident, ProvisionDescriptor } from './types.ts';

const FORCE_NOUN =
  /^\s*(?:['’]s\s+)?(?:enemy\s+)?(?:air\s*strikes?|strikes?|shelling|shells?|fire|gunfire|drones?|troops|forces|army|military|soldiers|jets|warplanes|aircraft|tanks?|attacks?|raids?|bombardment|bombs?|artillery|navy|gunboats?|snipers?|missiles?|occupation|fighters|militants|militia|militiamen|gunmen|operatives|settlers|units)\b/i;
const VICTIM_NOUN_AFTER = /^\s*(?:member|members|fighter|fighters|commander|commanders|operative|operatives|official|officials|militant|militants|soldiers?|hostages?|captives?|civilians?)\b/i;
const KILL_VERB = /\b(?:killed|kills|killing|shot|wounded|injured|struck|hit|targeted|attacked|opened fire|fired)\b/i;
const CIVILIAN_VICTIMS = /\b(?:brothers|sisters|siblings|cousins|people|persons?|civilians?|children|child|kids|women|woman|men|man|boys?|girls?|teenagers?|youths?|Palestinians?|residents?|family|relatives|journalists?|paramedics?|medics?|doctors?|nurses?|workers?|farmers?|fishermen|students?|elderly|infants?|babies|baby|toddler|mother|father|son|daughter|aid seekers|displaced|shepherds?|citizens?|motorcyclist|employees?|victims)\b/i;

export interface IncidentParts {
  figures: CasualtyFigure[];
  sentence: SentenceInfo;
  /** The part of the sentence that belongs to these figures: from the end of the previous figure to the start
   * of the next one. "Strikes on Sunday killed 44, after two soldiers were killed by militants in Rafah" has two
   * events; Rafah, the militants and the absence of a date belong to the second. */
  zone: Span;
  /** The sentence holds other figures too. */
  shared: boolean;
  /** The sentence before, when the figure refers back to the event it tells ("Hours later …", "the four
   * terrorists"): it gives the date and place the figure's own sentence lacks. */
  antecedent?: SentenceInfo | null;
}

export function buildIncident(
  parts: IncidentParts,
  doc: AnalysedDocument,
  registry: ActorRegistry,
  provisions: readonly ProvisionDescriptor[],
): ExtractedIncident {
  const { zone, shared } = parts;
  // A name inside the victims ("killed Samir Haddad") is a person, not a place.
  const inFigure = (p: PlaceMention) => parts.figures.some((f) => p.start >= f.start && p.end <= Math.max(f.end, f.victimsEnd));
  const sentence: SentenceInfo = { ...parts.sentence, places: parts.sentence.places.filter((p) => !inFigure(p)) };
  const killedFig = parts.figures.find((f) => f.kind === 'killed');
  const injuredFig = parts.figures.find((f) => f.kind === 'injured');
  const main = killedFig ?? injuredFig!;
  const clause = clauseOf(sentence, main.start);
  const victims = killedFig?.victims ?? injuredFig?.victims ?? null;
  const within = <T extends { start: number }>(list: T[]) => list.filter((x) => x.start >= zone.start && x.start < zone.end);
  // With several figures in the sentence, each reads its own part first and the whole sentence only as a fallback.
  const local: SentenceInfo = shared
    ? { ...sentence, ...zone, actors: within(sentence.actors), places: within(sentence.places), dates: within(sentence.dates) }
    : sentence;
  const eventClass = classifyEvent(shared ? zone.text : sentence.text, victims);
  // "… in which troops killed four of the gunmen": the unnamed force that is the subject of the killing verb right
  // before the figure, not a party named earlier in the sentence.
  const bySubject = SUBJECT_FORCE_BEFORE.test(doc.text.slice(Math.max(sentence.start, main.start - 60), main.start)) ? unnamedForces(main, local, doc, registry) : null;
  const perpetrator = namedInNext(bySubject ?? (shared ? scoreMentions(main, local, doc, registry, true) ?? unnamedForces(main, local, doc, registry) ?? scoreMentions(main, local, doc, registry, false) : null) ?? perpetratorFor(main, sentence, doc, registry), sentence, doc, registry);
  const antecedent = parts.antecedent ?? null;
  const date = eventDate(local, clause, doc) ?? (antecedent ? eventDate(antecedent, antecedent, doc) : null);
  const location = (shared ? locationFor(local, local, doc, false) : null) ?? (antecedent ? locationFor(sentence, clause, doc, false) ?? locationFor(antecedent, antecedent, doc, false) : null) ?? locationFor(sentence, clause, doc, true);
  const attribution = (shared ? findAttribution(local, local.actors, doc.attribution, main.start) : null) ?? findAttribution(sentence, sentence.actors, doc.attribution, main.start);
  const incident: ExtractedIncident = {
    date: date?.date ?? null,
    datePrecision: date?.precision ?? 3,
    location: location
      ? { name: location.name, lat: location.lat, lon: location.lon, precision: location.precision }
      : null,
    eventType: eventClass.eventType,
    subEventType: eventClass.subEventType,
    perpetrator,
    target: targetOf(victims, registry),
    killed: killedFig && !killedFig.vague ? killedFig.estimate : null,
    injured: injuredFig && !injuredFig.vague ? injuredFig.estimate : null,
    victims,
    claimedBy: attribution?.source ?? null,
    provisions: [],
    evidence: sentence.text,
    evidenceStart: sentence.start,
    evidenceEnd: sentence.end,
  };
  if (killedFig?.vague) incident.vagueKilled = killedFig.estimate;
  incident.provisions = provisionsBreached(incident, provisions);
  return incident;
}

/** The provisions an incident of this kind by this perpetrator may breach: a seam for agreements. */
export function provisionsBreached(incident: ExtractedIncident, provisions: readonly ProvisionDescriptor[]): string[] {
  const perp = incident.perpetrator?.toLowerCase() ?? null;
  return provisions
    .filter((p) =>
      (p.breachedBy ?? []).some(
        (r) => r.eventType === incident.eventType && (r.subEventType === undefined || r.subEventType === incident.subEventType),
      ),
    )
    .filter((p) => !p.obligated || p.obligated.length === 0 || (perp !== null && p.obligated.some((o) => o.toLowerCase() === perp || perp.startsWith(o.toLowerCase()) || o.toLowerCase().startsWith(perp))))
    .map((p) => p.id);
}

function perpetratorFor(fig: CasualtyFigure, sentence: SentenceInfo, doc: AnalysedDocument, registry: ActorRegistry): string | null {
  const scored = scoreMentions(fig, sentence, doc, registry, true);
  if (scored) return scored;
  const national = nationalForces(fig, sentence, doc, registry) ?? unlistedGroup(fig, sentence, doc);
  if (national) return national;
  // "He accused the group of … the killing of an Israeli soldier": the accused is the alleged perpetrator.
  const accused = /\baccus\w*\s+(?:the\s+(?:group|movement|militants?)|them|it)\s+of\b/i.exec(doc.text.slice(sentence.start, fig.start));
  if (accused) {
    for (let i = doc.actors.length - 1; i >= 0; i--) {
      const m = doc.actors[i]!;
      if (m.end <= sentence.start + accused.index && m.actor.kind === 'armed-group') return registry.partyOf(m.actor);
    }
  }
  // Pronoun subjects: "it said it killed a Hezbollah member" → the last party named before.
  const before = doc.text.slice(sentence.start, fig.start);
  if (/\b(?:it|they)\s+(?:\w+\s+)?(?:killed|shot|struck|hit|targeted)\s*$/i.test(before.slice(-40)) || /\bit said it\b/i.test(before)) {
    for (let i = doc.actors.length - 1; i >= 0; i--) {
      const m = doc.actors[i]!;
      if (m.end > fig.start) continue;
      const party = combatant(m, registry);
      if (party) return party;
    }
  }
  // The event may be described in the next or previous sentence ("… when they were targeted by an Israeli drone").
  for (const other of [doc.sentences[sentence.index + 1], doc.sentences[sentence.index - 1]]) {
    if (!other) continue;
    for (const m of other.actors) {
      const party = combatant(m, registry);
      const after = doc.text.slice(m.end, m.end + 30);
      // "Hezbollah's artillery capabilities" describes the party, it does not say it struck; "it targeted Hezbollah
      // operatives" names the target.
      // "Provincial authorities blamed the M23 for the shelling.": the party blamed for the event told before.
      if (party && other.index === sentence.index + 1 && /\b(?:blam(?:ed|es|ing)|accus(?:ed|es|ing)|held)\s+(?:the\s+)?$/i.test(doc.text.slice(Math.max(other.start, m.start - 20), m.start)) && /^\s+(?:for|of)\s+(?:the|this|that)\s+(?:\w+\s+)?(?:shelling|attack|strike|bombing|raid|killings?|massacre|explosion|blast|shooting)\b/i.test(after)) return party;
      const lead = doc.text.slice(Math.max(other.start, m.start - 60), m.start);
      if (party && other.index === sentence.index + 1 && /\battribut\w*\s+(?:the|this|that)\s+(?:\w+\s+)?(?:shelling|attack|strike|bombing|raid|killings?|explosion|blast|shooting)\s+to\s+(?:the\s+)?$/i.test(lead)) return party;
      if (party && other.index === sentence.index + 1 && /\b(?:fired|launched|came)\s+from\s+(?:the\s+)?$/i.test(lead) && /^\s+(?:positions?|lines|territory|areas?|side)\b/i.test(after)) return party;
      // "The Kiev regime carried out an attack on a substation. As a result of the attack, two employees perished.":
      // the figure refers back to the attack, and its subject is who carried it out.
      if (party && other.index === sentence.index - 1 && ATTACK_DONE.test(after) && REFERS_TO_ATTACK.test(sentence.text) && !ATTACKED_BEFORE.test(doc.text.slice(Math.max(other.start, m.start - 30), m.start))) return party;
      if (party && !/^['’]s\b/.test(after) && !ATTACKED_BEFORE.test(doc.text.slice(Math.max(other.start, m.start - 30), m.start)) && (FORCE_NOUN.test(after) || /\bby\s+(?:an?\s+|the\s+)?$/i.test(doc.text.slice(m.start - 8, m.start)))) return party;
    }
  }
  return unnamedForces(fig, sentence, doc, registry) ?? accusedParty(fig, sentence, doc, registry) ?? scoreMentions(fig, sentence, doc, registry, false) ?? dominantCombatant(doc, registry) ?? speakersAdversary(doc);
}

/**
 * Official statements of a party at war often never name the other side: a Ukrainian regional administration writes
 * "the aggressor struck Nikopol", a Russian ministry "the enemy attacked". When a text tells such an attack and
 * shows who is speaking, and nothing else in it names who did the harm, the attacker is the speaker's adversary.
 */
function speakersAdversary(doc: AnalysedDocument): string | null {
  if (!ADVERSARY_ATTACKS.test(doc.text)) return null;
  const sides = SPEAKER_ADVERSARY.filter(([speaker]) => speaker.test(doc.text));
  return sides.length === 1 ? sides[0]![1] : null;
}

const ADVERSARY_ATTACKS = /\bthe\s+(?:enemy|aggressor|occupiers?|invaders?|adversary)(?:['’]s)?(?:\s+(?:army|forces|troops|artillery|drones?|aviation|aircraft))?\s+(?:(?:also|again|once again|then)\s+)?(?:struck|attacked|shelled|hit|launched|fired|targeted|carried out|bombed|dropped|opened fire)\b/i;

/** Who is speaking, by the names official bodies give themselves, and the side they call the enemy. */
const SPEAKER_ADVERSARY: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:Regional Military Administration|City Military Administration|General Staff of the Armed Forces of Ukraine|Air Force of Ukraine|State Emergency Service of Ukraine|Glory to Ukraine|Ukrainian (?:authorities|officials|Air Force|General Staff))\b/, 'Russia'],
  [/\b(?:Ministry of Defen[cs]e of the Russian Federation|Russian (?:Defen[cs]e Ministry|Ministry of Defen[cs]e|authorities|officials)|Kiev regime)\b/, 'Ukraine'],
];

/** "The army said troops killed three …" names no party: in a text about Israel's wars the army, troops, jets
 * and drones are Israel's; in Sudan "the army" is the SAF. */
function unnamedForces(fig: CasualtyFigure, sentence: SentenceInfo, doc: AnalysedDocument, registry: ActorRegistry): string | null {
  const upTo = doc.text.slice(sentence.start, Math.max(fig.start, sentence.start));
  const rest = doc.text.slice(fig.end, sentence.end);
  const forces = /\b(?:the army|the military|troops|soldiers|forces|warplanes|fighter jets|jets|drones?|tanks?|navy|gunboats?|artillery|snipers?|air ?strikes?|strikes?|shelling|bombardment|bombing|gunfire)\b/i;
  if (!forces.test(upTo) && !HOME_FORCES.test(upTo) && !/^[^.]{0,80}\bby\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:army|military|troops|soldiers|forces|warplanes|jets|drones?|tanks?)\b/i.test(rest)) return null;
  if (/\b(?:Israel|Israeli|IDF)\b/.test(doc.text)) return 'Israel';
  if (/\bSudan/.test(doc.text) && /\barmy\b/i.test(upTo)) return 'SAF';
  const home = HOME_FORCES.exec(upTo);
  if (home) return homeForces(home, doc, registry);
  // Lebanese official wording names Israel only as "the enemy" ("a hostile drone raided a car").
  const inLebanon = doc.theatre?.name === 'southern Lebanon' || sentence.places.some((p) => p.place?.country === 'LB');
  if (inLebanon && /\b(?:enemy|hostile)\s+(?:\w+\s+)?(?:drones?|aircraft|warplanes?|army|forces|artillery|strikes?|raids?|gunboats?)\b/i.test(upTo)) return 'Israel';
  return null;
}

const SUBJECT_FORCE_BEFORE = /(?:^|[^\p{L}\s]\s*|\b[a-z]+\s+)(?:troops|soldiers|forces|the army|the military|police(?:men)?)\s+(?:had\s+|have\s+|then\s+|later\s+)?(?:killed|shot dead|shot|eliminated|neutrali[sz]ed)\s+(?:(?:at least|some|about|around|more than)\s+)?$/u;

/** "… militants who emerged from a tunnel …" and then "The military said the militants belonged to a Hamas cell":
 * generic militants take the party the next sentence says they belonged to. */
function namedInNext(perpetrator: string | null, sentence: SentenceInfo, doc: AnalysedDocument, registry: ActorRegistry): string | null {
  if (perpetrator !== 'Palestinian militants') return perpetrator;
  const next = doc.sentences[sentence.index + 1];
  if (!next) return perpetrator;
  const m = /\b(?:militants|gunmen|attackers|fighters|assailants)\s+(?:had\s+)?(?:belonged|belong|were members|were part|were from)\s+(?:to|of)?\s*(?:an?\s+|the\s+)?/i.exec(next.text);
  if (!m) return perpetrator;
  const at = next.start + m.index + m[0].length;
  const actor = next.actors.find((a) => a.start >= at && a.start <= at + 2);
  const party = actor ? combatant(actor, registry) : null;
  return party ?? perpetrator;
}

/** "Russian glide bombs slammed into …", "Malian soldiers … killed": a country's demonym before a force noun (one or
 * two words may stand between) names that country's forces, before the figure and outside its victims. */
function nationalForces(fig: CasualtyFigure, sentence: SentenceInfo, doc: AnalysedDocument, registry: ActorRegistry): string | null {
  const end = Math.max(sentence.start, fig.start);
  for (const c of registry.findCountries(doc.text.slice(sentence.start, end), sentence.start)) {
    if (c.via !== 'demonym') continue;
    const after = doc.text.slice(c.end, c.end + 40);
    if (QUALIFYING_COMPOUND.test(after) || !/^\s+(?:[a-z][a-z-]*\s+){0,2}(?:forces|troops|army|military|soldiers|jets|warplanes|aircraft|drones?|missiles?|bombs|artillery|shelling|shells?|strikes?|air ?strikes?|tanks?|gunfire|fire|units)\b/.test(after)) continue;
    if (ATTACKED_BEFORE.test(doc.text.slice(Math.max(sentence.start, c.start - 30), c.start))) continue;
    // A state the registry has no forces for is named by its army only when the text says soldiers, not weapons.
    const forces = registry.forcesOf(c.actor);
    if (forces) return forces;
    if (/^\s+(?:[a-z][a-z-]*\s+){0,2}(?:troops|army|soldiers)\b/.test(after)) return `${c.text} army`;
  }
  return null;
}

/** A party the registry does not list, named as armed men's organisation: "fighters of the al-Qaeda-linked JNIM",
 * "ADF militants", before the figure. */
function unlistedGroup(fig: CasualtyFigure, sentence: SentenceInfo, doc: AnalysedDocument): string | null {
  const upTo = doc.text.slice(sentence.start, Math.max(sentence.start, fig.start));
  const of = /\b(?:fighters|militants|gunmen|militiamen|members|insurgents)\s+(?:of|from)\s+(?:the\s+)?(?:(?:\p{Lu}[\p{L}'’]*\s+){0,3}[\p{L}'’-]+-(?:linked|backed|aligned|affiliated|allied)\s+)?(\p{Lu}[\p{L}\d]*(?:\s+\p{Lu}[\p{L}\d]*){0,3})/u.exec(upTo);
  if (of) return of[1]!;
  const named = /\b(\p{Lu}{2,}[\p{Lu}\d]*)\s+(?:fighters|rebels|militants|gunmen|militiamen|insurgents|jihadists|guerrillas)\b/u.exec(upTo);
  return named ? named[1]! : null;
}

/** "government forces", "the federal army", "security forces", "military jets": the forces of the state the text is
 * about (the country it names most, by name or demonym; capitals and "China-brokered" compounds aside). */
const HOME_FORCES = /\b(?:(government|federal|security|state|junta|regime)\s+(?:forces|troops|army|soldiers|aircraft|warplanes|jets)|the\s+(?:federal\s+)?(?:army|military)|military\s+(?:jets|aircraft|warplanes|helicopters|drones)|(?:from\s+)?(?:an|the)\s+(?:army|military)\s+(?:base|post|outpost|camp|positions?|checkpoint))\b/i;
function homeForces(phrase: RegExpExecArray, doc: AnalysedDocument, registry: ActorRegistry): string | null {
  // The one state's forces the text names elsewhere ("the junta", "the Sudanese army", "the ENDF").
  const states = new Set(doc.actors.filter((m) => m.actor.kind === 'state-forces').map((m) => registry.partyOf(m.actor)).filter((p): p is string => !!p));
  if (states.size === 1) return [...states][0]!;
  const counts = new Map<string, { n: number; demonym: string | null; forces: string | null; first: number }>();
  for (const c of registry.findCountries(doc.text)) {
    if (c.via === 'capital' || QUALIFYING_COMPOUND.test(doc.text.slice(c.end, c.end + 14)) || /^-(?:brokered|mediated|led|based|hosted)\b/.test(doc.text.slice(c.end, c.end + 12))) continue;
    const e = counts.get(c.actor.id) ?? { n: 0, demonym: c.actor.demonyms[0] ?? null, forces: registry.forcesOf(c.actor), first: c.start };
    e.n++;
    counts.set(c.actor.id, e);
  }
  const ranked = [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first);
  const home = ranked[0];
  if (!home) return null;
  if (home.forces) return home.forces;
  if (!home.demonym) return null;
  return /^government/i.test(phrase[0]) ? `${home.demonym} government forces` : `${home.demonym} army`;
}

/** "…, the network said, accusing the army": the party a source accuses in the figure's sentence. */
function accusedParty(fig: CasualtyFigure, sentence: SentenceInfo, doc: AnalysedDocument, registry: ActorRegistry): string | null {
  const text = doc.text.slice(sentence.start, sentence.end);
  for (const m of text.matchAll(/\b(?:accus(?:ing|ed|es)|blam(?:ing|ed|es)|holding)\s+(?:the\s+)?/gi)) {
    const at = sentence.start + m.index! + m[0].length;
    if (m.index! + sentence.start < fig.end && !/^holding/i.test(m[0])) continue; // "X accused Y of …" before the figure is handled by the caller
    const actor = sentence.actors.find((a) => a.start >= at && a.start <= at + 2);
    const party = actor ? combatant(actor, registry) : null;
    if (party) return party;
    if (/^(?:army|military)\b/i.test(doc.text.slice(at, at + 10))) {
      if (/\bSudan/.test(doc.text)) return 'SAF';
      if (/\b(?:Israel|Israeli|IDF)\b/.test(doc.text)) return 'Israel';
    }
    const home = HOME_FORCES.exec(doc.text.slice(at - 4, at + 30));
    if (home && home.index <= 4 && !/\b(?:Israel|Israeli|IDF)\b/.test(doc.text)) {
      const party = homeForces(home, doc, registry);
      if (party) return party;
    }
  }
  return null;
}

/** The party the whole text describes as using force (forces nouns, "IDF troops"), when a sentence names none:
 * "five people were killed … during the incident" in a report about IDF fire near the yellow line. */
function dominantCombatant(doc: AnalysedDocument, registry: ActorRegistry): string | null {
  const score = new Map<string, number>();
  for (const m of doc.actors) {
    const party = combatant(m, registry);
    if (!party) continue;
    const forces = FORCE_NOUN.test(doc.text.slice(m.end, m.end + 30)) || /(?:forces|troops|army|military|soldiers|IDF|Air Force)$/.test(m.text);
    if (forces) score.set(party, (score.get(party) ?? 0) + 1);
  }
  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  return first && first[1] >= 2 && (!second || first[1] >= 2 * second[1]) ? first[0] : null;
}

function combatant(m: ActorMention, registry: ActorRegistry): string | null {
  if (!['state-forces', 'armed-group', 'official', 'government'].includes(m.actor.kind)) return null;
  const party = registry.partyOf(m.actor);
  return party === 'United States' ? null : party;
}

/** Scores the party mentions of a sentence as the figure's perpetrator; `strict` requires a positive sign. */
function scoreMentions(fig: CasualtyFigure, sentence: SentenceInfo, doc: AnalysedDocument, registry: ActorRegistry, strict: boolean): string | null {
  let best: { party: string; score: number } | null = null;
  const killAt = (() => {
    const m = KILL_VERB.exec(doc.text.slice(sentence.start, sentence.end));
    return m ? sentence.start + m.index : fig.start;
  })();
  for (const m of sentence.actors) {
    const party = combatant(m, registry);
    if (!party) continue;
    if (m.start >= fig.start && m.end <= Math.max(fig.end, fig.victimsEnd)) continue; // a victim, not a perpetrator
    const after = doc.text.slice(m.end, m.end + 30);
    // "Fighters of the Rapid Support Forces": the generic noun belongs to the party named after it.
    if (!m.actor.aliases.some((a) => /^\p{Lu}/u.test(a) && a === m.text) && /^\s+(?:of|from|loyal to|belonging to)\s+(?:the\s+)?\p{Lu}/u.test(after) && sentence.actors.some((x) => x.start > m.end && x.start - m.end < 16 && combatant(x, registry))) continue;
    // "when fighters of the TPLF ambushed …", "units of the Armed Forces of Armenia … subjected": the party takes the
    // generic noun's place (and its "when"/"by" before it).
    const head = HEADED_BY.exec(doc.text.slice(Math.max(sentence.start, m.start - 40), m.start));
    const headed = head !== null;
    const headAt = head ? m.start - head[0].length : m.start;
    const before = doc.text.slice(Math.max(sentence.start, headAt - 16), headAt);
    let score = 0;
    if (FORCE_NOUN.test(after) || /(?:forces|troops|army|military|soldiers|strike|drone|Air Force|jets|militants|militia|fighters|gunmen|operatives|Brigades|IDF)$/i.test(m.text) || headed) score += 3;
    if (/\bby\s+(?:an?\s+|the\s+)?$/i.test(before)) score += 3;
    if (/\baccus\w*\s+$/i.test(before)) score += 3;
    if (m.start < killAt) score += 1;
    if (m.start > fig.start && VICTIM_NOUN_AFTER.test(after)) score -= 5;
    // Perpetrators come before the killing or after "by"; a party named after it is usually context.
    if (m.start > fig.end && !headed && !/\bby\s+(?:an?\s+|the\s+)?$/i.test(before) && (!FORCE_NOUN.test(after) || /^['’]s\b/.test(after))) score -= 3;
    if (/\b(?:recogni[sz]\w*|against|on|with|between)\s+$/i.test(before)) score -= 1;
    // "the ceasefire between the Congolese army and the M23": the parties to a truce or talks, not an attacker.
    if (/\b(?:ceasefire|cease-fire|truce|talks|deal|agreement|accord|negotiations|fighting|clashes)\s+between\s+(?:(?:the|[\p{L}'’-]+)\s+){0,5}?(?:and\s+(?:the\s+)?)?$/iu.test(doc.text.slice(Math.max(sentence.start, m.start - 70), m.start))) score -= 5;
    // "… were killed when Russian drones hit a substation": the subject of the "when" clause is the attacker.
    if (m.start > fig.end && /\b(?:when|as|after)\s+(?:an?\s+|the\s+)?$/i.test(before)) score += 4;
    // The object of an attack is its target: "militants attacked Israeli troops in Rafah, killing two soldiers".
    if (ATTACKED_BEFORE.test(before)) score -= 4;
    if (/^\s*(?:said|says|reported|told|announced)\b/i.test(after) && !FORCE_NOUN.test(after)) score -= 1;
    if (strict && score < 2) continue;
    if (!best || score > best.score) best = { party, score };
  }
  // Without the strict test, any party not argued against (score ≥ 0) will do.
  return best && best.score >= (strict ? 2 : 0) ? best.party : null;
}

export function targetOf(victims: string | null, registry: ActorRegistry): string | null {
  if (!victims) return null;
  const parties = registry.find(victims).map((m) => registry.partyOf(m.actor)).filter((p): p is string => !!p);
  if (parties[0]) return parties[0];
  return CIVILIAN_VICTIMS.test(victims) ? 'Civilians' : null;
}

const HEADED_BY = /\b(?:fighters|militants|gunmen|members|forces|troops|units|soldiers|militiamen)\s+(?:of|from|loyal to|belonging to)\s+(?:the\s+)?$/i;

/** The party as the subject of an attack ("… carried out a drone attack", "… launched strikes", "… shelled"). */
const ATTACK_DONE = /^\s+(?:(?:has|have|had)\s+)?(?:carried out|launched|conducted|staged|mounted|attacked|struck|shelled|bombed|bombarded)\b/i;
/** A sentence whose figure refers back to an attack told before it ("As a result of the attack, …", "The strike killed …"). */
const REFERS_TO_ATTACK = /^\W*(?:(?:As a (?:result|consequence) of|In|During|Following)\s+(?:the|this|that)\s+(?:\w+\s+){0,2}(?:attack|strike|shelling|raid|bombing|bombardment|assault)s?\b|(?:The|This|That)\s+(?:\w+\s+){0,2}(?:attack|strike|shelling|raid|bombing|bombardment|assault)s?\s+(?:killed|wounded|injured|left)\b)/i;
const ATTACKED_BEFORE = /\b(?:attacked|attacking|targeted|targeting|ambushed|ambushing|fired (?:at|on)|shot at|struck|hit|killed|killing)\s+(?:an?\s+|the\s+)?$/i;

const EXCLUDED_DATE_BEFORE =
  /\bsince\b[^,.;]*$|\b(?:began|begun|took effect|went into effect|came into effect|started|signed|reached)\s+(?:on\s+)?$|\b(?:said|says|announced|reported|stated|told|added|confirmed)\s+(?:on\s+)?$/i;

function eventDate(sentence: SentenceInfo, clause: { start: number; end: number }, doc: AnalysedDocument): DateMention | null {
  const usable = sentence.dates.filter((d) => {
    if (d.precision === 3) return false;
    if (doc.published && d.date > doc.published) return false;
    // A dateline ("GAZA, 4 January 2026 —") dates the report, not the event.
    // …also with the agency after the date ("ADEN, Nov 27 (Reuters) - …").
    if (d.start - sentence.start < 40 && /^\s*(?:\([^)\n]{1,30}\)\s*)?(?:[—–]|-\s|:)/.test(doc.text.slice(d.end, d.end + 36)) && !/\b(?:on|since|in)\s+$/i.test(doc.text.slice(sentence.start, d.start))) return false;
    return !EXCLUDED_DATE_BEFORE.test(doc.text.slice(Math.max(sentence.start, d.start - 50), d.start));
  });
  const inClause = usable.find((d) => d.start >= clause.start && d.start < clause.end);
  const chosen = inClause ?? usable[0];
  if (chosen) return chosen;
  // A time-stamped line of a log or live blog ("17:05 – Drone strike on a car …") happened on the day of the
  // heading above it ("South Lebanon – daily roundup (Tuesday)").
  if (TIME_STAMP.test(sentence.text)) {
    for (let i = sentence.index - 1; i >= 0 && i >= sentence.index - 30; i--) {
      const s = doc.sentences[i]!;
      if (TIME_STAMP.test(s.text)) continue;
      return s.dates.find((d) => d.precision === 1 && (!doc.published || d.date <= doc.published)) ?? null;
    }
  }
  // "during the incident" with "Tuesday's incident" elsewhere in the text.
  if (/\b(?:the|this|that)\s+(?:incident|attack|strike|shooting|shelling|raid)\b/i.test(sentence.text)) {
    for (const s of doc.sentences) {
      for (const d of s.dates) {
        const tail = doc.text.slice(d.end, d.end + 24);
        if (d.kind !== 'month' && /['’]s/.test(doc.text.slice(d.start, d.end)) && /^\s*(?:deadly\s+|fatal\s+)?(?:incident|attack|strike|shooting|shelling|raid)\b/i.test(tail)) {
          if (!doc.published || d.date <= doc.published) return d;
        }
      }
    }
  }
  return null;
}

const TIME_STAMP = /^\s*(?:[-–•*]\s*)?\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:[-–—:|]|GMT|local)/i;

const RELATIVE_BEFORE = /\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|near|outside|close to|next to|opposite)\s+(?:of\s+)?(?:the\s+)?$/i;

/** "on the Bint Jbeil – Aynata road", "the road between Tyre and Naqoura": an event on a road between two places is
 * placed at both (annotation rule: one figure for two places lists both, joined by "and"). */
function roadBetween(sentence: SentenceInfo, clause: { start: number; end: number }, doc: AnalysedDocument): PlaceMention | null {
  const places = sentence.places.filter((p) => p.start >= clause.start && p.start < clause.end);
  for (let i = 0; i + 1 < places.length; i++) {
    const a = places[i]!, b = places[i + 1]!;
    const gap = doc.text.slice(a.end, b.start);
    const dashed = /^\s*(?:[–—-]|to)\s*$/.test(gap) && /^\s+(?:road|highway|motorway)\b/i.test(doc.text.slice(b.end, b.end + 12));
    const between = /^\s+and\s+$/.test(gap) && /\b(?:road|highway|route)\s+(?:between|linking|connecting)\s+(?:the\s+(?:towns?|villages?)\s+of\s+)?$/i.test(doc.text.slice(Math.max(sentence.start, a.start - 45), a.start));
    if (dashed || between) return { ...a, name: `${a.name} and ${b.name}`, end: b.end, precision: 2, lat: null, lon: null };
  }
  return null;
}

function locationFor(sentence: SentenceInfo, clause: { start: number; end: number }, doc: AnalysedDocument, fallback: boolean): PlaceMention | null {
  const road = roadBetween(sentence, clause, doc) ?? roadBetween(sentence, sentence, doc);
  if (road) return road;
  // "in al-Shaaf, east of Tuffah": Tuffah only locates al-Shaaf; it is not where the event happened.
  const reference = (p: PlaceMention) =>
    RELATIVE_BEFORE.test(doc.text.slice(Math.max(sentence.start, p.start - 24), p.start)) &&
    sentence.places.some((q) => q !== p && q.end <= p.start && p.start - q.end < 30 && q.specificity <= 2);
  // "fired from positions near A at positions near B": A is where the fire came from, B where it hit.
  const origin = (p: PlaceMention) =>
    /\bfrom\s+(?:(?:its|their|the)\s+)?(?:positions?|posts?|bases?)\b[^,.;]{0,40}$/i.test(doc.text.slice(Math.max(sentence.start, p.start - 60), p.start)) &&
    sentence.places.some((q) => q.start > p.end && q.specificity <= p.specificity);
  const best = (list: PlaceMention[]) =>
    list.filter((p) => !reference(p) && !origin(p)).reduce<PlaceMention | null>((b, p) => (!b || p.specificity < b.specificity ? p : b), null);
  const inClause = best(sentence.places.filter((p) => p.start >= clause.start && p.start < clause.end));
  const inSentence = best(sentence.places);
  // A specific place elsewhere in the sentence beats a region in the figure's clause ("killed one man in Yater,
  // in south Lebanon's Bint Jbeil district" / "… near Khan Younis, where Israeli troops …").
  const chosen = inClause && inSentence && inSentence.specificity < inClause.specificity && inClause.specificity >= 3 ? inSentence : inClause ?? inSentence;
  if (chosen || !fallback) return chosen;
  if (/\b(?:there|the area|the town|the city|the camp|the village|the neighbou?rhood|such|(?:that|the) (?:drone |air ?)?(?:strike|attack|raid))\b/i.test(sentence.text)) {
    const prev = doc.sentences[sentence.index - 1];
    const p = prev ? best(prev.places) : null;
    if (p) return p;
  }
  // The sentence's own country before the document's: a Lebanon paragraph in a Gaza story.
  if (/\b(?:Leban\w*|Hezbollah)\b/.test(sentence.text) && doc.theatre?.name !== 'southern Lebanon') return doc.lebanon;
  if (/\b(?:Sudan\w*|RSF|Darfur|Kordofan)\b/.test(sentence.text)) return null;
  return doc.theatre;
}

/** "One person was killed in a drone strike in southern Lebanon. … the fatality occurred when a drone hit a
 * motorcycle in the border town of Houla.": a following sentence with no figure of its own that refers back to
 * the event (the strike, the victim, the fatality) and names a more specific place gives the incident its place. */
export function refinePlaces(incidents: ExtractedIncident[], doc: AnalysedDocument, figureSentences: Set<number>): void {
  for (const inc of incidents) {
    if (inc.location && inc.location.precision < 3) continue;
    const at = doc.sentences.findIndex((s) => s.start === inc.evidenceStart);
    for (const s of doc.sentences.slice(at + 1, at + 3)) {
      if (figureSentences.has(s.index)) break;
      if (!/\b(?:the|this|that)\s+(?:fatality|victim|victims|dead|strike|attack|drone|raid|incident|shelling|shooting|man|woman|person|people|car|vehicle|motorcycle|house|tent|dead man)\b/i.test(s.text)) continue;
      const p = s.places.filter((x) => x.specificity <= 1.5).sort((a, b) => a.specificity - b.specificity)[0];
      if (p) {
        inc.location = { name: p.name, lat: p.lat, lon: p.lon, precision: p.precision };
        break;
      }
    }
    // "on the edge of the town" in a report datelined from that town ("AITAROUN, Lebanon — …"): the dateline's place.
    if (!inc.location && /\b(?:in|of|near|outside|into|around)\s+the\s+(?:town|village)\b(?!\s+of\b)/i.test(inc.evidence)) {
      // Datelines are in capitals ("AITAROUN"): the town is the place of that name the text mentions.
      const dateline = /^\s*(\p{Lu}[\p{Lu}'’ -]{2,40}?)\s*(?:,[^—–\n]{0,40})?\s*[—–]/u.exec(doc.text);
      const name = dateline?.[1]!.toLowerCase();
      const p = name ? doc.sentences.flatMap((s) => s.places).find((x) => x.name.toLowerCase() === name) : undefined;
      if (p) inc.location = { name: p.name, lat: p.lat, lon: p.lon, precision: p.precision };
    }
  }
}

/** Merges repeats of one incident across sentences: same figures, and nothing about date, place or perpetrator
 * that disagrees. The more specific place and the date, where only one of them has it, survive. */
export function mergeRepeats(incidents: ExtractedIncident[]): ExtractedIncident[] {
  const out: ExtractedIncident[] = [];
  for (const inc of incidents) {
    const twin = out.find((o) => sameIncident(o, inc));
    if (!twin) {
      out.push(inc);
      continue;
    }
    if (!twin.date && inc.date) {
      twin.date = inc.date;
      twin.datePrecision = inc.datePrecision;
    }
    if (inc.location && (!twin.location || twin.location.precision > inc.location.precision)) twin.location = inc.location;
    twin.perpetrator ??= inc.perpetrator;
    twin.claimedBy ??= inc.claimedBy;
    twin.injured ??= inc.injured;
    twin.target ??= inc.target;
    twin.provisions = [...new Set([...twin.provisions, ...inc.provisions])];
  }
  return out;
}

function sameIncident(a: ExtractedIncident, b: ExtractedIncident): boolean {
  if (!a.killed || !b.killed || a.killed.best !== b.killed.best) return false;
  // Two figures of one sentence are two events; so is what the text calls another ("Another strike …",
  // "In a separate incident …", "A drone also targeted …"); repeats sit close together.
  if (a.evidenceStart === b.evidenceStart) return false;
  if (/\b(?:another|separate(?:ly)?|a second|elsewhere|also|meanwhile|later|earlier)\b/i.test(b.evidence)) return false;
  // Another source's figure is another claim, and other victims another event, unless it is the same figure for
  // the event just told ("… said one person was killed in the strike"): sources then differ on who the victim was.
  const refersBack = b.evidenceStart - a.evidenceEnd < 400 && /\b(?:the|that|this)\s+(?:same\s+)?(?:strike|air ?strike|attack|raid|shelling|bombing|incident|explosion|blast|shooting)\b/i.test(b.evidence);
  if (a.claimedBy && b.claimedBy && a.claimedBy !== b.claimedBy && !refersBack) return false;
  if (a.target && b.target && a.target !== b.target && !refersBack) return false;
  if (a.injured && b.injured && a.injured.best !== b.injured.best) return false;
  if (a.date && b.date && a.date !== b.date) return false;
  if (a.perpetrator && b.perpetrator && a.perpetrator !== b.perpetrator) return false;
  if (a.location && b.location && a.location.name !== b.location.name && a.location.precision < 3 && b.location.precision < 3) return false;
  return true;
}
