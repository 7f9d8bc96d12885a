// Who gives a figure: "according to the health ministry", "Israel reports that", "…, the army said", "Palestinian
// sources in Gaza later reported". A figure keeps its claimant; figures from different claimants are never
// merged (see domain/estimate.ts).
import type { ActorMention, ActorRegistry } from './actors.ts';
import type { Span } from './sentences.ts';

export interface Attribution {
  /** Display name of the source ("Gaza Health Ministry", "Palestinian sources", "a doctor at Al-Aqsa Hospital"). */
  source: string;
  /** Registry id when the source is a known actor. */
  actorId: string | null;
  start: number;
  end: number;
}

const SPEECH = '(?:said|says|say|put|puts|gave|estimated|estimates|reported|reports|report|announced|announces|stated|states|confirmed|confirms|told|added|adds|claimed|claims|alleged|alleges|accused|accuses|noted|declared|documented|recorded|counted|updated|published|cited)';
const GENERIC_SOURCE =
  /\b(?:(?:Palestinian|Lebanese|Israeli|Sudanese|medical|local|hospital|security|health|military|official|civil defen[cs]e|rescue|humanitarian|diplomatic|UN|U\.N\.|residents?)(?:\s+and)?\s+)*(?:sources|officials?|witnesses|eyewitnesses|medics|paramedics|doctors?|rescuers|residents|activists|monitors?|monitoring group|observatory|spokes(?:man|woman|person)|authorities|(?:a|the)\s+doctor(?:\s+at\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+Hospital)?)\b/;
const ANAPHORA: [RegExp, (ctx: AttributionContext, at: number, sentenceStart: number) => Attribution | null][] = [
  // "the (health) ministry" is the last ministry named, or the health ministry of the country the text is about.
  [/\b(?:the|The) (?:health )?ministry\b/, (ctx, at) => ctx.lastActor(at, (m) => /ministry/i.test(m.actor.name)) ?? ctx.defaultMinistry(at)],
  [/\b(?:the|The) (?:Israeli )?(?:army|military|IDF)\b/, () => ({ source: 'Israeli army', actorId: 'israel', start: 0, end: 0 })],
  [/\b(?:the|The) (?:civil defen[cs]e|agency)\b/, (ctx, at) => ctx.lastActor(at, (m) => m.actor.kind === 'reporting-body')],
  // Pronouns and "the group": the last actor the text made a speaker ("The Gaza Ministry of Health announced …").
  [/\b(?:It|it|They|they|He|he|She|she|The group|the group|The movement|the movement)\b/, (ctx, at, from) =>
    ctx.lastActor(at, (m) => m.start >= from && ['state-forces', 'armed-group', 'official', 'government', 'reporting-body'].includes(m.actor.kind)) ??
    ctx.lastActor(at, (m) => ctx.isSpeaker(m)) ?? ctx.lastActor(at, () => true)],
];

export interface AttributionContext {
  registry: ActorRegistry;
  /** All actor mentions in the document, in order. */
  mentions: ActorMention[];
  lastActor(before: number, accept: (m: ActorMention) => boolean): Attribution | null;
  /** The mention is the subject of a speech verb ("X said", "X announced on Sunday that"). */
  isSpeaker(m: ActorMention): boolean;
  /** The health ministry of the country the text is about at `at`, for an unnamed "the health ministry". */
  defaultMinistry(at: number): Attribution | null;
}

export function attributionContext(registry: ActorRegistry, mentions: ActorMention[], text = '', country: string | null = null): AttributionContext {
  const ministryOf = (c: string | null) => registry.get(c === 'LB' ? 'lebanon-moh' : c === 'PS' ? 'gaza-moh' : '');
  // The sentence's own surroundings decide first: a Lebanon paragraph in a Gaza story quotes Lebanon's ministry.
  const localCountry = (at: number) => {
    const near = text.slice(Math.max(0, at - 250), at + 250);
    const lb = (near.match(/\b(?:Leban\w*|Hezbollah|Beirut|Tyre|Sidon|Nabatieh|Litani)\b/g) ?? []).length;
    const ps = (near.match(/\b(?:Gaza|Palestin\w*|Hamas|Rafah|Khan Yo?unis)\b/g) ?? []).length;
    return lb > ps ? 'LB' : ps > lb ? 'PS' : country;
  };
  const speechAfter = new RegExp(`^\\s*(?:(?:also|later|earlier|has|have|had|on \\w+)\\s+)*${SPEECH}\\b`);
  return {
    isSpeaker: (m) => speechAfter.test(text.slice(m.end, m.end + 40)),
    defaultMinistry: (at) => {
      const ministry = ministryOf(localCountry(at));
      return ministry ? { source: ministry.name, actorId: ministry.id, start: 0, end: 0 } : null;
    },
    registry,
    mentions,
    lastActor(before, accept) {
      for (let i = mentions.length - 1; i >= 0; i--) {
        const m = mentions[i]!;
        if (m.end <= before && accept(m)) return { source: sourceName(m), actorId: m.actor.id, start: m.start, end: m.end };
      }
      return null;
    },
  };
}

