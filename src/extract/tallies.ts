// Tallies: counts that are not the toll of one incident — running totals ("400 since the ceasefire began"),
// period counts ("seven killed over the past 24 hours"), exchanges ("handed over the remains of 13 captives"),
// aid ("3,203 trucks entered"), violations. Targets, quotas and plans ("600 trucks a day under the deal",
// "would only allow 300 lorries", "all 48 hostages within 72 hours") are not tallies and are skipped.
import type { CasualtyFigure } from './casualties.ts';
import { EVENT_CUE } from './classify.ts';
import { addDays, type DateMention } from './dates.ts';
import type { AnalysedDocument, SentenceInfo } from './document.ts';
import { findNumbers, type NumberMention } from './numbers.ts';
import { splitClauses, type Span } from './sentences.ts';
import type { ExtractedTally, TallyMetric } from './types.ts';

/** Words that make a casualty figure a running or period total rather than one event's toll. */
export const TOTAL_CUE =
  /\b(?:\d+-hour period|died of (?:their |his |her )?(?:wounds|injuries)|succumbed|since|so far|to date|in total|in all|altogether|overall|cumulative|total|toll|tally|already|bringing|raising|rising|risen|rose|climbed|reached|over the (?:past|last)|in the (?:past|last)|within|during the (?:past|last)|past \d+|last \d+|\d+ hours|past (?:day|week|month)|the war|the conflict|genocid\w*|throughout|daily|every day|each day|per day)\b/i;
const FORCES_SUBJECT = /\b(?:troops|soldiers|forces|army|military|gunmen|militants|fighters|police|sniper|settlers)\s+(?:\w+\s+){0,2}$/i;

/** Plans, quotas, forecasts and conditions. */
const PLAN_CUE =
  /\b(?:would|will|shall|should|must|to be|is to|are to|were to|supposed to|meant to|due to (?:enter|arrive|be)|expected|set to|plans?|planned|scheduled|agreed|agreement (?:calls|stipulates)|under the (?:deal|agreement|plan) (?:calls|requires)|required|requires|need(?:s|ed)?|target|quota|cap|allow(?:s|ed)? (?:only|up to)|only allow|a day(?!\s+(?:earlier|later|before|after|ago))|per day|daily|each day|minimum|maximum|promised|demand(?:s|ed)?|until|unless|within \d+ hours|within (?:seventy-two|forty-eight|seventy two|forty eight) hours|could|might)\b/i;

// Clauses are asked for once per number; splitting once per sentence keeps long sentences linear.
const clauseCache = new WeakMap<Span, Span[]>();

export function clauseOf(sentence: Span, at: number): Span {
  let clauses = clauseCache.get(sentence);
  if (!clauses) {
    clauses = splitClauses(sentence);
    clauseCache.set(sentence, clauses);
  }
  return clauses.find((c) => at >= c.start && at < c.end) ?? sentence;
}

/** The words news uses for a ceasefire (a source of regexes: no capture groups). */
export const TRUCE_WORDS = '(?:cease-?fire|truce|(?:humanitarian\\s+)?pause|cessation\\s+of\\s+hostilities|armistice)';

/** "the highest daily figure since the truce began", "the first Israeli death since the ceasefire": a comparison
 * with the time since a date, which says nothing about where a count starts. */
const COMPARISON_SINCE = /\b(?:first|highest|lowest|largest|biggest|deadliest|worst|heaviest|fewest|greatest|most\s+\w+|only)\b[^,.;:]{0,60}?\bsince\b[^,.;:]*/gi;
export const withoutComparisons = (text: string): string => (/\bsince\b/i.test(text) ? text.replace(COMPARISON_SINCE, '') : text);

/** A casualty figure is a tally when it is a running total, a period count, or not tied to one violent event. */
const RUNNING_CUE = /\b(?:since|so far|to date|bringing|raising|rising|risen|rose|climbed|increased|reached|total|cumulative|overall|throughout|the war|genocid\w*|over the (?:past|last)|in the (?:past|last))\b/i;
const RECOVERED_FROM_RUBBLE = /\b(?:rubble|debris|recovered|retrieved|exhumed|mass grave)\b/i;

/** How a casualty figure reads: one event's toll, a running or period total, or a count with no event of its own
 * in the sentence (which may be a detail of the incident just told, or a total). */
