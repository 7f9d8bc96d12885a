// The extractor: news text (or a Ministry of Health bulletin) → incidents, tallies, pledges, claims, positions.
// Pure: the gazetteer and actor registry are passed in (see bundled.ts for the files we ship), the publication
// date is an argument, and nothing here reads a clock, a file or the network.
import type { ActorRegistry } from './actors.ts';
import { findAttribution } from './attribution.ts';
import { isMohBulletin, parseMohBulletin } from './bulletins.ts';
import { findCasualties, type CasualtyFigure } from './casualties.ts';
import { findClaims, findPositions } from './claims.ts';
import { analyse } from './document.ts';
import { addDays } from './dates.ts';
import { buildIncident, mergeRepeats, refinePlaces, targetOf } from './incidents.ts';
import type { Gazetteer } from './places.ts';
import { findPledges } from './pledges.ts';
import { EVENT_CUE } from './classify.ts';
import type { AnalysedDocument, SentenceInfo } from './document.ts';
import { casualtyTally, clauseOf, exchangeTallies, HOSPITAL_ARRIVALS, readFigure, TOTAL_CUE } from './tallies.ts';
import type { Extraction, ExtractedIncident, ExtractedTally, ProvisionDescriptor } from './types.ts';

export type * from './types.ts';
export { ActorRegistry } from './actors.ts';
export { Gazetteer } from './places.ts';

export interface ExtractOptions {
  /** Publication date (YYYY-MM-DD): relative dates resolve against it; null when unknown. */
  published?: string | null;
  /** Provisions of the agreement the text is checked against; incidents list the ones they may breach. */
  provisions?: readonly ProvisionDescriptor[];
}

export interface Lexicon {
  gazetteer: Gazetteer;
  actors: ActorRegistry;
}