function sourceName(m: ActorMention): string {
  // "Israeli army" / "IDF" say more than the party's name "Israel" for a claimant; keep the text for forces.
  if (m.actor.kind === 'state-forces' && m.via === 'alias' && m.text !== m.actor.name && !/^(?:Israel|the occupation)$/.test(m.text)) return m.text;
  return m.actor.name;
}

/**
 * The source the sentence gives for what it reports, or null when the text states it without a source.
 * `mentions` are the actor mentions inside the sentence. When the sentence names several sources ("…, the health
 * ministry said, after Israel announced …"), the one nearest to `near` (the figure's position) wins.
 */
export function findAttribution(sentence: Span, mentions: ActorMention[], ctx: AttributionContext, near?: number): Attribution | null {
  const found: { attribution: Attribution; at: number }[] = [];
  const add = (attribution: Attribution | null, at: number) => {
    if (attribution) found.push({ attribution, at });
  };
  const text = sentence.text;
  const at = (i: number) => sentence.start + i;

  // "according to X"
  for (const acc of text.matchAll(/\baccording to\s+(?:the\s+)?/gi)) {
    const from = at(acc.index! + acc[0].length);
    const m = mentions.find((x) => x.start >= from && x.start <= from + 12);
    if (m) {
      add({ source: sourceName(m), actorId: m.actor.id, start: m.start, end: m.end }, at(acc.index!));
      continue;
    }
    const g = GENERIC_SOURCE.exec(text.slice(acc.index! + acc[0].length));
    if (g && g.index < 30) {
      add({ source: g[0], actorId: null, start: from + g.index, end: from + g.index + g[0].length }, at(acc.index!));
      continue;
    }
    for (const [re, resolve] of ANAPHORA) {
      const a = re.exec(text.slice(acc.index!));
      if (a && a.index < acc[0].length + 4) {
        add(resolve(ctx, from, sentence.start), at(acc.index!));
        break;
      }
    }
  }

  // "X said/reported (that) …": an actor mention directly before a speech verb (allowing "in a statement,").
  const speechRe = new RegExp(`^(?:\\s*(?:'s|’s)?\\s*(?:\\w+\\s+){0,3}?)?(?:,\\s*)?(?:also |later |earlier |on \\w+ |previously |has |have |had |separately )*${SPEECH}\\b`);
  for (const m of mentions) {
    const rest = text.slice(m.end - sentence.start, m.end - sentence.start + 40);
    if (speechRe.test(rest) && !/^\s*(?:forces|troops|soldiers|strike|drone|army)\b/.test(rest)) {
      add({ source: sourceName(m), actorId: m.actor.id, start: m.start, end: m.end }, m.start);
    }
  }
  // Generic sources as subjects: "Palestinian sources in Gaza later reported", "witnesses said".
  const gen = new RegExp(`${GENERIC_SOURCE.source}(?:\\s+(?:in|at|from)\\s+[A-Z][\\w'’-]+)?\\s+(?:\\w+\\s+)?${SPEECH}\\b`).exec(text);
  if (gen) {
    const g = GENERIC_SOURCE.exec(gen[0])!;
    add({ source: g[0], actorId: null, start: at(gen.index), end: at(gen.index + g[0].length) }, at(gen.index));
  }
  // Anaphoric subjects: "The ministry said", "It said it killed …", "…, the health ministry said".
  for (const [re, resolve] of ANAPHORA) {
    const m = new RegExp(`${re.source}\\s+(?:\\w+\\s+)?${SPEECH}\\b`).exec(text);
    if (m) add(resolve(ctx, at(m.index), sentence.start), at(m.index));
  }
  // Inverted: "…, said the ministry."
  const inv = new RegExp(`,\\s*${SPEECH}\\s+(?:the\\s+)?([^,]{2,60}?)\\s*\\.?["”]?$`).exec(text);
  if (inv) {
    const from = at(inv.index);
    const m = mentions.find((x) => x.start >= from);
    if (m) add({ source: sourceName(m), actorId: m.actor.id, start: m.start, end: m.end }, from);
    else {
      const g = GENERIC_SOURCE.exec(inv[1]!);
      if (g) add({ source: g[0], actorId: null, start: from, end: at(text.length) }, from);
    }
  }
  if (found.length === 0) return null;
  if (near === undefined) return found.sort((a, b) => a.at - b.at)[0]!.attribution;
  return found.sort((a, b) => Math.abs(a.at - near) - Math.abs(b.at - near))[0]!.attribution;
}
