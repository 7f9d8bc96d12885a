// Accusations, denials and stated positions: who accuses whom of violating what, who denies what, and where a
// speaker stands on the issues a ceasefire turns on (disarmament, the stabilisation force, an interim authority,
// withdrawal …). These feed the review queue as claims; they are never facts on their own.
import type { ActorMention, ActorRegistry } from './actors.ts';
import type { AnalysedDocument, SentenceInfo } from './document.ts';
import { splitClauses, type Span } from './sentences.ts';
import type { ExtractedClaim, ExtractedPosition, Issue } from './types.ts';

const SPEAKER_KINDS = new Set(['official', 'state-forces', 'armed-group', 'government', 'mediator', 'international-organisation']);

function nameOf(m: ActorMention): string {
  return m.actor.kind === 'official' || m.via !== 'alias' ? m.actor.name : m.text.replace(/^the\s+/i, '');
}

function about(text: string): string {
  if (/\b(?:violat\w*|breach\w*)\b/i.test(text)) return 'ceasefire violation';
  const t = text.replace(/^[\s,]+/, '').split(/[,.;“”"]/)[0]!.trim().split(/\s+/).slice(0, 8).join(' ');
  return t || 'unspecified';
}

export function findClaims(doc: AnalysedDocument, registry: ActorRegistry): ExtractedClaim[] {
  const out: ExtractedClaim[] = [];
  const party = (m: ActorMention | undefined) => (m ? registry.partyOf(m.actor) : null);
  for (const s of doc.sentences) {
    const text = s.text;
    const push = (kind: ExtractedClaim['kind'], by: ActorMention | undefined, against: ActorMention | undefined, what: string) =>
      out.push({
        kind, by: by ? nameOf(by) : null, byParty: party(by), against: against ? nameOf(against) : null,
        againstParty: party(against), about: what, evidence: text, evidenceStart: s.start, evidenceEnd: s.end,
      });
    const actorAt = (from: number, to: number) => s.actors.filter((a) => a.start >= from && a.end <= to);
    const subjectBefore = (at: number) => {
      const cands = s.actors.filter((a) => a.end <= at && SPEAKER_KINDS.has(a.actor.kind) || a.end <= at && a.actor.kind === 'reporting-body');
      return cands[cands.length - 1] ?? lastBefore(doc, at);
    };

    // "X accused Y of …"
    for (const m of text.matchAll(/\baccus(?:ed|es|ing)\s+/gi)) {
      const at = s.start + m.index!;
      const after = s.start + m.index! + m[0].length;
      const against = actorAt(after, after + 40)[0];
      const of = /\bof\s+([^.;]{0,120})/i.exec(text.slice(m.index! + m[0].length));
      push('accusation', subjectBefore(at), against, about(of?.[1] ?? ''));
    }
    // "X said Y violated/breached the ceasefire", "violations by Y", "Israeli violations" with a speaker.
    if (!/\baccus/i.test(text)) {
      const v = /\b(?:violat(?:ed|ing|es|ions?)|breach(?:ed|es|ing)?)\b/i.exec(text);
      if (v && /\b(?:cease-?fire|truce|agreement|deal|commitments)\b/i.test(text) && /\b(?:said|says|report|accus|charged|condemn|denounc|called|address|stressed|blamed|view|described|alleg|insist|claim)\w*/i.test(text)) {
        const vAt = s.start + v.index;
        const afterBy = /\b(?:violations?|breach(?:es)?)\s+(?:of\s+the\s+\w+\s+)?by\s+/i.exec(text);
        let against: ActorMention | undefined;
        if (afterBy) against = actorAt(s.start + afterBy.index + afterBy[0].length, s.end)[0];
        against ??= s.actors.find((a) => a.via === 'demonym' && a.end <= vAt && vAt - a.end < 12);
        // "Hamas (has) violated": the actor directly before the verb.
        against ??= s.actors.filter((a) => a.end <= vAt && /^\s*(?:(?:has|have|had|also|repeatedly|again|allegedly)\s+)*$/.test(text.slice(a.end - s.start, v.index))).pop();
        const speaker = s.actors.find((a) => a !== against && SPEAKER_KINDS.has(a.actor.kind) && a.start < vAt);
        if (against && speaker && party(against) !== party(speaker)) push('accusation', speaker, against, 'ceasefire violation');
      }
    }
    // "X denied …", "X rejected … allegations".
    const d = /\b(?:denied|denies|deny|denying|rejected (?:the )?(?:allegations?|accusations?|claims?|reports?)|dismissed (?:the )?(?:allegations?|accusations?|claims?))\b/i.exec(text);
    if (d) {
      const at = s.start + d.index;
      const by = subjectBefore(at);
      const rest = text.slice(d.index + d[0].length);
      const source = actorAt(at + d[0].length, s.end).find((a) => a !== by);
      const what = /\baccusing\s+(?:the\s+\w+\s+|\w+\s+)?of\s+([^,.;“"]{0,80})/i.exec(rest)?.[1] ?? /\b(?:of|that)\s+([^,.;“"]{0,80})/i.exec(rest)?.[1] ?? rest;
      push('denial', by, source, about(what));
    }
  }
  return out;
}

function lastBefore(doc: AnalysedDocument, at: number): ActorMention | undefined {
  for (let i = doc.actors.length - 1; i >= 0; i--) {
    const a = doc.actors[i]!;
    if (a.end <= at && SPEAKER_KINDS.has(a.actor.kind)) return a;
  }
  return undefined;
}

const ISSUES: [RegExp, Issue][] = [
  [/\b(?:disarm\w*|weapons|arms|lay down|military capabilities)\b/i, 'disarmament'],
  [/\b(?:stabili[sz]ation force|international (?:stabili[sz]ation |security )?force|ISF|peacekeep\w*|contribute troops)\b/i, 'ISF'],
  [/\b(?:interim (?:governing )?authority|technocratic|governing mechanism|Board of Peace|govern(?:ance|ing) (?:body|committee)|administer Gaza|administration of Gaza)\b/i, 'interim authority'],
  [/\b(?:withdraw\w*|pull(?:ed|ing)? back|pullout|yellow line)\b/i, 'withdrawal'],
  [/\b(?:hostages?|captives?|remains)\b/i, 'hostages'],
  [/\b(?:humanitarian (?:aid|access)|aid (?:access|into|deliveries)|crossings?)\b/i, 'humanitarian access'],
  [/\b(?:reconstruct\w*|rebuild\w*)\b/i, 'reconstruction'],
  [/\b(?:violations?|adherence|abide|compliance|comply|commitments)\b/i, 'ceasefire compliance'],
];
const STANCE_VERB =
  /\b(?:said|says|warned|warns|stressed|stresses|emphasi[sz]ed|insist(?:ed|s|ing)|maintain(?:s|ed)? that|call(?:ed|s|ing)? for|urged|urges|demand(?:ed|s)|reject(?:ed|s)|assert(?:ed|ing|s)|defended|defends|expressed|acknowledged|argued|vowed|reiterated|affirmed|told|opposes|opposed|welcomed|hopes?|expects?)\b/i;
const OPPOSE =
  /\b(?:reject\w*|refus\w*|oppos\w*|right to (?:bear )?arms|right to (?:retain|keep)|retain(?:ing)? (?:its |their )?(?:weapons|arms)|insist\w* on retaining|(?:will|would) not (?:disarm|give up|accept)|won['’]t|never|legitimate right|armed resistance remains legitimate|red line)\b/i;
/** A reporting verb ("said", "told") states a position only with an evaluative word in the same clause. */
const PLAIN_SPEECH = /^(?:said|says|told|expressed|acknowledged)$/i;
const EVALUATIVE =
  /\b(?:must|should|need(?:s|ed)?|critical|essential|vital|necessary|right to|legitimate|demand\w*|insist\w*|call(?:ed|s)? for|urg\w*|reject\w*|refus\w*|oppos\w*|support\w*|welcom\w*|will not|won['’]t|cannot|can['’]t|would not|without|unless|only if|optimis\w*|hope\w*|ready to|willing\w*|never|impossible|depend\w*|hinges)\b/i;
const CONDITION = /\b(?:only if|unless|provided that|on condition|as long as|in exchange for)\b/i;

export function findPositions(doc: AnalysedDocument, registry: ActorRegistry): ExtractedPosition[] {
  const out: ExtractedPosition[] = [];
  const seen = new Set<string>();
  for (const s of doc.sentences) {
    const verb = STANCE_VERB.exec(s.text);
    if (!verb) continue;
    const speaker = speakerOf(s, verb.index, doc);
    if (!speaker) continue;
    // The stance is read in the clauses from the speaker on, not in a clause about someone else
    // ("Rubio expressed optimism …, although Israel opposes Turkish involvement").
    const clauses = splitClauses(s);
    const own = clauses.filter(
      (c) => (speaker.start >= c.start && speaker.start < c.end) || (c.start > speaker.start && !otherSpeaker(s, speaker, c)),
    );
    const text = (own.length ? own : clauses).map((c) => c.text).join(' ');
    if (PLAIN_SPEECH.test(verb[0]) && !EVALUATIVE.test(text)) continue;
    for (const [re, issue] of ISSUES) {
      if (!re.test(text)) continue;
      const name = speaker.actor.kind === 'official' ? speaker.actor.name : registry.partyOf(speaker.actor) ?? speaker.actor.name;
      const key = `${name}|${issue}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const stance = OPPOSE.test(text) ? 'opposes' : CONDITION.test(text) ? 'conditions' : 'supports';
      out.push({
        speaker: name,
        affiliation: speaker.actor.kind === 'official' ? registry.affiliationName(speaker.actor) : registry.partyOf(speaker.actor) ?? speaker.actor.name,
        issue,
        stance,
        evidence: s.text,
        evidenceStart: s.start,
        evidenceEnd: s.end,
      });
      break; // the first issue a sentence names is the one it is about
    }
  }
  return out;
}

/** The clause has an actor of its own as subject (another speaker's clause). */
function otherSpeaker(s: SentenceInfo, speaker: ActorMention, clause: Span): boolean {
  return s.actors.some((a) => a !== speaker && a.actor.id !== speaker.actor.id && a.start >= clause.start && a.start < clause.start + 25 && SPEAKER_KINDS.has(a.actor.kind));
}

function speakerOf(s: SentenceInfo, verbIndex: number, doc: AnalysedDocument): ActorMention | null {
  const at = s.start + verbIndex;
  const before = s.actors.filter((a) => a.end <= at && at - a.end < 80 && SPEAKER_KINDS.has(a.actor.kind));
  const officials = before.filter((a) => a.actor.kind === 'official');
  const pick = officials[0] ?? before[0];
  if (pick) return pick;
  // "…,” he said.": the official last named in the text.
  if (/\b(?:he|she|they)\s+$/i.test(doc.text.slice(Math.max(s.start, at - 6), at))) {
    for (let i = doc.actors.length - 1; i >= 0; i--) {
      const a = doc.actors[i]!;
      if (a.end <= at && a.actor.kind === 'official') return a;
    }
  }
  return null;
}