export function extract(text: string, lexicon: Lexicon, options: ExtractOptions = {}): Extraction {
  const published = options.published ?? null;
  const provisions = options.provisions ?? [];
  if (isMohBulletin(text)) {
    return { incidents: [], tallies: parseMohBulletin(text, published), pledges: [], claims: [], positions: [] };
  }
  const doc = analyse(text, published, lexicon.gazetteer, lexicon.actors);
  const incidents: ExtractedIncident[] = [];
  const tallies: ExtractedTally[] = [];
  const figureSentences = new Set<number>();
  const textYears = [...text.matchAll(/\b(19\d{2}|20\d{2})\b/g)].map((m) => Number(m[1]));
  // A retrospective: every year the text names is two or more back, one of them a decade or more, no sentence with a
  // casualty figure is dated within the past year…
  const pubYear = published ? Number(published.slice(0, 4)) : 0;
  const retrospective = published !== null && textYears.length >= 2 && textYears.every((y) => y <= pubYear - 2) && textYears.some((y) => y <= pubYear - 10) &&
    !doc.sentences.some((s) => s.dates.some((d) => d.precision === 1 && d.date >= addDays(published, -365) && d.date <= published) && findCasualties(s).length > 0 && !s.headline) &&
    // …and it tells at least one toll that its own years make history (a report that only mentions old wars is none).
    doc.sentences.some((s) => !s.headline && findCasualties(s).length > 0 && isHistory(s.text, published));

  for (const sentence of doc.sentences) {
    // Headlines repeat what the body says (often rounded or without its qualifiers): the body is read instead.
    if (sentence.headline) continue;
    // A correction note ("(Corrects the toll to four, not five as earlier reported.)") restates a figure the body
    // already gives, or one it withdraws: neither is a count of its own.
    if (CORRECTION_NOTE.test(sentence.text)) continue;
    const figures = findCasualties(sentence);
    if (figures.length) figureSentences.add(sentence.index);
    const attribution = figures.length > 0 || /\d|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten)\b/i.test(sentence.text)
      ? findAttribution(sentence, sentence.actors, doc.attribution)
      : null;
    const eventFigures: CasualtyFigure[] = [];
    // "Israeli strikes hit Khan Younis on Tuesday. Five people were killed, medics said.": the event is told in the
    // sentence before, which has no figure of its own; the incident reads both sentences.
    const previous = doc.sentences[sentence.index - 1];
    const eventBefore =
      previous !== undefined && !previous.headline && !figureSentences.has(previous.index) && EVENT_CUE.test(previous.text) && !TOTAL_CUE.test(previous.text);
    let context: SentenceInfo = sentence;
    // A figure that refers back to the event told in the sentence before ("The troops eliminated the four
    // terrorists.", "Hours later a drone hit a car …", "… the strike killed two militants") reads its date and place
    // from the sentence before when its own sentence names none.
    let anaphoric: SentenceInfo | null = null;
    // "A further two people died of their wounds, bringing the toll from the shelling to seven": the toll of the
    // event told just before, revised; the further deaths are part of it, not a count of their own.
    const told = incidents[incidents.length - 1];
    // "… raising the death toll from the strike to six" names the event, so it revises the last incident told even a
    // few paragraphs later; "By Tuesday evening the toll had risen to 38" names none and revises only the event told
    // in the sentence just before.
    const adjacent = previous && told && told.evidenceEnd >= previous.start;
    const revised = told && told.evidenceEnd <= sentence.start && told.killed && (REVISED_TOLL.exec(sentence.text) ?? (adjacent ? RISEN_TOLL.exec(sentence.text) : null));
    for (const fig of figures) {
      if (revised && fig.kind === 'killed') {
        if (fig.start >= sentence.start + revised.index && fig.value > told.killed!.best) {
          told.killed = fig.estimate;
          told.evidence = text.slice(told.evidenceStart, sentence.end);
          told.evidenceEnd = sentence.end;
          if (attribution?.source) told.claimedBy = attribution.source;
          continue;
        }
        if (/\b(?:a further|another|an additional|(?:two|three|four|\d+) more)\s+$/i.test(text.slice(Math.max(sentence.start, fig.start - 16), fig.start)) || /^\S+\s+more\b/i.test(text.slice(fig.start, fig.end + 6))) continue;
        // "a sixth member of the family had died, raising the toll to six": the one who died is inside the new toll.
        if (/\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b/i.test(text.slice(fig.start, Math.max(fig.end, fig.victimsEnd) + 12))) continue;
      }
      // History told as background ("the 2006 war killed 1,200", "the attack of 7 October 2023 killed …") is outside
      // ceasefire monitoring: a figure introduced only by years two or more before publication (and not counting on
      // from them) is left out.
      if (published && isHistory(text.slice(sentence.start, fig.end), published)) continue;
      // In a retrospective, a figure in a sentence with no day of its own and no running count ("Historians now put
      // the war's toll at some three million") is the history's, not the present's.
      if (published && retrospective && sentence.dates.length === 0 && !/\b(?:since|so far|to date|has|have)\b/i.test(sentence.text)) continue;
      // "In that year alone, 61 civilians were killed": the year named in the sentence before.
      if (published && previous && THAT_YEAR.test(text.slice(sentence.start, fig.end)) && isHistory(lastYearIn(previous.text), published)) continue;
      // Deaths from floods, storms or earthquakes are no violent event and no count a ceasefire monitor keeps.
      if (NATURAL_HAZARD.test(clauseOf(sentence, fig.start).text) && !EVENT_CUE.test(clauseOf(sentence, fig.start).text)) continue;
      // A figure the text says was superseded ("The agency had earlier given a toll of seven", "up from an earlier
      // toll of 7") is not a count of its own: the revised figure is.
      if (SUPERSEDED.test(text.slice(Math.max(sentence.start, fig.start - 60), fig.start))) continue;
      let reading = readFigure(fig, sentence, previous);
      // "a toll of four martyrs and 21 wounded": the wounded joined to an event's dead are that event's.
      const lastEvent = eventFigures[eventFigures.length - 1];
      if (reading !== 'event' && fig.kind === 'injured' && lastEvent?.kind === 'killed' && /^\s*(?:martyrs|dead|deaths|killed|fatalities|people|victims)?[\s,]*(?:and|with)\s*$/i.test(text.slice(lastEvent.end, fig.start))) reading = 'event';
      // Not when the sentence counts violations ("… violations, including the deaths of 200 people").
      if (reading === 'unanchored' && eventBefore && ['passive', 'active', 'article'].includes(fig.shape) && !TOTAL_CUE.test(sentence.text) && !/\bviolations\b/i.test(sentence.text)) {
        reading = 'event';
        context = joinSentences(previous, sentence, text);
      }
      if (reading === 'event') {
        // "An Israeli drone hit a car in X, killing two. A third man was wounded in the strike.": a wounded count
        // whose only event is the one just told belongs to that incident.
        const recent = incidents[incidents.length - 1];
        if (fig.kind === 'injured' && !fig.vague && recent && !recent.injured && recent.evidenceEnd <= sentence.start && previous && recent.evidenceEnd >= previous.start && figures.every((f) => f.kind === 'injured') && REFERS_BACK.test(sentence.text) && !NEW_EVENT.test(sentence.text)) {
          recent.injured = fig.estimate;
          continue;
        }
        if (previous && !previous.headline && context === sentence && refersBack(fig, sentence, text)) {
          const before2 = doc.sentences[sentence.index - 2];
          anaphoric = previous.places.length || previous.dates.length || !before2 || before2.headline ? previous : before2;
        }
        eventFigures.push(fig);
        continue;
      }
      // A count with no event of its own right after an incident is a detail of it: "Five died on the spot, three
      // later in hospital" (part of the toll), "12 injured were taken to hospital" (its injured).
      if (reading === 'unanchored') {
        // "… rose to 14 after two of the wounded died": a part of a toll the same sentence gives.
        if (eventFigures.some((e) => e.kind === fig.kind && e.value >= fig.value && !e.vague)) continue;
      }
      if (reading === 'total' && /^\s+of\s+the\s+(?:wounded|injured)\b/i.test(text.slice(fig.start, fig.end + 30).replace(/^\S+/, ''))) {
        if (eventFigures.some((e) => e.kind === fig.kind && e.value > fig.value && !e.vague)) continue;
      }
      if (reading === 'unanchored') {
        const recent = incidents.filter((i) => i.evidenceStart >= (doc.sentences[sentence.index - 2]?.start ?? 0)).pop();
        const sameVictims = recent && (recent.target === null || targetOf(fig.victims, lexicon.actors) === null || recent.target === targetOf(fig.victims, lexicon.actors));
        if (recent && sameVictims) {
          if (fig.kind === 'injured' && !recent.injured && !fig.vague) {
            recent.injured = fig.estimate;
            continue;
          }
          const base = fig.kind === 'killed' ? recent.killed : recent.injured;
          if (base && fig.value <= base.best) continue;
        }
      }
      // Bodies recovered from rubble are an `other` tally, made by exchangeTallies.
      // …except bodies brought to hospitals over a period, which is how ministries count the period's deaths
      // ("Hospitals received the bodies of five people over the past 48 hours").
      if (!fig.vague && (fig.shape !== 'bodies' || HOSPITAL_ARRIVALS.test(sentence.text))) tallies.push(casualtyTally(fig, sentence, doc, attribution?.source ?? null));
    }
    // A killed figure and the injured figure that follows it in the same sentence are one event's toll.
    const groups: CasualtyFigure[][] = [];
    for (const fig of eventFigures) {
      const last = groups[groups.length - 1];
      // …unless the sentence turns to another event in between ("…, killing two, and another raid … wounding one").
      if (fig.kind === 'injured' && last && last.length === 1 && last[0]!.kind === 'killed' && !NEW_EVENT.test(text.slice(last[0]!.end, fig.start))) last.push(fig);
      else groups.push([fig]);
    }
    // Each event's zone runs from the end of the figure before it to the start of the figure after it.
    const starts = figures.map((f) => f.start);
    for (const group of groups) {
      const first = group[0]!;
      const last = group[group.length - 1]!;
      // (An event told in the sentence before belongs to the first figure's part: "… attacked Dnipro late on Friday. A
      // woman and her two grandchildren lost their lives, 14 more people were injured.")
      const afterPrevious = Math.max(context.start, ...figures.filter((f) => f.end <= first.start).map((f) => f.end));
      // …and from the last clause break before it ("…, the military said, and Israel responded with strikes that
      // killed 12": the sniper named before the break belongs to the first event).
      const breaks = afterPrevious > context.start ? [...text.slice(afterPrevious, first.start).matchAll(/,\s*(?:and|while|but|then|as|whereas)\b|;/g)] : [];
      const prevEnd = breaks.length ? afterPrevious + breaks[breaks.length - 1]!.index! : afterPrevious;
      // The zone ends at the next figure or at the first clause break after this one ("…, killing two people,
      // and later targeted Arabsalim …"), whichever comes first.
      const brk = /,\s*(?:and|while|but|then|later|as|after|before|whereas)\b|;/.exec(text.slice(last.end, sentence.end));
      const nextStart = Math.min(sentence.end, ...starts.filter((s) => s > last.start), brk ? last.end + brk.index : sentence.end);
      const zone = { start: prevEnd, end: nextStart, text: text.slice(prevEnd, nextStart) };
      incidents.push(buildIncident({ figures: group, sentence: context, zone, shared: figures.length > 1, antecedent: anaphoric }, doc, lexicon.actors, provisions));
    }
    tallies.push(...exchangeTallies(sentence, doc, attribution?.source ?? null));
  }

  const merged = mergeRepeats(incidents);
  refinePlaces(merged, doc, figureSentences);
  inheritDates(merged, doc, figureSentences);
  return {
    incidents: merged,
    tallies: dedupeTallies(tallies),
    pledges: findPledges(doc, lexicon.actors),
    claims: findClaims(doc, lexicon.actors),
    positions: findPositions(doc, lexicon.actors),
  };
}

