// Place names: the gazetteer (data/gazetteer/places.tsv, built by scripts/build-gazetteer.mjs), the region
// phrases news uses for whole areas ("northern Gaza", "south Lebanon", "the Strip"), and named places the
// gazetteer does not know yet ("in al-Shaaf") which are kept by name without coordinates rather than dropped.
import { foldName, skeletonKey, skeletonStrength } from './fold.ts';
import type { Span } from './sentences.ts';

export type PlaceKind = 'neighbourhood' | 'camp' | 'crossing' | 'corridor' | 'locality' | 'county' | 'region' | 'country';
/** ACLED geo_precision: 1 the named place itself, 2 near it or part of a district, 3 a region. */
export type GeoPrecision = 1 | 2 | 3;

export interface Place {
  id: string;
  name: string;
  kind: PlaceKind;
  country: string;
  lat: number;
  lon: number;
  admin: string;
  /** Lower wins when several places share a name (curated, in a conflict area, larger). */
  rank: number;
}

export interface PlaceMention {
  name: string;
  lat: number | null;
  lon: number | null;
  precision: GeoPrecision;
  /** 0 most specific (a neighbourhood) … 4 a country; chooses among several places in one sentence. */
  specificity: number;
  place: Place | null;
  via: 'gazetteer' | 'area' | 'unresolved';
  start: number;
  end: number;
}

interface KeyEntry {
  place: Place;
  primary: boolean;
}

const SPECIFICITY: Record<PlaceKind, number> = {
  neighbourhood: 0, camp: 0, crossing: 0, corridor: 1, locality: 1, county: 2, region: 3, country: 4,
};

// Words that are capitalised at a sentence start or are names of actors, never places in this text genre. The
// gazetteer's exonym lists contain a few of them (e.g. "Gaza" in a dozen languages is fine, "Mission" is not).
const NOT_PLACES = new Set(
  [
    'the', 'a', 'an', 'in', 'on', 'at', 'of', 'and', 'or', 'but', 'as', 'for', 'to', 'by', 'from', 'with', 'this', 'that',
    'he', 'she', 'it', 'they', 'we', 'his', 'her', 'their', 'its', 'our', 'who', 'what', 'when', 'where', 'why', 'how',
    'israel', 'israeli', 'israelis', 'hamas', 'hezbollah', 'palestinian', 'palestinians', 'palestine', 'lebanon',
    'lebanese', 'egypt', 'qatar', 'turkey', 'iran', 'syria', 'jordan', 'sudan', 'us', 'un', 'idf', 'rsf', 'saf',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
    'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'president', 'minister',
    'ministry', 'army', 'health', 'red', 'cross', 'crescent', 'board', 'peace', 'force', 'forces', 'council', 'security',
    'state', 'secretary', 'general', 'news', 'agency', 'government', 'office', 'media', 'defense', 'defence', 'civil',
    'international', 'united', 'nations', 'national', 'world', 'hospital', 'however', 'meanwhile', 'under', 'after',
    'before', 'since', 'despite', 'according', 'there', 'here', 'some', 'many', 'several', 'five', 'one', 'two', 'three',
    'sharm', 'miami', 'washington', 'trump', 'rubio', 'witkoff', 'netanyahu', 'mission', 'centre', 'center', 'camp',
    'city', 'north', 'south', 'east', 'west', 'central', 'northern', 'southern', 'eastern', 'western', 'new', 'old',
    'martyrs', 'martyr', 'number', 'total', 'cumulative', 'note', 'daily', 'report', 'statistical', 'injuries', 'salam',
    'ain', 'beit', 'deir', 'kfar', 'tel', 'tal', 'bir', 'wadi', 'jabal', 'khan', 'abu', 'umm', 'bani', 'gen',
  ].map(foldName),
);