export type FigureReading = 'event' | 'total' | 'unanchored';

export function readFigure(fig: CasualtyFigure, sentence: SentenceInfo, previous?: SentenceInfo): FigureReading {
  if (!isTallyFigure(fig, sentence, previous)) return 'event';
  const clause = clauseOf(sentence, fig.start);
  if (fig.shape === 'total' || fig.shape === 'bodies' || TOTAL_CUE.test(withoutComparisons(clause.text)) || fig.value >= 1000) return 'total';
  return 'unanchored';
}

export function isTallyFigure(fig: CasualtyFigure, sentence: SentenceInfo, previous?: SentenceInfo): boolean {
  const clause = clauseOf(sentence, fig.start);
  const local = withoutComparisons(clause.text);
  // "the death toll … has risen to 236" is a running total; "medical sources put the toll at 13" is one event's
  // (the event may be in the sentence before: "… killed in the raids. Hospital sources put the toll at 11.").
  // "the death toll from Sunday's strike rose to 27" ("the number of people killed in Monday's air strike has risen
  // to nine") is still that strike's toll.
  const eventToll = /\b(?:toll|number\s+of\s+(?:people\s+|those\s+|Palestinians\s+|civilians\s+)?(?:killed|dead|wounded|injured))\s+(?:from|of|in)\s+(?:the\s+|a\s+|an\s+|\w+['’]s\s+)?(?:\w+\s+){0,3}?(?:strikes?|attacks?|shelling|bombing|raids?|massacre|explosion|blast|shooting)\b/i.test(local);
  if (fig.shape === 'total' && eventToll) return false;
  if (fig.shape === 'total') return RUNNING_CUE.test(local) || !(EVENT_CUE.test(sentence.text) || (previous !== undefined && EVENT_CUE.test(previous.text) && /\b(?:put|puts|gave|give|estimated|estimates)\b/i.test(local)));
  // Bodies recovered from rubble are counted as their own tally (exchangeTallies), not as deaths in an event.
  if (fig.shape === 'bodies' && (RECOVERED_FROM_RUBBLE.test(sentence.text) || !EVENT_CUE.test(sentence.text))) return true;
  if (TOTAL_CUE.test(local)) return true;
  if (fig.value >= 1000) return true;
  const specificPlace = sentence.places.some((p) => p.specificity <= 2);
  if (EVENT_CUE.test(sentence.text) || specificPlace) return false;
  // "troops killed three terrorists": an armed actor as the subject of the killing makes it an event.
  const subjectBefore = sentence.actors.some(
    (a) => a.end <= fig.start && ['state-forces', 'armed-group'].includes(a.actor.kind) && fig.start - a.end < 40,
  );
  return !((fig.shape === 'active' || fig.shape === 'article') && (subjectBefore || FORCES_SUBJECT.test(sentence.text.slice(0, fig.start - sentence.start))));
}

export function periodHoursIn(text: string): number | null {
  const m = /\b(?:past|last|previous|within|over|in|during)\s+(?:the\s+|a\s+)?(?:past\s+|last\s+|previous\s+)?(\d+|twenty-four|forty-eight|seventy-two)(?:\s+hours\b|-hour\s+period\b)/i.exec(text);
  if (m) {
    const words: Record<string, number> = { 'twenty-four': 24, 'forty-eight': 48, 'seventy-two': 72 };
    return words[m[1]!.toLowerCase()] ?? Number(m[1]);
  }
  if (/\b(?:past|last)\s+day\b/i.test(text)) return 24;
  if (/\b(?:past|last)\s+week\b/i.test(text)) return 168;
  return null;
}

const SINCE_CEASEFIRE = new RegExp(
  String.raw`\b(?:since|from|after)\s+(?:the\s+)?(?:start\s+of\s+the\s+|beginning\s+of\s+the\s+)?${TRUCE_WORDS}|\b(?:start|beginning)\s+of\s+the\s+${TRUCE_WORDS}|\bunder\s+the\s+${TRUCE_WORDS}(?:\s+(?:deal|agreement))?|\bas\s+part\s+of\s+the\s+${TRUCE_WORDS}|\b(?:first|opening|initial)\s+(?:\w+\s+)?(?:days?|weeks?|months?|hours)\s+of\s+the\s+(?:\w+\s+)?${TRUCE_WORDS}`,
  'i',
);
const TRUCE_RE = new RegExp(String.raw`\b(?:${TRUCE_WORDS}|deal|agreement)\b`, 'i');

/** The start date the text gives for a count, or the ceasefire's start when the count runs from it. */
export function sinceFor(sentence: SentenceInfo, clause: Span, doc: AnalysedDocument): string | null {
  for (const scope of [clause, sentence as Span]) {
    const sinceRe = /\bsince\s+(?:the\s+)?([^,.;]{0,90})/gi;
    for (const m of scope.text.matchAll(sinceRe)) {
      if (COMPARISON_BEFORE.test(scope.text.slice(Math.max(0, m.index! - 70), m.index!))) continue;
      const from = scope.start + m.index!;
      const to = from + m[0].length;
      const d = sentence.dates.find((x) => x.start >= from && x.start < to);
      if (d) return d.precision === 1 ? d.date : null;
      if (TRUCE_RE.test(m[1]!)) return doc.ceasefireStart;
      if (/\b(?:war|aggression|genocide|conflict|offensive)\b/i.test(m[1]!)) return null;
    }
    // "between 12 and 18 November", "from 3 to 9 May", "between 2 May and 9 May": the period starts on the first day.
    for (const m of scope.text.matchAll(/\b(?:between|from)\s+(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:and|to|until|[-–])\s+)?/gi)) {
      const at = scope.start + m.index! + m[0].length;
      const d = sentence.dates.find((x) => x.start === at && x.precision === 1);
      if (!d) continue;
      if (!m[1]) {
        if (/^\s*(?:and|to|until|[-–])\s/i.test(doc.text.slice(d.end, d.end + 8))) return d.date;
        continue;
      }
      const day = Number(m[1]);
      if (day < Number(d.date.slice(8, 10))) return `${d.date.slice(0, 8)}${String(day).padStart(2, '0')}`;
    }
    if (SINCE_CEASEFIRE.test(withoutComparisons(scope.text))) {
      // "under the ceasefire agreement which took effect … on October 10" gives the date in the same sentence.
      return doc.ceasefireStart;
    }
  }
  return null;
}

const COMPARISON_BEFORE = /\b(?:first|highest|lowest|largest|biggest|deadliest|worst|heaviest|fewest|greatest|most\s+\w+|only)\b[^,.;:]{0,60}?$/i;

/** A list item ("- Killed: 331") counts within the heading it sits under ("Toll … since 27 November 2024:"). */
export function headingOf(sentence: SentenceInfo, doc: AnalysedDocument): SentenceInfo | null {
  const item = (s: SentenceInfo) => /^\s*(?:[-–•*·▪]\s*)?[^:–—\d]{1,60}(?::|[–—]|\s-)\s*[\d,.]+\b/.test(s.text) || /^\s*[-–•*·▪]\s/.test(s.text);
  if (!item(sentence)) return null;
  for (let i = sentence.index - 1; i >= 0 && i >= sentence.index - 12; i--) {
    const s = doc.sentences[i]!;
    if (item(s)) continue;
    return /:\s*$/.test(s.text) ? s : null;
  }
  return null;
}

/** "These violations have killed 357 citizens": the count runs over what the sentence before counted. */
const DEMONSTRATIVE_LEAD = /^(?:These|Those|Such)\s+(?:\w+\s+)?(?:violations|breaches|attacks|strikes|incidents)\b|\b(?:over|in|during|for|within)\s+the\s+same\s+period\b/;

const SPEECH_BEFORE_DATE = /\b(?:said|says|announced|reported|stated|told|added|confirmed)\s+(?:on\s+)?$/i;

/** The date the text ties a figure to: a reporting date ("the ministry said Saturday"), "the end of October", an
 * event date in the clause; otherwise the publication date. Dates inside "since …" phrases are start dates. */
export function asOfFor(sentence: SentenceInfo, clause: Span, doc: AnalysedDocument): string | null {
  const candidates = sentence.dates.filter((d) => {
    if (d.precision !== 1) return false;
    if (doc.published && d.date > doc.published) return false;
    const before = doc.text.slice(Math.max(sentence.start, d.start - 60), d.start);
    if (/\bsince\b[^,.;]*$|\b(?:began|begun|took effect|went into effect|came into effect|started)\b[^.;,]{0,50}$/i.test(before)) return false;
    return true;
  });
  const pick = (ds: DateMention[]) => ds.find((d) => doc.text.slice(d.start - 6, d.start).match(/\bof\s+$/) === null && d.kind === 'month-end')
    ?? ds.find((d) => SPEECH_BEFORE_DATE.test(doc.text.slice(Math.max(0, d.start - 24), d.start)))
    ?? ds.find((d) => d.start >= clause.start && d.start < clause.end)
    ?? ds[0];
  return pick(candidates)?.date ?? doc.published;
}

const OWN_PERIOD_AFTER = /^\s+(?:[\w-]+\s+){0,3}?(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+(?:\w+\s+)?(?:hours?|days?|weeks?|months?)\b/i;

export function casualtyTally(
  fig: CasualtyFigure,
  sentence: SentenceInfo,
  doc: AnalysedDocument,
  claimedBy: string | null,
): ExtractedTally {
  const clause = clauseOf(sentence, fig.start);
  let since = OWN_PERIOD_AFTER.test(doc.text.slice(fig.end, fig.end + 60)) ? null : sinceFor(sentence, clause, doc);
  let periodHours = periodHoursIn(clause.text) ?? periodHoursIn(sentence.text);
  const heading = since || periodHours ? null : headingOf(sentence, doc) ?? (DEMONSTRATIVE_LEAD.test(sentence.text) ? doc.sentences[sentence.index - 1] ?? null : null);
  if (heading) {
    since = sinceFor(heading, heading, doc);
    periodHours = periodHoursIn(heading.text);
  }
  const who = fig.victims ?? (/Palestinian/.test(sentence.text) ? 'Palestinians' : 'people');
  const scope = since ? ` since ${since}` : periodHours ? ` in ${periodHours} hours` : '';
  return {
    metric: fig.kind,
    value: fig.value,
    since,
    asOf: asOfFor(sentence, clause, doc),
    periodHours,
    subject: `${who} ${fig.kind}${scope}`,
    claimedBy,
    evidence: sentence.text,
    evidenceStart: sentence.start,
    evidenceEnd: sentence.end,
  };
}

// ---- exchanges, aid, violations, bodies recovered, displacement -----------------------------------------------

const HOSTAGE = /^(?:(?:[\w’'-]+\s+){0,3}?)(hostages?|captives?|abductees?)\b/i;
const PRISONER = /^(?:(?:[\w’'-]+\s+){0,3}?)(prisoners?|detainees?)\b/i;
const TRUCK = /^(?:(?:[\w’'-]+\s+){0,2}?)(?:aid\s+|humanitarian\s+|commercial\s+|fuel\s+)?(trucks?|truckloads?|lorries|lorry)\b/i;
const VIOLATION = /^(?:(?:[\w’'-]+\s+){0,2}?)(violations?|breaches?)\b/i;
const BODIES = /^(?:(?:[\w’'-]+\s+){0,2}?)(bodies|corpses)\b/i;
// "1.9 million people, about 90 percent of the population, have been displaced": an apposition may intervene.
const DISPLACED = /^(?:(?:(?!and\b)[\w’'-]+\s+){0,2}?)(?:people|Palestinians|residents|Gazans|civilians|Lebanese|Sudanese)?(?:\s*,[^,.;]{1,60},)?\s*(?:have\s+been\s+|were\s+|had\s+been\s+|are\s+|remain\s+|now\s+)?(?:(?:internally|newly|recently|forcibly)\s+){0,2}(displaced|fled|forced from their homes)\b/i;
const PEOPLE_AFTER = /^\s*(?:(?:[\w’'-]+\s+){0,2}?)(?:Palestinians|people|Lebanese|detainees|civilians|bodies)\b/i;

/** text[from, to) widened to whole words: a cut word ("cap" of "captives") must not read as a cue. */
function wholeWords(text: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a > 0 && /\p{L}/u.test(text[a - 1]!) && /\p{L}/u.test(text[a]!)) a--;
  while (b < text.length && /\p{L}/u.test(text[b]!) && /\p{L}/u.test(text[b - 1]!)) b++;
  return text.slice(a, b);
}

/** Bodies brought to hospitals over a period: the period's deaths as ministries count them. */
export const HOSPITAL_ARRIVALS = /\bhospitals?\b[^.;]{0,60}\b(?:received|receiving|admitted)\b[^.;]{0,40}\b(?:past|last|previous)\s+(?:\d+|twenty-four|forty-eight|seventy-two)\s+hours\b/i;

/** The label of a list or table line, up to the number: "• Aid trucks offloaded at the crossings: ". */
const LABEL_BEFORE = /^\s*(?:[-–•*·▪]\s*)?([^:–—\d]{3,80}?)\s*(?::|[–—]|\s-)\s*$/;
const HANDOVER = /\b(?:handed over|hand over|handed|returned|return|released|release|freed|free|transferred|repatriated|received|delivered|exchanged|swapped|sent back)\b/i;
const ENTERED = /\b(?:entered|enter|crossed|arrived|passed|delivered|reached|went in|went into|got in|made it|were allowed|have been allowed|allowed in|offloaded|unloaded|collected|brought in|came in|transported)\b/i;
const REMAINS_BEFORE = /\b(?:remains|bodies|body|coffins?)\s+of\s+(?:the\s+)?$|\b(?:deceased|dead|slain|fallen)\s+$/i;
const RECOVERED = /\b(?:recovered|retrieved|pulled|exhumed|found)\b/i;

function runningTotalKind(text: string): [TallyMetric, string] | null {
  if (/\b(?:bodies|remains|coffins)\b/i.test(text) && HANDOVER.test(text)) return ['remains_returned', 'bodies returned (running total)'];
  if (/\b(?:hostages|captives)\b/i.test(text) && HANDOVER.test(text)) return ['hostages_released', 'hostages released (running total)'];
  if (/\b(?:prisoners|detainees)\b/i.test(text) && HANDOVER.test(text)) return ['prisoners_released', 'prisoners released (running total)'];
  if (/\b(?:trucks|truckloads|lorries)\b/i.test(text) && ENTERED.test(text)) return ['trucks', 'trucks entered (running total)'];
  if (/\b(?:violations|breaches)\b/i.test(text)) return ['violations', 'ceasefire violations (running total)'];
  return null;
}

export function exchangeTallies(sentence: SentenceInfo, doc: AnalysedDocument, claimedBy: string | null): ExtractedTally[] {
  const out: ExtractedTally[] = [];
  const text = sentence.text;
  const numbers = findNumbers(text, sentence.start).filter((n) => !n.vague);
  // "the remains of an Israeli hostage": an article counts as one handover (annotation rule).
  for (const m of text.matchAll(/\b(?:remains|body|coffin)\s+of\s+(?:an?|another|one|the (?:last|final))\s+(?:(?:[\w’'-]+\s+){0,2}?)(?:hostage|captive|abductee)\b/gi)) {
    numbers.push({ value: 1, start: sentence.start + m.index! + m[0].search(/\b(?:an?|another|one|the)\s/), end: sentence.start + m.index! + m[0].length, phraseStart: sentence.start + m.index!, qualifier: null, vague: false, digits: false, article: true } as NumberMention & { article: true });
  }
  // Ordinals give the running total: "the 13th deceased captive".
  for (const m of text.matchAll(/\b(?:the\s+)(\d+)(?:st|nd|rd|th)\s+((?:deceased|dead|slain)\s+)?(hostage|captive|body)\b/gi)) {
    const start = sentence.start + m.index! + m[0].indexOf(m[1]!);
    numbers.push({ value: Number(m[1]), start, end: start + m[1]!.length, phraseStart: start, qualifier: null, vague: false, digits: true, ordinal: true, deceased: !!m[2] } as NumberMention & { ordinal: true });
  }
  let lastHostageNoun: 'living' | 'deceased' | null = null;
  let firstTruckAt: number | null = null;
  numbers.sort((a, b) => a.start - b.start);
  for (const [k, n] of numbers.entries()) {
    const local = n.start - sentence.start;
    const localEnd = n.end - sentence.start;
    const after = text.slice(localEnd, localEnd + 240);
    const before = text.slice(Math.max(0, n.phraseStart - sentence.start - 160), n.phraseStart - sentence.start);
    const clause = clauseOf(sentence, n.start);
    const window = wholeWords(text, Math.max(clause.start - sentence.start, local - 60), Math.min(clause.end - sentence.start, localEnd + 70));
    const isArticle = (n as { article?: boolean }).article === true;
    const isOrdinal = (n as { ordinal?: boolean }).ordinal === true;
    let metric: TallyMetric | null = null;
    let subject = '';
    // A labelled count in a list or table ("• Aid trucks offloaded at the crossings: 3,870").
    const label = LABEL_BEFORE.exec(text.slice(0, n.phraseStart - sentence.start))?.[1];
    if (label && !PLAN_CUE.test(label)) {
      if (TRUCK.test(label)) [metric, subject] = ['trucks', /\baid\b/i.test(label) ? 'aid trucks entered' : 'trucks entered'];
      else if (BODIES.test(label) && RECOVERED.test(label)) [metric, subject] = ['other', 'bodies recovered from under the rubble'];
      else if (VIOLATION.test(label)) [metric, subject] = ['violations', 'ceasefire violations'];
      else if (/\bdisplaced\b/i.test(label)) [metric, subject] = ['other', 'people displaced'];
      else if (/\b(?:hostages?|captives?)\b/i.test(label) && HANDOVER.test(label)) [metric, subject] = /\b(?:bodies|remains|deceased)\b/i.test(label) ? ['remains_returned', 'remains of hostages handed over'] : ['hostages_released', 'living hostages released'];
      else if (/\b(?:prisoners?|detainees?)\b/i.test(label) && HANDOVER.test(label)) [metric, subject] = ['prisoners_released', 'prisoners released'];
    }
    const planned = PLAN_CUE.test(wholeWords(text, Math.max(clause.start - sentence.start, local - 50), Math.min(clause.end - sentence.start, localEnd + 50)));
    // "the remains of 19 out of 28 (deceased hostages)": the noun follows the total; the total is a tally of its own.
    const outOf = /^\s+(?:out\s+)?of\s+(?:the\s+)?(\d[\d,]*)(?=\s|[,.;]|$)/.exec(after);
    const afterNoun = outOf ? after.slice(outOf[0].length) : after;
    const prev = numbers[k - 1];
    const ofTotal = prev !== undefined && prev.start >= n.phraseStart - 20 && /^\s*(?:out\s+)?of\s+(?:the\s+)?$/i.test(text.slice(prev.end - sentence.start, local));
    const hostageNoun = HOSTAGE.exec(afterNoun.trimStart()) ?? (outOf && /\b(?:remains|bodies|hostages|captives)\b/i.test(before.slice(-40)) ? /hostages?|captives?/.exec('hostages') : null);
    const hostage = isArticle || isOrdinal ? /hostage|captive|abductee|body/.exec(text.slice(local, localEnd + 40)) : ofTotal ? null : hostageNoun;
    if (metric) {
      // labelled
    } else if (hostage) {
      const phrase = (isArticle ? text.slice(n.phraseStart - sentence.start, localEnd) : before.slice(-30) + text.slice(local, localEnd) + after.slice(0, 40)).toLowerCase();
      const elided = !isArticle && !isOrdinal && !HOSTAGE.test(afterNoun.trimStart());
      const deceased = REMAINS_BEFORE.test(before.slice(-30)) || (elided && /\b(?:remains|bodies|coffins|deceased)\b/i.test(before.slice(-40))) || /\b(?:deceased|dead|slain|bodies|remains|coffins?)\b/i.test(phrase.slice(0, phrase.indexOf(hostage[0].toLowerCase()) + 1 + hostage[0].length)) || (n as { deceased?: boolean }).deceased === true || isArticle;
      lastHostageNoun = deceased ? 'deceased' : 'living';
      if (/\ball\s+$/i.test(before) && deceased && !/\bwithin\b/i.test(window)) {
        metric = 'other';
        subject = 'deceased hostages (total to be returned)';
      } else if (deceased && /\b(?:still (?:held|holds|holding|in Gaza|being held|missing)|still (?:\w+\s+){1,3}(?:held|in Gaza|in captivity)|(?:is|are) holding|remain(?:s|ing)? (?:in Gaza|held|unaccounted)|yet to be (?:returned|recovered|handed)|have yet to|outstanding|unreturned|not yet (?:been )?returned)\b/i.test(window)) {
        metric = 'other';
        subject = 'remains of hostages still held';
      } else if (!planned && (HANDOVER.test(window) || /\b(?:living|alive)\b/i.test(phrase))) {
        metric = deceased ? 'remains_returned' : 'hostages_released';
        subject = deceased ? 'remains of hostages handed over' : 'living hostages released';
      }
    } else if (ofTotal && /\b(?:remains|bodies|deceased|hostages|captives)\b/i.test(text)) {
      metric = 'other';
      subject = 'deceased hostages (total to be returned)';
    } else if (/^\s+(?:more\s+)?(?:still\s+)?(?:(?:yet\s+)?to be|remain(?:ing)? to be|still to be)\s+(?:recovered|returned|handed over|located|found)\b/i.test(after) && /\b(?:remains|bodies|deceased|hostages|captives)\b/i.test(text)) {
      // "with 13 more still to be recovered"
      metric = 'other';
      subject = 'remains of hostages still held';
    } else if (BODIES.test(after.trimStart()) && HANDOVER.test(window) && /\b(?:hostages?|captives?|Red Cross|ICRC|coffins?)\b/i.test(text) && !planned) {
      // "the Red Cross had received two more bodies" (of hostages)
      metric = 'remains_returned';
      subject = 'remains of hostages handed over';
    } else if (PRISONER.test(after.trimStart())) {
      if (!planned && (HANDOVER.test(window) || /\bin exchange for\b/i.test(window))) {
        metric = 'prisoners_released';
        subject = 'prisoners released';
      }
    } else if (TRUCK.test(after.trimStart())) {
      if (!planned && ENTERED.test(window)) {
        metric = 'trucks';
        subject = /\baid\b/i.test(after.slice(0, 30)) ? 'aid trucks entered' : 'trucks entered';
      }
    } else if (VIOLATION.test(after.trimStart()) || /\b(?:violated|violating|breached|breaching|violations?|breaches)\b[^.;]{0,80}$/i.test(before) && /^\s+(?:times|occasions|instances)\b/i.test(after)) {
      if (!planned) {
        metric = 'violations';
        subject = 'ceasefire violations';
      }
    } else if ((BODIES.test(after.trimStart()) || /\bbodies\s+of\s+(?:\w+\s+)?$/i.test(before)) && RECOVERED.test(window) && !HOSPITAL_ARRIVALS.test(text) && (/\b(?:rubble|debris|mass grave|ruins)\b/i.test(window) || !/\b(?:strikes?|shelling|attack|fire|drone)\b/i.test(text))) {
      metric = 'other';
      subject = 'bodies recovered from under the rubble';
    } else if (/^\s+(?:\w+\s+){0,2}?(?:were\s+|had\s+been\s+)?(?:recovered|retrieved|pulled out|pulled)\s+from\s+(?:under\s+)?(?:the\s+)?(?:rubble|debris|ruins)\b/i.test(after)) {
      // "three of them newly killed and two recovered from under the rubble": the noun is left out.
      metric = 'other';
      subject = 'bodies recovered from under the rubble';
    } else if (/\b(?:bodies|remains)\s+of\s+$/i.test(before) && PEOPLE_AFTER.test(after) && HANDOVER.test(window) && !planned && !/\bhospitals?\b[^.;]{0,60}\breceived\b/i.test(text)) {
      // Bodies handed back across the line (Israel returning Palestinian bodies) are remains returned too.
      metric = 'remains_returned';
      subject = /Palestinian/i.test(after.slice(0, 30)) ? 'Palestinian bodies returned' : 'bodies returned';
    } else if (DISPLACED.test(after.trimStart()) || (/\b(?:displaced|displacing|uprooted)\s+(?:(?:around|about|some|nearly|more than|over|at least)\s+)?$/i.test(before) && !planned)) {
      if (!planned) {
        metric = 'other';
        subject = 'people displaced';
      }
    } else if (/^\s+(?:on|in|at|last|this|yesterday|today|earlier|later|,|\.|\()/i.test(after) && /\b(?:released|returned|handed over|freed)\s+(?:only\s+)?$/i.test(before) && lastHostageNoun && !planned) {
      // "released four on Monday": the noun is elided; it is the hostages named earlier in the sentence.
      metric = lastHostageNoun === 'deceased' ? 'remains_returned' : 'hostages_released';
      subject = lastHostageNoun === 'deceased' ? 'remains of hostages handed over' : 'living hostages released';
    }
    // "bringing to 15 the number of bodies returned": the counted noun follows the number.
    const inverted = /\b(?:bringing|raising|taking|pushing|lifting)\s+to\s+$/i.test(before) ? /^\s+the\s+(?:total\s+)?(?:number|total|tally|count)\s+of\s+[^,.;]{3,60}/i.exec(after) : null;
    if (!metric && !planned && inverted) {
      const kind = runningTotalKind(inverted[0]);
      if (kind) [metric, subject] = kind;
    }
    if (!metric && !planned && /\b(?:total|tally|number|count)\b[^.;]{0,70}\b(?:to|at|reached|reaches|of|stands at)\s+$/i.test(before)) {
      // "bringing the total returned since the truce began to 330": a running total of what the sentence counts.
      const kind = runningTotalKind(text);
      if (kind) [metric, subject] = kind;
    }
    if (!metric) continue;
    if (metric === 'trucks') firstTruckAt ??= local;
    // An exchange count runs from the ceasefire: a "since" that dates something else ("holding since October 7,
    // 2023") is not its start.
    let since = sinceFor(sentence, clause, doc);
    const heading = since ? null : headingOf(sentence, doc) ?? (DEMONSTRATIVE_LEAD.test(sentence.text) ? doc.sentences[sentence.index - 1] ?? null : null);
    if (heading) since = sinceFor(heading, heading, doc);
    if (since && metric !== 'violations' && metric !== 'trucks' && since !== doc.ceasefireStart && !/\bsince\s+(?:the\s+)?(?:start\s+of\s+the\s+)?(?:cease-?fire|truce|deal|agreement)\b/i.test(text) && doc.published && since < addDays(doc.published, -400)) since = null;
    // "214 times since 1 September, including 23 times in the past week": a count with its own period right after it
    // does not run from the sentence's start date.
    if (OWN_PERIOD_AFTER.test(after)) since = null;
    out.push({
      metric, value: n.value, since, asOf: asOfFor(sentence, clause, doc),
      periodHours: periodHoursIn(clause.text), subject, claimedBy, evidence: sentence.text,
      evidenceStart: sentence.start, evidenceEnd: sentence.end,
    });
  }
  // "including 2,564 carrying aid and 639 commercial shipments" after a truck count: parts of that count;
  // "165 trucks entered via Kerem Shalom, and 51 via Erez": the noun is left out for the second count.
  const trucks = out.find((t) => t.metric === 'trucks');
  if (trucks) {
    for (const n of numbers) {
      const local = n.start - sentence.start;
      if (out.some((t) => t.value === n.value) || firstTruckAt === null || local <= firstTruckAt) continue;
      const lead = text.slice(Math.max(0, local - 8), local);
      const tail = text.slice(n.end - sentence.start, n.end - sentence.start + 30);
      if (/(?:,\s*and|\band)\s+$/i.test(lead) && /^\s+(?:via|through|at|from|loaded|carrying|with)\b/i.test(tail)) {
        out.push({ ...trucks, value: n.value, subject: 'trucks entered' });
      }
    }
    // The list runs to the first comma not followed by another number ("…, far below the quota" ends it).
    const inc = /\bincluding\s+((?:[^,.;–—]|,(?=\s*(?:and\s+)?\d))+)/i.exec(text);
    if (inc) {
      const from = sentence.start + inc.index!;
      for (const n of numbers.filter((x) => x.start > from && x.start < from + inc[0].length)) {
        if (out.some((t) => t.value === n.value)) continue;
        const tail = text.slice(n.end - sentence.start, n.end - sentence.start + 30);
        out.push({ ...trucks, value: n.value, subject: /aid/i.test(tail) ? 'aid trucks' : /commercial/i.test(tail) ? 'commercial trucks' : 'trucks' });
      }
    }
  }
  return out;
}
