// One analysed document: sentences and, per sentence, the actor, place and date mentions every extractor reads.
// Built once per text so that incidents, tallies, pledges and claims share one pass over the text.
import type { ActorMention, ActorRegistry } from './actors.ts';
import { attributionContext, type AttributionContext } from './attribution.ts';
import { addDays, findDates, type DateMention } from './dates.ts';
import type { Gazetteer, PlaceMention } from './places.ts';
import { splitSentences, type Span } from './sentences.ts';
import { TRUCE_WORDS } from './tallies.ts';

export interface SentenceInfo extends Span {
  index: number;
  /** A headline or section title (no closing stop, mostly capitalised words): the body repeats its figures. */
  headline: boolean;
  actors: ActorMention[];
  places: PlaceMention[];
  dates: DateMention[];
}

export interface AnalysedDocument {
  text: string;
  published: string | null;
  sentences: SentenceInfo[];
  actors: ActorMention[];
  /** The day the ceasefire took effect, when the text itself dates it ("since the ceasefire began on October 10"). */
  ceasefireStart: string | null;
  /** The area the document is about when a sentence names none (Gaza Strip, southern Lebanon …). */
  theatre: PlaceMention | null;
  /** Southern Lebanon as a place, for a Lebanon sentence in a text about elsewhere. */
  lebanon: PlaceMention | null;
  attribution: AttributionContext;
}

const CEASEFIRE_START_BEFORE = new RegExp(
  String.raw`\b(?:${TRUCE_WORDS}|deal|agreement)\b[^.;]{0,90}?\b(?:began|begun|begins|took effect|take effect|went into effect|came into effect|into force|started|starts|start|commenced|kicked in|took hold|was implemented|in effect|effective|was reached|signed|since)\b[^.;]{0,40}?\s(?:on\s+|in\s+)?(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?$|\b${TRUCE_WORDS}\s*\(\s*$|\b${TRUCE_WORDS}\s+(?:on|of)\s+$|\bsince\s+$`,
  'i',
);
const CEASEFIRE_WORD = new RegExp(String.raw`\b(?:${TRUCE_WORDS}|violations?|breach(?:es)?)\b`, 'i');

export function analyse(
  text: string,
  published: string | null,
  gazetteer: Gazetteer,
  registry: ActorRegistry,
): AnalysedDocument {
  const spans = splitSentences(text);
  const country = countryOf(text);
  const sentences: SentenceInfo[] = [];
  const allActors: ActorMention[] = [];
  // "militants", "gunmen", "terrorists" stand for Palestinian militants only in a text about Israel and the
  // Palestinians: in eastern Congo or the Sahel they are whoever the text names ("gunmen identified as M23 fighters").
  const palestinian = country === 'PS' || /\b(?:Israel\w*|IDF|Gaza|Palestin\w*|Hamas|West Bank)\b/.test(text);
  for (const [index, span] of spans.entries()) {
    const actors = registry.find(span.text, span.start).filter((a) => palestinian || a.actor.party !== 'Palestinian militants' || /Palestin/i.test(a.text));
    allActors.push(...actors);
    const blocked = actors.map((a) => [a.start, a.end] as [number, number]);
    const countries = registry.findCountries(span.text, span.start).map((c) => [c.start, c.end] as [number, number]);
    const places = gazetteer.find(span, blocked, countries, country);
    const dates = findDates(span.text, published, span.start);
    // A text's first line with no closing stop, set apart from the body by a line break, is its headline even in
    // sentence case ("Thailand says two soldiers killed by new mines").
    const firstLine = index === 0 && /^\s*\n/.test(text.slice(span.end, span.end + 3)) && /\n\s*\S/.test(text.slice(span.end)) && !/[.!?:"”’]\s*$/.test(span.text) && span.text.split(/\s+/).length <= 16;
    sentences.push({ ...span, index, headline: firstLine || isHeadline(span.text), actors, places, dates });
  }

  // Ceasefire start: a day-precision date introduced by "ceasefire … took effect on", "(October 11)" after the
  // word ceasefire, or "since <date>" in a sentence about the ceasefire or its violations.
  let strong: string | null = null;
  let weak: string | null = null;
  for (const s of sentences) {
    for (const d of s.dates) {
      if (d.precision !== 1 || (published && d.date > published)) continue;
      const before = text.slice(Math.max(s.start, d.start - 110), d.start);
      const m = CEASEFIRE_START_BEFORE.exec(before);
      // "since the war began on 7 October 2023" dates the war, not the ceasefire.
      if (!m || /\b(?:war|aggression|genocide|offensive|attack)\b/i.test(m[0])) continue;
      if (/^since\s+$/i.test(m[0])) {
        // A bare "since <date>" counts only when it is recent: "holding since October 7, 2023" dates the war.
        const recent = !published || d.date >= addDays(published, -400);
        if (CEASEFIRE_WORD.test(s.text) && !/\b(?:war|holding|held|captivity)\b/i.test(before) && recent) weak ??= d.date;
      } else strong ??= d.date;
    }
  }

  return {
    text,
    published,
    sentences,
    actors: allActors,
    ceasefireStart: strong ?? weak,
    theatre: theatreOf(sentences),
    lebanon: lebanonArea(gazetteer),
    attribution: attributionContext(registry, allActors, text, country),
  };
}

function lebanonArea(gazetteer: Gazetteer): PlaceMention | null {
  const text = 'southern Lebanon';
  return gazetteer.find({ start: 0, end: text.length, text })[0] ?? null;
}

function isHeadline(text: string): boolean {
  if (/[.!?:"”’)]\s*$/.test(text)) return false;
  const words = text.split(/\s+/).filter((w) => /^[\p{L}]{4,}/u.test(w));
  if (words.length < 3) return false;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.6;
}

/** The country a text is mostly about, by its most frequent tell-tale words (to break ties between namesakes). */
function countryOf(text: string): string | null {
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  const ps = count(/\b(?:Gaza|Palestin\w*|West Bank|Hamas|Rafah|Khan Yo?unis)\b/g);
  const lb = count(/\b(?:Lebanon|Lebanese|Hezbollah|Nabatieh|Beirut|Litani)\b/g);
  if (ps === 0 && lb === 0) return null;
  return lb > ps ? 'LB' : 'PS';
}

function theatreOf(sentences: SentenceInfo[]): PlaceMention | null {
  const counts = new Map<string, { n: number; mention: PlaceMention }>();
  for (const s of sentences) {
    for (const p of s.places) {
      if (p.via !== 'area') continue;
      // Parts of the Strip ("northern Gaza") count for the Strip as the theatre.
      const name = /Gaza/.test(p.name) ? 'Gaza Strip' : p.name;
      if (!['Gaza Strip', 'southern Lebanon', 'West Bank'].includes(name)) continue;
      const c = counts.get(name) ?? { n: 0, mention: p };
      if (p.name === 'Gaza Strip') c.mention = p;
      c.n++;
      counts.set(name, c);
    }
    // "Lebanon" on its own counts for southern Lebanon, where almost all ceasefire incidents in Lebanon happen.
    const lebanon = s.text.match(/\b(?:Lebanon|Lebanese)\b/g)?.length ?? 0;
    const c = counts.get('southern Lebanon');
    if (c) c.n += lebanon;
  }
  let best: { n: number; mention: PlaceMention } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.mention ?? null;
}