// Prefixes that mark a word group as a toponym even when the gazetteer does not know it.
const TOPONYM_HEAD = /^(?:(?:al|el|an|ash|as|at|az|ad|ar|Al|El|An|Ash|As|At|Az|Ad|Ar)-\p{Lu}|(?:Ain|Ein|Ayn|Beit|Bayt|Bait|Kfar|Kafr|Deir|Dayr|Khirbet|Khirbat|Kherbet|Khirbit|Khurbet|Kherbit|Tal|Tel|Tell|Wadi|Bir|Jabal|Jebel|Nahr|Majdal|Majdel|Khan|Bani|Beni|Umm|Abu|Hay|Hai|Haret|Mazraat|Marj|Qaryat|El|Al)\s+(?:(?:al|el|an|ash|as|at|az|ad|ar)-)?\p{Lu})/u;
const AREA_NOUN = /^\s+(?:neighbou?rhood|area|village|hamlet|town|city|camp|refugee camp|district|quarter|suburb|junction|roundabout|road|street|crossing|region|locality|outskirts|province|settlement|sector|township|governorate|county)\b/i;
// …or a compass word ("in western Rafah", "eastern Rafah"), which only ever qualifies a place.
const PLACE_PREPOSITION = /\b(?:(?:in|near|at|outside|around|into|of|on|east of|west of|north of|south of|from|between|towards?)\s+(?:the\s+)?|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+|central\s+)$/i;

const ATTACKED_TOWN = /\b(?:attacked|shelled|bombed|struck|targeted|attacking|shelling|bombing|striking|targeting)\s+(\p{Lu}[\p{L}'’-]{3,}(?:\s+\p{Lu}[\p{L}'’-]+)?)(\s+(?:with|using|overnight|late|early|at dawn|at night|in the (?:morning|evening|night)))\b/gu;
const ATTACKED_FACILITY = /\b(?:hit|hitting|struck|striking|shelled|shelling|bombed|bombing|targeted|targeting|stormed|storming|raided|raiding|attacked|attacking)\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?)\s+(?:(?:teaching|main|central|general|local|rural|military|state|public)\s+)?(?:hospital|school|market|mosque|church|camp|town|village|neighbou?rhood|district|area)\b/gu;

interface AreaRule {
  re: RegExp;
  name: string;
  anchor: string | null;
  precision: GeoPrecision;
  specificity: number;
}