const SUPERSEDED = /\b(?:(?:earlier|initially|previously|first)\s+(?:given|gave|put|reported|announced|said)\s+(?:a|the)\s+(?:death\s+)?(?:toll|figure|number|count)\s+(?:of|at|as)|up\s+from|revised\s+(?:up|down)?\s*from|an?\s+(?:earlier|initial|previous)\s+(?:death\s+)?(?:toll|figure|count)\s+of)\s+(?:at least\s+|about\s+)?$/i;
const REVISED_TOLL = /\b(?:bringing|raising|taking|pushing)\s+the\s+(?:death\s+)?toll\s+(?:from|of|in)\s+the\s+(?:\w+\s+)?(?:strikes?|shelling|attacks?|raids?|bombing|explosion|blast|shooting)\s+to\b/i;
const RISEN_TOLL = /\b(?:the\s+)?(?:death\s+)?toll\s+(?:had|has)?\s*(?:risen|rose|climbed|increased|jumped)\s+to\b/i;
const CORRECTION_NOTE = /^\W*(?:Corrects?|Correction|Clarification|Updates?\s+(?:the\s+)?(?:death\s+)?(?:toll|figures?|casualt\w+|number)|Adds|Recasts|This (?:story|article|report|version) (?:has been|was) (?:corrected|updated|amended)|An earlier version of this)\b/i;
const THAT_YEAR = /\b(?:that|the same)\s+year\b/i;
const lastYearIn = (text: string): string => [...text.matchAll(/\b(?:19|20)\d{2}\b/g)].map((m) => m[0]).slice(-1).join('');
const NATURAL_HAZARD = /\b(?:floods?|flooding|flash floods?|storms?|earthquakes?|quakes?|landslides?|mudslides?|heatwaves?|heat wave|cyclones?|hurricanes?|typhoons?|tornado(?:es)?|avalanches?|lightning|wildfires?|forest fires?|drought)\b/i;
/** Words by which a sentence points back to the event told before it. */
const REFERS_BACK = /\b(?:the|that|this)\s+(?:same\s+)?(?:strike|air ?strike|attack|raid|shelling|bombing|incident|explosion|blast|shooting)\b/i;
/** Words that introduce another event. */
const NEW_EVENT = /\b(?:another|separate(?:ly)?|second|elsewhere|also)\b/i;
const LATER_LEAD = /^(?:Hours|Minutes|Moments|Shortly|Soon|An hour|A few (?:hours|minutes)|Later|The same (?:day|night|evening)|That (?:evening|night|morning|afternoon))\b/;

