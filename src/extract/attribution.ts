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
  /\b(?:(?:Palestinian|Lebanese|Israeli|Sudanese|medical|local|hospital|security|health|military|official|civil defen[cs]e|rescue|humanitarian|diplomatic|UN|U\.N\.|residents?)(?:\s+and)?\s+)*(?:sources|officials?|witnesses|eyewitnesses|medics|paramedics|doctors?|rescuers|residents|activists|spokes(?:man|woman|person)|authorities|(?:a|the)\s+doctor(?:\s+at\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+Hospital)?)\b/;
const ANAPHORA: [RegExp, (ctx: AttributionContext, at: number, sentenceStart: number) => Attribution | null][] = [
  [/\b(?:the|The) (?:health )?ministry\b/, (ctx, at) => ctx.lastActor(at, (m) => /ministry/i.test(m.actor.name))],
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
}

export function attributionContext(registry: ActorRegistry, mentions: ActorMention[], text = ''): AttributionContext {
  const speechAfter = new RegExp(`^\\s*(?:(?:also|later|earlier|has|have|had|on \\w+)\\s+)*${SPEECH}\\b`);
  return {
    isSpeaker: (m) => speechAfter.test(text.slice(m.end, m.end + 40)),
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
 * `mentions` are the actor mentions inside the sentence.
 */
export function findAttribution(sentence: Span, mentions: ActorMention[], ctx: AttributionContext): Attribution | null {
  const text = sentence.text;
  const at = (i: number) => sentence.start + i;

  // "according to X"
  const acc = /\baccording to\s+(?:the\s+)?/i.exec(text);
  if (acc) {
    const from = at(acc.index + acc[0].length);
    const m = mentions.find((x) => x.start >= from && x.start <= from + 12);
    if (m) return { source: sourceName(m), actorId: m.actor.id, start: m.start, end: m.end };
    const g = GENERIC_SOURCE.exec(text.slice(acc.index + acc[0].length));
    if (g && g.index < 30) return { source: g[0], actorId: null, start: from + g.index, end: from + g.index + g[0].length };
    for (const [re, resolve] of ANAPHORA) {
      const a = re.exec(text.slice(acc.index));
      if (a && a.index < acc[0].length + 4) return resolve(ctx, from, sentence.start);
    }
  }

  // "X said/reported (that) …": an actor mention directly before a speech verb (allowing "in a statement,").
  const speechRe = new RegExp(`^(?:\\s*(?:'s|’s)?\\s*(?:\\w+\\s+){0,3}?)?(?:,\\s*)?(?:also |later |earlier |on \\w+ |previously |has |have |had |separately )*${SPEECH}\\b`);
  for (const m of mentions) {
    const rest = text.slice(m.end - sentence.start, m.end - sentence.start + 40);
    if (speechRe.test(rest) && !/^\s*(?:forces|troops|soldiers|strike|drone|army)\b/.test(rest)) {
      return { source: sourceName(m), actorId: m.actor.id, start: m.start, end: m.end };
    }
  }
  // Generic sources as subjects: "Palestinian sources in Gaza later reported", "witnesses said".
  const gen = new RegExp(`${GENERIC_SOURCE.source}(?:\\s+(?:in|at|from)\\s+[A-Z][\\w'’-]+)?\\s+(?:\\w+\\s+)?${SPEECH}\\b`).exec(text);
  if (gen) {
    const g = GENERIC_SOURCE.exec(gen[0])!;
    return { source: g[0], actorId: null, start: at(gen.index), end: at(gen.index + g[0].length) };
  }
  // Inverted: "…, the army said." / "…, said the ministry."
  const inv = new RegExp(`,\\s*(?:${SPEECH}\\s+)?(?:the\\s+)?([^,]{2,60}?)\\s*(?:${SPEECH})?\\s*(?:in a statement|on \\w+)?\\.?["”]?$`).exec(text);
  if (inv && new RegExp(`\\b${SPEECH}\\b`).test(inv[0])) {
    const from = at(inv.index);
    const m = mentions.find((x) => x.start >= from);
    if (m) return { source: sourceName(m), actorId: m.actor.id, start: m.start, end: m.end };
    for (const [re, resolve] of ANAPHORA) if (re.test(inv[1]!)) return resolve(ctx, from, sentence.start);
    const g = GENERIC_SOURCE.exec(inv[1]!);
    if (g) return { source: g[0], actorId: null, start: from, end: at(text.length) };
  }
  // Anaphoric subjects: "The ministry said", "It said it killed …", "In a statement, the ministry said".
  for (const [re, resolve] of ANAPHORA) {
    const m = new RegExp(`${re.source}\\s+(?:\\w+\\s+)?${SPEECH}\\b`).exec(text);
    if (m) {
      const r = resolve(ctx, at(m.index), sentence.start);
      if (r) return r;
    }
  }
  return null;
}