// Region phrases. `anchor` names the gazetteer record whose point stands for the area (a governorate or region).
const AREAS: AreaRule[] = [
  { re: /\b(?:east(?:ern)?|west(?:ern)?|north(?:ern)?|south(?:ern)?)\s+Gaza\s+City\b|\bGaza\s+City['’]s\s+(?:east|west|north|south)\b/gi, name: 'Gaza City', anchor: 'gn:281133', precision: 2, specificity: 1 },
  { re: /\bnorth(?:ern)?\s+Gaza(?!\s+City)(?:\s+Strip)?\b|\bnorth\s+of\s+the\s+(?:Gaza\s+)?Strip\b|\bthe\s+(?:Gaza\s+)?Strip['’]s\s+north\b/gi, name: 'northern Gaza', anchor: 'wof:1091913267', precision: 3, specificity: 3 },
  { re: /\bsouth(?:ern)?\s+Gaza(?!\s+City)(?:\s+Strip)?\b|\bsouth\s+of\s+the\s+(?:Gaza\s+)?Strip\b|\bthe\s+(?:Gaza\s+)?Strip['’]s\s+south\b/gi, name: 'southern Gaza', anchor: 'wof:1091913333', precision: 3, specificity: 3 },
  { re: /\bcent(?:ral|re\s+of)\s+(?:the\s+)?Gaza(?!\s+City)(?:\s+Strip)?\b/gi, name: 'central Gaza', anchor: 'wof:1091913317', precision: 3, specificity: 3 },
  { re: /\b(?:the\s+)?Gaza\s+Strip\b|\bthe\s+Strip\b|\bGaza\b(?!\s+City|\s*['’]s\s+(?:Health|health|Ministry|ministry|Government|government|civil|Civil|Media|media))/g, name: 'Gaza Strip', anchor: 'wof:85681213', precision: 3, specificity: 3 },
  { re: /\bsouth(?:ern)?\s+Lebanon\b|\bLebanon['’]s\s+south\b/gi, name: 'southern Lebanon', anchor: 'wof:85673495', precision: 3, specificity: 3 },
  { re: /\beast(?:ern)?\s+Lebanon\b|\bBekaa\s+Valley\b|\bBeqaa\s+Valley\b/gi, name: 'eastern Lebanon', anchor: null, precision: 3, specificity: 3 },
  { re: /\b(?:the\s+)?(?:northern\s+|southern\s+)?West\s+Bank\b/g, name: 'West Bank', anchor: null, precision: 3, specificity: 3 },
  { re: /\bnorth(?:ern)?\s+Israel\b/gi, name: 'northern Israel', anchor: null, precision: 3, specificity: 3 },
  { re: /\bsouth(?:ern)?\s+Israel\b/gi, name: 'southern Israel', anchor: null, precision: 3, specificity: 3 },
];

export class Gazetteer {
  readonly places: Place[];
  private readonly byId = new Map<string, Place>();
  private readonly exact = new Map<string, KeyEntry[]>();
  private readonly skeleton = new Map<string, Place[]>();
  /** Longest alias length in words, to bound the n-gram scan. */
  private maxWords = 1;

  constructor(places: Place[], aliases: Map<string, string[]>) {
    this.places = places;
    for (const p of places) {
      this.byId.set(p.id, p);
      const names = [p.name, ...(aliases.get(p.id) ?? [])];
      names.forEach((n, i) => {
        const key = foldName(n);
        if (key === '' || NOT_PLACES.has(key) || key.length < 3) return;
        this.maxWords = Math.max(this.maxWords, key.split(' ').length);
        const list = this.exact.get(key) ?? [];
        if (!list.some((e) => e.place === p)) list.push({ place: p, primary: i === 0 });
        this.exact.set(key, list);
        const sk = skeletonKey(key);
        if (skeletonStrength(sk) >= 4) {
          const l2 = this.skeleton.get(sk) ?? [];
          if (!l2.includes(p)) l2.push(p);
          this.skeleton.set(sk, l2);
        }
      });
    }
    this.maxWords = Math.min(this.maxWords, 5);
  }

  /** Parses the committed places.tsv (header: id name kind country lat lon admin rank aliases source). */
  static fromTsv(tsv: string): Gazetteer {
    const places: Place[] = [];
    const aliases = new Map<string, string[]>();
    const lines = tsv.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '') continue;
      const c = line.split('\t');
      const place: Place = {
        id: c[0]!, name: c[1]!, kind: c[2] as PlaceKind, country: c[3]!, lat: Number(c[4]), lon: Number(c[5]),
        admin: c[6] ?? '', rank: Number(c[7] ?? 50),
      };
      places.push(place);
      if (c[8]) aliases.set(place.id, c[8].split('|'));
    }
    return new Gazetteer(places, aliases);
  }

  get(id: string): Place | undefined {
    return this.byId.get(id);
  }

  /** Resolves one name (any spelling) to the best place, or null. */
  lookup(name: string, opts: { kind?: PlaceKind; country?: string | null } = {}): Place | null {
    const key = foldName(name);
    const entries = this.exact.get(key);
    if (entries && entries.length) return pick(entries, opts.kind, opts.country ?? null);
    const sk = skeletonKey(key);
    if (skeletonStrength(sk) < 4) return null;
    const cands = this.skeleton.get(sk);
    if (!cands || cands.length === 0) return null;
    // A skeleton match is trusted only when it names one place (or duplicates of it a few km apart).
    // A far-away namesake is tolerated when it ranks much worse (outside the conflict areas, not curated).
    const local = opts.country ? cands.filter((c) => c.country === opts.country) : [];
    const sorted = [...(local.length ? local : cands)].sort((a, b) => a.rank - b.rank);
    const first = sorted[0]!;
    // A loose match in another country than the text is about is more likely a coincidence than a place, and a
    // short skeleton is trusted only for a well-known place in the conflict areas.
    if (opts.country && first.country !== opts.country) return null;
    if (skeletonStrength(sk) < 5 && first.rank >= 5) return null;
    if (sorted.some((c) => distanceKm(c, first) > 5 && c.rank - first.rank < 10)) return null;
    return first;
  }

  /** Place mentions in `span` (a sentence), most specific first is the caller's choice; `blocked` are spans
   * already taken by actor names ("Lebanon's health ministry" is not a place). */
  find(span: Span, blocked: [number, number][] = [], notPlaces: [number, number][] = [], country: string | null = null): PlaceMention[] {
    const text = span.text;
    const out: PlaceMention[] = [];
    const taken: [number, number][] = blocked.map(([s, e]) => [s - span.start, e - span.start]);
    const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);

    for (const rule of AREAS) {
      rule.re.lastIndex = 0;
      for (const m of text.matchAll(rule.re)) {
        const s = m.index!, e = s + m[0].length;
        if (!free(s, e)) continue;
        const anchor = rule.anchor ? this.byId.get(rule.anchor) : undefined;
        out.push({
          name: rule.name, lat: anchor?.lat ?? null, lon: anchor?.lon ?? null, precision: rule.precision,
          specificity: rule.specificity, place: anchor ?? null, via: 'area', start: span.start + s, end: span.start + e,
        });
        taken.push([s, e]);
      }
    }

    const words = [...text.matchAll(/[\p{L}\p{M}][\p{L}\p{M}'’‘`ʿ-]*/gu)].map((m) => ({
      s: m.index!, e: m.index! + m[0].length, w: m[0],
    }));
    for (let i = 0; i < words.length; i++) {
      const head = words[i]!;
      if (!/^\p{Lu}/u.test(head.w) && !/^(?:al|el|an|ash|as|at|az|ad|ar)-\p{Lu}/u.test(head.w)) continue;
      if (/^(?:The|A|An|In|On|At)$/.test(head.w)) continue; // sentence-initial function words are no place names
      let matched = false;
      for (let n = Math.min(this.maxWords, words.length - i); n >= 1 && !matched; n--) {
        const last = words[i + n - 1]!;
        // Every word of a multi-word name is capitalised or a lower-case article/connector.
        const seq = words.slice(i, i + n);
        // …or a trailing kind word that is part of the name ("Rafah crossing", "Nuseirat camp").
        if (!seq.every((x, k) => k === 0 || /^\p{Lu}/u.test(x.w) || /^(?:al|el|an|ash|as|at|az|ad|ar|ech|ej|es|et|ez|ed|en|er|bin|ibn|abu|um|umm|of)(?:-\p{Lu}.*)?$/u.test(x.w) || (k === n - 1 && /^(?:crossing|camp|corridor|checkpoint)$/.test(x.w)))) continue;
        if (/^(?:of)$/.test(last.w)) continue;
        // Only whitespace between the words (a comma or full stop ends a name).
        if (!seq.every((x, k) => k === 0 || /^\s+$/.test(text.slice(seq[k - 1]!.e, x.s)))) continue;
        if (!free(head.s, last.e)) continue;
        const phrase = text.slice(head.s, last.e).replace(/['’]s$/, '');
        // Datelines ("BEIRUT:", "JERUSALEM") say where the reporter filed from, not where anything happened.
        if (/^[\p{Lu}\s'’-]{4,}$/u.test(phrase)) continue;
        const key = foldName(phrase);
        if (NOT_PLACES.has(key)) continue;
        const after = text.slice(last.e, last.e + 16);
        const wantsCounty = /^\s+(?:district|governorate|province)\b/i.test(after);
        const place = this.lookup(phrase, { ...(wantsCounty ? { kind: 'county' as const } : {}), country });
        if (!place) continue;
        // A lone ambiguous capitalised word at sentence start ("Rafah's" is fine; "Even" is not) needs a place
        // preposition or an area noun to count.
        const before = text.slice(Math.max(0, head.s - 24), head.s);
        if (n === 1 && key.length < 5 && !PLACE_PREPOSITION.test(before) && !AREA_NOUN.test(after)) continue;
        const near = /\b(?:near|outside|around|east of|west of|north of|south of|close to|on the outskirts of)\s+(?:the\s+)?$/i.test(before);
        // "the Sheikh Radwan district of Gaza City": a neighbourhood or camp called a district stays what it is.
        const kind = wantsCounty && place.kind !== 'county' && place.kind !== 'neighbourhood' && place.kind !== 'camp' ? 'county' : place.kind;
        out.push({
          name: place.name, lat: place.lat, lon: place.lon,
          precision: kind === 'region' ? 3 : kind === 'county' || near ? 2 : 1,
          specificity: SPECIFICITY[kind] + (near ? 0.5 : 0), place, via: 'gazetteer',
          start: span.start + head.s, end: span.start + last.e + (wantsCounty ? (/^\s+\w+/.exec(after)?.[0].length ?? 0) : 0),
        });
        taken.push([head.s, last.e]);
        matched = true;
        i += n - 1;
      }
    }

    // Named places the gazetteer lacks: a toponym-shaped word group after a place preposition ("in al-Shaaf",
    // "near Ain al-Samahiya"), or any capitalised group followed by an area noun ("the Froun area").
    // Also at a sentence's start ("In Nikopol a man was killed") and after a containing region's possessive
    // ("Sagaing region's Depayin township").
    const UNKNOWN = /(?:\b(?:(?:town|village|hamlet|city|neighbou?rhood|area|district|region|camp|suburb|municipality|outskirts|border town|border village|port|port city|harbou?r|province|settlement|township|governorate)\s+of|direction of|in|In|near|Near|at|outside|Outside|around|into|on|targeting|east of|west of|north of|south of|on the outskirts of|(?:region|province|state|governorate|district)['’]s)\s+(?:the\s+)?(?:\p{Lu}+-(?:held|controlled|run|besieged|occupied)\s+)?)((?:(?:al|el|an|ash|as|at|az|ad|ar|Al|El|An|Ash|As|At|Az|Ad|Ar)-)?\p{Lu}[\p{L}'’-]+(?:\s+(?:(?:al|el|ad|as|ash|at|az|an|ar|ech|ej|es|et)[- ])?\p{Lu}[\p{L}'’-]+){0,3})/gu;
    for (const m of text.matchAll(UNKNOWN)) {
      const name = m[1]!.replace(/['’]s$/, '');
      const s = m.index! + m[0].length - m[1]!.length;
      const e = s + name.length;
      if (!free(s, e)) continue;
      if (notPlaces.some(([a, b]) => span.start + s < b && span.start + e > a)) continue;
      const after = text.slice(e, e + 20);
      const lead = m[0].slice(0, m[0].length - m[1]!.length);
      const toponym = TOPONYM_HEAD.test(name) || AREA_NOUN.test(after) || /\bof\s+(?:the\s+)?$/.test(lead);
      // A single capitalised word after "in/near/at" that is no actor, country or common word: most likely a
      // town the gazetteer lacks (Sudan's towns are not in it at all). Kept, less specific than known places.
      const lenient = (/^(?:in|near|at|outside)\s/i.test(lead) || /-(?:held|controlled|run|besieged|occupied)\s+$/.test(lead)) && (!/\s/.test(name) || (/^(?:near|outside)\s/i.test(lead) && /^\S+\s\S+$/.test(name))) && name.length >= 4 && !NOT_PLACES.has(foldName(name)) && !/^(?:[A-Z]{2,}|[A-Z]\w+(?:day|ber|ary|uary))$/.test(name);
      if (!toponym && !lenient) continue;
      // "In Geneva, negotiators said …": a capitalised lead with a comma after the name frames where people speak.
      if (/^(?:In|Near|Outside)\s/.test(lead) && /^\s*,/.test(after) && !toponym) continue;
      if (name.split(/\s+/).some((w) => NOT_PLACES.has(foldName(w)) && !/^(?:al|el|Al|El)[- ]/.test(w) && foldName(w).length > 3 && !TOPONYM_HEAD.test(name))) continue;
      out.push({
        // "near Chong Bok in Ubon Ratchathani province": a province or governorate contains the place named with it.
        name, lat: null, lon: null, precision: 2, specificity: /^\s+(?:province|governorate|county|region)\b/i.test(after) ? 2 : toponym ? 1 : 1.5, place: null, via: 'unresolved',
        start: span.start + s, end: span.start + e,
      });
      taken.push([s, e]);
    }
    // The object of an attack named by what stood there: "shells hit Dilling teaching hospital", "struck Tawila
    // market" (towns the gazetteer lacks, Sudan's among them).
    for (const m of text.matchAll(ATTACKED_FACILITY)) {
      const name = m[1]!;
      const s = m.index! + m[0].search(/\p{Lu}/u);
      const e = s + name.length;
      if (!free(s, e) || NOT_PLACES.has(foldName(name)) || name.split(/\s+/).some((w) => NOT_PLACES.has(foldName(w)))) continue;
      if (notPlaces.some(([a, b]) => span.start + s < b && span.start + e > a)) continue;
      out.push({ name, lat: null, lon: null, precision: 2, specificity: 1, place: null, via: 'unresolved', start: span.start + s, end: span.start + e });
      taken.push([s, e]);
    }
    // A town as the object of an attack with its weapon or time after it: "attacked Dnipro with a ballistic missile",
    // "shelled Horlivka overnight".
    for (const m of text.matchAll(ATTACKED_TOWN)) {
      const name = m[1]!;
      const s = m.index! + m[0].length - m[1]!.length - m[2]!.length;
      const e = s + name.length;
      if (!free(s, e) || NOT_PLACES.has(foldName(name)) || name.split(/\s+/).some((w) => NOT_PLACES.has(foldName(w))) || /^(?:[A-Z]{2,}|[A-Z]\w+(?:day|ber|ary|uary)|March|April|May|June|July|August)$/.test(name)) continue;
      if (notPlaces.some(([a, b]) => span.start + s < b && span.start + e > a)) continue;
      out.push({ name, lat: null, lon: null, precision: 2, specificity: 1.5, place: null, via: 'unresolved', start: span.start + s, end: span.start + e });
      taken.push([s, e]);
    }
    return out.sort((a, b) => a.start - b.start);
  }

}

function pick(entries: KeyEntry[], kind: PlaceKind | undefined, country: string | null): Place {
  // Places in the country the text is about come first (a Lebanese village before a West Bank namesake).
  const bias = (e: KeyEntry) => (country && e.place.country !== country ? 15 : 0);
  const ranked = [...entries].sort(
    (a, b) =>
      Number(kind !== undefined && b.place.kind === kind) - Number(kind !== undefined && a.place.kind === kind) ||
      bias(a) - bias(b) ||
      // The place's own name counts for a few rank points: enough between two equals, not against a curated
      // Gaza record ("Tel al-Sultan" is the Rafah neighbourhood, not Tell es-Sultan near Jericho).
      a.place.rank - 3 * Number(a.primary) - (b.place.rank - 3 * Number(b.primary)),
  );
  return ranked[0]!.place;
}

function distanceKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6371;
}
