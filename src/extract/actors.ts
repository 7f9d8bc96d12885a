// Actors in text: parties and their forces, officials (with the side they speak for), mediators, the bodies
// whose figures we record, and countries (for pledges). The registry is data (data/actors.yaml, parsed by the
// caller); matching is one alternation regex per case-sensitivity, longest alias first, so it costs one pass.

export type ActorKind =
  | 'state-forces'
  | 'armed-group'
  | 'government'
  | 'official'
  | 'mediator'
  | 'international-organisation'
  | 'reporting-body'
  | 'media'
  | 'country';

export interface Actor {
  id: string;
  name: string;
  kind: ActorKind;
  /** The controlled perpetrator value (Israel, Hamas, Palestinian militants, Hezbollah, RSF, SAF …). */
  party: string | null;
  affiliation: string | null;
  aliases: string[];
  demonyms: string[];
  capital: string | null;
}

export interface ActorMention {
  actor: Actor;
  start: number;
  end: number;
  text: string;
  via: 'alias' | 'demonym' | 'capital';
}

interface RawActor {
  id?: unknown;
  name?: unknown;
  kind?: unknown;
  party?: unknown;
  affiliation?: unknown;
  aliases?: unknown;
  demonyms?: unknown;
  capital?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class ActorRegistry {
  readonly actors: Actor[];
  readonly countries: Actor[];
  private readonly byId = new Map<string, Actor>();
  private readonly aliasOf = new Map<string, Actor>();
  private readonly aliasOfLower = new Map<string, Actor>();
  private readonly caseSensitive: RegExp;
  private readonly caseInsensitive: RegExp;
  private readonly countryAlias = new Map<string, { actor: Actor; via: ActorMention['via'] }>();
  private readonly countryRe: RegExp;

  /** `data` is the parsed data/actors.yaml: sections of actor lists (parties, officials, …, countries). */
  constructor(data: Record<string, unknown>) {
    const actors: Actor[] = [];
    const countries: Actor[] = [];
    for (const [section, list] of Object.entries(data)) {
      if (!Array.isArray(list)) continue;
      for (const raw of list as RawActor[]) {
        if (typeof raw?.id !== 'string' || typeof raw.name !== 'string') continue;
        const actor: Actor = {
          id: raw.id,
          name: raw.name,
          kind: (section === 'countries' ? 'country' : (raw.kind as ActorKind)) ?? 'other',
          party: typeof raw.party === 'string' ? raw.party : null,
          affiliation: typeof raw.affiliation === 'string' ? raw.affiliation : null,
          aliases: strings(raw.aliases),
          demonyms: strings(raw.demonyms),
          capital: typeof raw.capital === 'string' ? raw.capital : null,
        };
        (section === 'countries' ? countries : actors).push(actor);
        this.byId.set(actor.id, actor);
      }
    }
    this.actors = actors;
    this.countries = countries;

    const sensitive: string[] = [];
    const insensitive: string[] = [];
    for (const a of actors) {
      // News uses both the straight and the curly apostrophe ("Lebanon's" / "Lebanon’s").
      a.aliases = [...new Set(a.aliases.flatMap((x) => (x.includes("'") ? [x, x.replace(/'/g, '’')] : [x])))];
      for (const alias of [a.name, ...a.aliases]) {
        if (alias === alias.toLowerCase()) {
          if (!this.aliasOfLower.has(alias)) this.aliasOfLower.set(alias, a);
          insensitive.push(alias);
        } else {
          if (!this.aliasOf.has(alias)) this.aliasOf.set(alias, a);
          sensitive.push(alias);
        }
      }
      // Demonyms of parties name their forces ("Israeli strike"); country demonyms are handled by findCountries.
      if (a.party) {
        for (const d of a.demonyms) {
          if (!this.aliasOf.has(d)) this.aliasOf.set(d, a);
          sensitive.push(d);
        }
      }
    }
    this.caseSensitive = alternation(sensitive, '');
    this.caseInsensitive = alternation(insensitive, 'i');

    const countryNames: string[] = [];
    for (const c of countries) {
      for (const alias of [c.name, ...c.aliases]) this.countryAlias.set(alias, { actor: c, via: 'alias' });
      for (const d of c.demonyms) this.countryAlias.set(d, { actor: c, via: 'demonym' });
      if (c.capital) this.countryAlias.set(c.capital, { actor: c, via: 'capital' });
      countryNames.push(c.name, ...c.aliases, ...c.demonyms, ...(c.capital ? [c.capital] : []));
    }
    this.countryRe = alternation(countryNames, '');
  }

  get(id: string): Actor | undefined {
    return this.byId.get(id);
  }

  /** The party an actor fights or speaks for (Khalil al-Hayya → Hamas; IDF → Israel), following affiliations. */
  partyOf(actor: Actor | null | undefined): string | null {
    let a = actor;
    for (let i = 0; a && i < 4; i++) {
      if (a.party) return a.party;
      if (a.kind === 'country') return a.name;
      a = a.affiliation ? this.byId.get(a.affiliation) : undefined;
    }
    return null;
  }

  /** The display name of the side an actor belongs to (United States for Marco Rubio). */
  affiliationName(actor: Actor): string | null {
    if (!actor.affiliation) return actor.kind === 'official' ? null : actor.name;
    const a = this.byId.get(actor.affiliation);
    return a ? (a.kind === 'country' ? a.name : this.partyOf(a) ?? a.name) : null;
  }

  /** Parties, officials, mediators and reporting bodies named in `text`, in order, without overlaps. */
  find(text: string, offset = 0): ActorMention[] {
    const found: ActorMention[] = [];
    for (const [re, map, lower] of [
      [this.caseSensitive, this.aliasOf, false],
      [this.caseInsensitive, this.aliasOfLower, true],
    ] as const) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        const actor = map.get(lower ? m[0].toLowerCase() : m[0]);
        if (!actor) continue;
        const start = m.index! + offset;
        const end = start + m[0].length;
        if (found.some((f) => start < f.end && end > f.start)) continue;
        // "an Iranian-backed militia", "Indian-made drones": the name qualifies someone or something else, a backer
        // or a maker, never the one acting or speaking.
        if (QUALIFYING_COMPOUND.test(text.slice(m.index! + m[0].length, m.index! + m[0].length + 14))) continue;
        const isDemonym = actor.demonyms.includes(m[0]);
        found.push({ actor, start, end, text: m[0], via: isDemonym ? 'demonym' : 'alias' });
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** The party of a country's own forces: the state-forces actor named with the country's demonym ("Russian forces",
   * "Ethiopian army") or after the country ("Myanmar military"); null when the registry has none. */
  forcesOf(country: Actor): string | null {
    const names = [country.name, ...country.aliases, ...country.demonyms];
    const forces = this.actors.find((a) => a.kind === 'state-forces' && a.party && (a.party === country.name ||
      [a.name, ...a.aliases].some((x) => names.some((n) => new RegExp(`^${escape(n)}(?:['’]s)?\\s+(?:army|military|forces|troops|armed forces)$`, 'i').test(x)))));
    return forces?.party ?? null;
  }

  /** Countries named in `text` by name, demonym ("Turkish involvement") or capital ("Ankara"). */
  findCountries(text: string, offset = 0): ActorMention[] {
    const found: ActorMention[] = [];
    this.countryRe.lastIndex = 0;
    for (const m of text.matchAll(this.countryRe)) {
      const hit = this.countryAlias.get(m[0]);
      if (!hit) continue;
      found.push({ actor: hit.actor, start: m.index! + offset, end: m.index! + offset + m[0].length, text: m[0], via: hit.via });
    }
    return found;
  }
}

/** A hyphenated second half that makes a name describe another party or an object ("-backed", "-made"). */
export const QUALIFYING_COMPOUND = /^-(?:backed|made|built|supplied|funded|financed|sponsored|supported|trained|armed|allied|aligned|affiliated|linked|leaning|friendly)\b/i;

function alternation(words: string[], flags: string): RegExp {
  const unique = [...new Set(words)].sort((a, b) => b.length - a.length).map(escape);
  if (unique.length === 0) return /(?!)/g;
  // Word boundaries that also work next to dots ("U.S.") and apostrophes ("Gaza's").
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${unique.join('|')})(?![\\p{L}\\p{N}])`, `gu${flags}`);
}