function refersBack(fig: CasualtyFigure, sentence: SentenceInfo, text: string): boolean {
  if (LATER_LEAD.test(sentence.text)) return true;
  if (/^(?:him|her)$/.test(fig.victims ?? '')) return true;
  // "The health ministry put the number of dead at 26." after the event: another source's toll for that event.
  if (fig.shape === 'total' && /\b(?:put|puts|gave|gives|estimated|estimates)\b/i.test(sentence.text) && sentence.dates.length === 0 && !sentence.places.some((p) => p.specificity <= 2)) return true;
  // "the four terrorists", "three of them"
  if (/\bthe\s+$/i.test(text.slice(Math.max(sentence.start, fig.start - 5), fig.start))) return true;
  if (/^\s+of\s+(?:them|those|the (?:dead|victims|wounded|injured))\b/i.test(text.slice(fig.start, fig.start + 40).replace(/^\S+/, ''))) return true;
  // "The army said the strike killed two militants" with no place or day of its own.
  return REFERS_BACK.test(sentence.text) && !NEW_EVENT.test(sentence.text) && (sentence.dates.length === 0 || !sentence.places.some((p) => p.specificity <= 2));
}

/** Days an incident's own sentences do not give but the text does: "the same night" is the night of the event told
 * before it; a scene-setting sentence just before ("On Thursday night, the calm broke.", "Throughout Saturday the
 * aggressor shelled the district.") dates the event told after it, when nothing between them has a figure or a day. */
function inheritDates(incidents: ExtractedIncident[], doc: AnalysedDocument, figureSentences: Set<number>): void {
  for (const [k, inc] of incidents.entries()) {
    if (inc.date) continue;
    if (/\bthe same (?:day|night|evening|morning|afternoon)\b/i.test(inc.evidence)) {
      const before = incidents.slice(0, k).reverse().find((o) => o.date && o.evidenceStart < inc.evidenceStart);
      if (before) {
        inc.date = before.date;
        inc.datePrecision = before.datePrecision;
        continue;
      }
    }
    const at = doc.sentences.findIndex((s) => s.start === inc.evidenceStart);
    for (let i = at - 1; i >= 0 && i >= at - 2; i--) {
      const s = doc.sentences[i]!;
      if (s.headline || figureSentences.has(i)) break;
      const d = s.dates[0];
      if (d && d.precision === 1 && d.start - s.start < 16 && (!doc.published || d.date <= doc.published)) {
        inc.date = d.date;
        inc.datePrecision = 1;
        break;
      }
      if (s.dates.length) break;
    }
  }
}

const GENERIC_WHO = /^(?:people|Palestinians|victims|others)\b/;
const compatible = <T>(a: T | null, b: T | null) => a === null || b === null || a === b;
/** Two mentions of one count: nothing about their start, period or subject disagrees. */
function sameSubject(a: ExtractedTally, b: ExtractedTally): boolean {
  if (!compatible(a.since, b.since) || !compatible(a.periodHours, b.periodHours)) return false;
  if (a.subject === b.subject || a.subject === null || b.subject === null) return true;
  if (a.metric === 'other') return false;
  const head = (s: string) => s.split(' ').slice(0, 2).join(' ');
  return head(a.subject) === head(b.subject) || GENERIC_WHO.test(a.subject) || GENERIC_WHO.test(b.subject);
}

const YEARS_AGO: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, 'a few': 2, several: 3, many: 3 };
const MONTH_NUMBER: Record<string, number> = { january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12 };
function isHistory(clause: string, published: string): boolean {
  const year = Number(published.slice(0, 4));
  const month = Number(published.slice(5, 7));
  const allYears = [...clause.matchAll(/\b(19\d{2}|20\d{2})\b/g)].map((m) => Number(m[1]));
  // A running count ("has killed", "since", "so far", "the war, which began in 2023, …") is not history; a battle
  // that "began on the night of 13 July 1953" is, when every year told is a decade or more back.
  if (/\b(?:since|has|have|so far|to date)\b/i.test(clause)) return false;
  if (/\b(?:began|begun|started)\b/i.test(clause) && !(allYears.length > 0 && allYears.every((y) => y <= year - 10))) return false;
  // "in January 2025" in a report of November 2026: a month a year or more back is as much background as an old year.
  const monthYears = [...clause.matchAll(/\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+((?:19|20)\d{2})\b/g)];
  const oldMonths = new Set(monthYears.filter((m) => year * 12 + month - (Number(m[2]) * 12 + MONTH_NUMBER[m[1]!.toLowerCase()]!) >= 12).map((m) => Number(m[2])));
  const years = allYears.map((y) => (oldMonths.has(y) ? year - 2 : y));
  // "Six years ago this month, a truce ended the war …" dates the background as plainly as a year does.
  for (const m of clause.matchAll(/\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|a few|several|many)\s+(?:years|decades)\s+ago\b/gi)) {
    const n = YEARS_AGO[m[1]!.toLowerCase()] ?? Number(m[1]);
    years.push(year - (/decades/i.test(m[0]) ? 10 * n : n));
  }
  return years.length > 0 && years.every((y) => y <= year - 2);
}

/** Two adjacent sentences read as one (an event told in one, its toll in the next). */
function joinSentences(a: SentenceInfo, b: SentenceInfo, text: string): SentenceInfo {
  return {
    ...b,
    start: a.start,
    text: text.slice(a.start, b.end),
    actors: [...a.actors, ...b.actors],
    places: [...a.places, ...b.places],
    dates: [...a.dates, ...b.dates],
  };
}

/** A figure that repeats for the same subject in one text is one tally (annotation rule); the same value for a
 * different subject stays separate. */
function dedupeTallies(tallies: ExtractedTally[]): ExtractedTally[] {
  const out: ExtractedTally[] = [];
  for (const t of tallies) {
    const twin = out.find((o) => o.metric === t.metric && o.value === t.value && sameSubject(o, t));
    if (!twin) out.push(t);
    else {
      twin.since ??= t.since;
      twin.claimedBy ??= t.claimedBy;
    }
  }
  return out;
}
