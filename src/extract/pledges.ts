// Pledges of troops or police to a stabilisation force, and objections to a country's part in it. The status is
// read from the text's own wording about each country, and a country keeps the strongest status the text states
// (considering < pledged < committed < deployed); an objection or a refusal is kept beside it.
import type { ActorMention, ActorRegistry } from './actors.ts';
import type { AnalysedDocument } from './document.ts';
import { findNumbers } from './numbers.ts';
import { splitClauses, type Span } from './sentences.ts';
import type { ExtractedPledge, PledgeStatus } from './types.ts';

/** The sentence is about contributing to a force (troops, police, peacekeepers, the ISF). */
const FORCE_CONTEXT =
  /\b(?:troops?|soldiers|peacekeep\w*|personnel|contingents?|forces?|battalions?|police(?:\s+(?:officers|personnel|forces?))?|ISF|stabili[sz]ation|stabili[sz]ing|participat\w*|involvement|contribut\w*|deploy\w*|boots on the ground|missions?|take part|taking part|join(?:ing)? the force)\b/i;
const TRAINING = /\btrain(?:ing|s|ed)?\b/i;

const STATUS_RULES: [RegExp, PledgeStatus][] = [
  [/\b(?:offer(?:ed|s)? to consider|consider(?:ing|s|ed)?|weigh(?:ing|s|ed)?|shown interest|show(?:ed|n|s)? interest|expressed interest|interest(?:ed)? in|explor(?:ing|es|ed)|evaluat(?:ing|es)|in (?:\w+\s+)?talks|discuss(?:ing|ions?|es|ed)?|mulling|studying|open to|(?:speaking|talking|talks|spoken|consulting|consultations) (?:with|to)|approached|sounded out|candidates? to)\b/i, 'considering'],
  [/\b(?:declin(?:ed|es|ing)(?! (?:to )?(?:comment|elaborate|say|confirm|respond|specify|give|discuss))|refus(?:ed|es|ing)(?! to (?:comment|say|confirm))|ruled out|rul(?:es|ing) out|reject(?:ed|s|ing) (?:sending|participat|joining|a role)|will not (?:send|deploy|contribute|join|participate)|won['’]t (?:send|deploy|contribute|join|participate)|would not (?:send|deploy|contribute|join|participate)|not (?:send|deploy) (?:any )?troops|no plans to (?:send|deploy)|(?:cannot|can ?not|can['’]t|could not|couldn['’]t|(?:is|was|were|are) unable to|will be unable to) (?:take part|participate|contribute|send|deploy|join|commit))\b/i, 'declined'],
  [/(?<!\bbe\s)(?<!\bto\s)\b(?:deployed|arrived|on the ground|have landed|stationed|began deploying|started deploying)\b/i, 'deployed'],
  [/\b(?:committed to|commit(?:s|ting)? to|would contribute|will contribute|will send|would send|will deploy|would deploy|would be deployed|will be deployed|decided to (?:send|deploy|contribute|join)|confirmed (?:it|its|that)|approved (?:sending|the deployment)|deployment schedule|agreed to (?:send|deploy|contribute|join))\b/i, 'committed'],
  [/\b(?:pledg(?:ed|es|ing|e)|offer(?:ed|s|ing)?|promis(?:ed|es|ing)|ready to|readiness|prepared to|prepared (?:up to |some |about )?\d[\d,]*|has prepared|willing(?:ness)? to|could contribute|can contribute|could send|could deploy|announced plans to|plans to (?:send|deploy|contribute)|volunteered|signed up|no final decision|contribut(?:e|ing) (?:up to|troops|personnel|police|soldiers)|indicated (?:willingness|readiness))\b/i, 'pledged'],
];
const STRENGTH: Record<PledgeStatus, number> = { considering: 1, pledged: 2, committed: 3, deployed: 4, declined: 0, objected: 0 };

const OBJECTION_AFTER = /^(?:['’]s)?\s+(?:involvement|participation|role|presence|troops|inclusion|contribution|forces|soldiers)\b[^.;]{0,60}?\b(?:faces?|faced|met|meets|drew|draws)\s+(?:(?:strong|firm|stiff|fierce)\s+)?(?:(\w+)\s+)?(?:opposition|objections?|resistance|rejection|veto)/i;
const OPPOSES_BEFORE = /\b(opposes|opposed|objects to|objected to|rejects|rejected|vetoed|vetoes|blocked|blocks|barred|bars|excluded|excludes|refuses to accept|refused to accept|will not accept|won['’]t accept|would not accept|does not want|did not want|ruled out)\s+(?:any\s+)?(?:the\s+)?(?:(?:presence|participation|involvement|inclusion|deployment|role)\s+of\s+(?:the\s+)?)?$/i;
/** "Israel reiterated its veto on any Turkish participation", "its opposition to Qatari troops". */
const OBJECTION_NOUN_BEFORE = /\b(?:veto|objections?|opposition|rejection|refusal)\s+(?:on|to|of|against)\s+(?:any\s+)?(?:the\s+)?$/i;
const INVOLVEMENT_AFTER = /^(?:['’]s)?\s+(?:involvement|participation|role|presence|troops|inclusion|contribution|(?:armed\s+)?forces|soldiers|military)\b/i;

interface Found {
  country: string;
  status: PledgeStatus;
  troopsMin: number | null;
  troopsMax: number | null;
  by: string | null;
  sentence: Span;
}

/** The text is about a stabilisation force (not, say, UNIFIL in Lebanon): pledges are read only then. */
const FORCE_NAMED = /\b(?:stabili[sz](?:ation|ing) (?:force|mission)|ISF|international (?:security |stabili[sz]ation )?force|multinational force|Board of Peace)\b/i;
/** A country named as the speaker's nationality ("Indonesian President …", "US Army General …"). */
const TITLE_AFTER = /^(?:['’]s)?\s+(?:President|Prime Minister|Foreign Minister|Defen[cs]e Minister|Minister|Army|Navy|Air Force|General|Gen\.|military|officials?|envoys?|ambassador|spokes(?:man|woman|person)|Secretary|leaders?|government|delegation)\b/;
const SELF_REFERENCE = /\b(?:his|her|its|their|our) country\b|\b(?:the country|we|it)\s+(?:could|would|will|was|is|has|had|can)\b/i;

export function findPledges(doc: AnalysedDocument, registry: ActorRegistry): ExtractedPledge[] {
  const found: Found[] = [];
  if (!FORCE_NAMED.test(doc.text)) return [];
  for (const sentence of doc.sentences) {
    if (sentence.headline || /^\s*\S+(?:\s+\S+){0,3}\s*$/.test(sentence.text)) continue;
    // Objections need only a country's part being opposed; offers need the sentence to be about contributing.
    const aboutForce = FORCE_CONTEXT.test(sentence.text);
    if (!aboutForce && !/\b(?:involvement|participation|role|presence|inclusion)\b/i.test(sentence.text)) continue;
    const countries = registry.findCountries(sentence.text, sentence.start);
    if (countries.length === 0) continue;
    const clauses = splitClauses(sentence);
    for (const clause of clauses) {
      const inClause = countries.filter((c) => c.start >= clause.start && c.end <= clause.end);
      if (inClause.length === 0) continue;
      // Objections first: "Turkey's involvement faces Israeli opposition", "Israel opposes Turkish involvement".
      const objected = new Set<string>();
      for (const [k, c] of inClause.entries()) {
        // In a list ("Turkish or Qatari soldiers", "Turkey, Qatar and Iran"), each country reads what is said of the list.
        const listStart = listEdge(inClause, k, -1, doc.text);
        const listEnd = listEdge(inClause, k, 1, doc.text);
        const after = doc.text.slice(listEnd, clause.end);
        const before = doc.text.slice(clause.start, listStart);
        const o = OBJECTION_AFTER.exec(after);
        if (o) {
          const by = o[1] ? registry.findCountries(o[1])[0]?.actor.name ?? null : null;
          found.push({ country: c.actor.name, status: 'objected', troopsMin: null, troopsMax: null, by, sentence });
          objected.add(c.actor.id);
          continue;
        }
        const ob = OPPOSES_BEFORE.exec(before) ?? (INVOLVEMENT_AFTER.test(after) ? OBJECTION_NOUN_BEFORE.exec(before) : null);
        const ofForm = ob ? /\bof\s+(?:the\s+)?$/i.test(ob[0]) : false;
        if (ob && (INVOLVEMENT_AFTER.test(after) || (ofForm && /^\s*(?:['’]s\b|\s+(?:armed\s+)?(?:forces|troops|soldiers))/i.test(after)) || ofForm)) {
          const subject = inClause.find((x) => x.end <= clause.start + ob.index && x.actor.id !== c.actor.id);
          found.push({ country: c.actor.name, status: 'objected', troopsMin: null, troopsMax: null, by: subject?.actor.name ?? null, sentence });
          objected.add(c.actor.id);
          const subj = subject?.actor.id;
          if (subj) objected.add(subj);
        }
      }
      if (!aboutForce) continue;
      const verbs = statusMatches(clause.text);
      for (const [k, c] of inClause.entries()) {
        if (objected.has(c.actor.id)) continue;
        // The country's own stretch of the clause, up to the next country: "Italy was ready to deploy … and Egypt
        // offered to train police" gives Italy a pledge and Egypt nothing (training police is not a contribution).
        const next = inClause.slice(k + 1).find((x) => x.actor.id !== c.actor.id);
        const segEnd = next ? next.start : clause.end;
        const segment = doc.text.slice(c.start, segEnd);
        if (TRAINING.test(segment) && !/\btroops\b/i.test(segment)) continue;
        // Subject reading: the first status word after the country ("Albania has pledged"); object reading: the last
        // one before it ("offers from Pakistan", "speaking to Indonesia, Egypt and Qatar").
        const rel = c.start - clause.start;
        const own = statusOf(segment);
        const after = own ? { status: own.status, index: rel + own.index } : verbs.find((v) => v.index > rel);
        const before = [...verbs].reverse().find((v) => v.index < rel && v.status !== 'declined');
        let status: { status: PledgeStatus; index: number } | null = null;
        for (const cand of [after, before]) {
          if (!cand) continue;
          if (TRAINING.test(clause.text.slice(cand.index, cand.index + 60)) && !/\btroops\b/i.test(segment)) continue;
          if (isContributor(c, clause, clause.start + cand.index, doc.text)) {
            status = cand;
            break;
          }
        }
        if (!status) continue;
        // A speaker's nationality pledges only when the speaker speaks for the country ("said his country could").
        const titled = TITLE_AFTER.test(doc.text.slice(c.end, c.end + 30));
        const capital = inClause.some((x) => x.via === 'capital' && x.actor.id === c.actor.id && x !== c);
        if (titled && !SELF_REFERENCE.test(clause.text) && !capital) continue;
        // Troop numbers from the country's own stretch; from the whole clause only when it names one country.
        let ownTroops = troopsIn({ start: c.start, end: segEnd, text: segment }, doc.text);
        // On the ground: the number told with "deployed"/"arrived" ("a second rotation of 1,200 troops will leave,
        // joining the 800 soldiers already deployed").
        if (status.status === 'deployed') {
          const at = clause.start + status.index;
          const from = Math.max(clause.start, at - 60);
          const near = troopsIn({ start: from, end: Math.min(clause.end, at + 30), text: doc.text.slice(from, Math.min(clause.end, at + 30)) }, doc.text);
          if (near.troopsMax !== null || near.troopsMin !== null) ownTroops = near;
        }
        const single = new Set(inClause.map((x) => x.actor.id)).size === 1;
        const troops = ownTroops.troopsMax !== null || ownTroops.troopsMin !== null || !single ? ownTroops : troopsIn(clause, doc.text);
        found.push({ country: c.actor.name, status: status.status, ...troops, by: null, sentence });
      }
    }
  }
  return merge(found);
}

/** The start (dir -1) or end (dir 1) of the list of countries that mention k belongs to. */
function listEdge(mentions: ActorMention[], k: number, dir: -1 | 1, text: string): number {
  let i = k;
  for (;;) {
    const j = i + dir;
    const next = mentions[j];
    if (!next) break;
    const gap = dir === 1 ? text.slice(mentions[i]!.end, next.start) : text.slice(next.end, mentions[i]!.start);
    if (!/^\s*(?:,|,?\s*(?:and|or|nor))\s*$/.test(gap)) break;
    i = j;
  }
  return dir === 1 ? mentions[i]!.end : mentions[i]!.start;
}

/** Every status word in a clause, in order (a weaker word inside a stronger phrase is dropped: "offered to consider"). */
function statusMatches(text: string): { status: PledgeStatus; index: number }[] {
  const found: { status: PledgeStatus; index: number; end: number }[] = [];
  for (const [re, status] of STATUS_RULES) {
    for (const m of text.matchAll(new RegExp(re.source, 'gi'))) {
      const index = m.index!;
      const end = index + m[0].length;
      if (found.some((f) => index < f.end && end > f.index)) continue;
      found.push({ status, index, end });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

function statusOf(text: string): { status: PledgeStatus; index: number } | null {
  // "offered to consider" is considering, not an offer: the considering rule runs first and wins ties.
  let best: { status: PledgeStatus; index: number } | null = null;
  for (const [re, status] of STATUS_RULES) {
    const m = re.exec(text);
    if (!m) continue;
    if (status === 'declined') return { status, index: m.index };
    if (!best) best = { status, index: m.index };
    else if (status !== 'considering' && best.status !== 'considering' && STRENGTH[status] > STRENGTH[best.status]) best = { status, index: m.index };
  }
  return best;
}

/** A country in the clause is the contributor when it is the subject (before the verb), the owner of the offer
 * ("Indonesia's earlier offer", "offers from Pakistan and Indonesia") or named by its president/minister. */
function isContributor(c: ActorMention, clause: Span, verbAt: number, text: string): boolean {
  const before = text.slice(Math.max(clause.start, c.start - 40), c.start);
  // "despite not recognizing Israel", "Ankara's recognition of Israel": the object of recognition is not a pledger.
  if (/\b(?:recogni[sz]\w*|recognition of|against|attack on|war (?:on|with)|relations with|normali[sz]\w* with|peace with|border with)\s+$/i.test(before)) return false;
  // The parties and the force's organiser are not contributors to it.
  if (/^(?:Israel|Palestin|United States)/.test(c.actor.name)) return false;
  if (c.start < verbAt) {
    // Subjects: a list before the verb, or "<Country>'s President … said his country could contribute".
    return !/\b(?:by|from|with|to|than|of)\s+(?:the\s+)?$/i.test(before) || /\bincluding\s+$|,\s*$/.test(before);
  }
  const between = text.slice(verbAt, c.start);
  // "speaking to Indonesia, the UAE, Egypt … to contribute": countries named in discussions.
  if (/^(?:speaking|talking|talks|spoken|consulting|consultations|approached|sounded out)\b[^.;]{0,100}$/i.test(between)) return true;
  return /\b(?:offers?|pledges?|commitments?)\s+(?:from|by)\s+(?:[\w,\s]{0,40})?$/i.test(between) || /^[^.;]{0,30}\b(?:from|by|including)\s+$/i.test(between) && /offer|pledge|commit/i.test(between);
}

const TROOP_NOUN_AFTER = /^\s+(?:(?:\w+\s+){0,2})?(?:troops|soldiers|peacekeep|personnel|police|officers|servicemen|service members|military|forces|gendarmes|carabinieri|marines|engineers|men\b)/i;
const UNIT_OF_BEFORE = /\b(?:company|companies|battalion|battalions|brigade|contingent|unit|force|detachment|regiment|team)\s+of\s+(?:(?:about|around|roughly|some|approximately|nearly|up to|at least)\s+)?$/i;

function troopsIn(clause: Span, text: string): { troopsMin: number | null; troopsMax: number | null } {
  const nums = findNumbers(clause.text, clause.start).filter((n) => !n.vague && n.value >= 10);
  for (const n of nums) {
    const after = text.slice(n.end, n.end + 40);
    // "between 500 and 800 servicemen", read from its first number.
    const range = /\bbetween\s+$/i.test(text.slice(Math.max(clause.start, n.phraseStart - 10), n.phraseStart)) ? /^\s+and\s+([\d,]+)\b/.exec(after) : null;
    if (range && TROOP_NOUN_AFTER.test(after.slice(range[0].length))) return { troopsMin: n.value, troopsMax: Number(range[1]!.replace(/,/g, '')) };
    // A unit given by its strength: "a company of 120", "a battalion of roughly 600 soldiers".
    if (UNIT_OF_BEFORE.test(text.slice(Math.max(clause.start, n.phraseStart - 40), n.phraseStart))) {
      return n.qualifier === 'up to' ? { troopsMin: null, troopsMax: n.value } : { troopsMin: n.value, troopsMax: n.value };
    }
    if (!/^\s+(?:(?:\w+\s+){0,2})?(?:troops|soldiers|peacekeep|personnel|police|officers|members|military|forces|boots|strong|carabinieri|gendarmes|servicemen|service members|marines|paratroopers|engineers|medics|men\b)/i.test(after)) continue;
    const before = text.slice(Math.max(clause.start, n.phraseStart - 30), n.phraseStart);
    const between = /\bbetween\s+$/i.test(before) ? null : /\bbetween\s+([\d,]+)\s+and\s+$/i.exec(text.slice(Math.max(clause.start, n.phraseStart - 40), n.phraseStart));
    if (between) return { troopsMin: Number(between[1]!.replace(/,/g, '')), troopsMax: n.value };
    if (n.qualifier === 'up to') return { troopsMin: null, troopsMax: n.value };
    if (n.qualifier === 'at least' || n.qualifier === 'more than') return { troopsMin: n.value, troopsMax: null };
    // "an initial 1,000 troops, rising to a full force of 4,000": the first figure is the minimum, the later one
    // the maximum.
    if (/\b(?:initial(?:ly)?|first)\s+(?:\w+\s+)?$/i.test(before)) {
      const later = nums.find((m) => m.start > n.end && m.value > n.value && /\b(?:full|total|eventually|rising|up to|later|whole|entire)\b/i.test(text.slice(n.end, m.start)));
      if (later) return { troopsMin: n.value, troopsMax: later.value };
    }
    return { troopsMin: n.value, troopsMax: n.value };
  }
  return { troopsMin: null, troopsMax: null };
}

function merge(found: Found[]): ExtractedPledge[] {
  const byKey = new Map<string, Found & { max: number | null; min: number | null }>();
  for (const f of found) {
    const family = f.status === 'objected' ? 'objected' : f.status === 'declined' ? 'declined' : 'positive';
    const key = `${f.country}|${family}`;
    const cur = byKey.get(key);
    if (!cur) {
      byKey.set(key, { ...f, max: f.troopsMax, min: f.troopsMin });
      continue;
    }
    if (STRENGTH[f.status] > STRENGTH[cur.status]) {
      cur.status = f.status;
      if (f.troopsMax !== null || f.troopsMin !== null || (cur.max === null && cur.min === null)) cur.sentence = f.sentence;
    }
    if (cur.max === null && f.troopsMax !== null) cur.max = f.troopsMax;
    if (cur.min === null && f.troopsMin !== null) cur.min = f.troopsMin;
    cur.by ??= f.by;
  }
  // A refusal stands only when the text states no positive status for that country.
  return [...byKey.values()]
    .filter((f) => !(f.status === 'declined' && byKey.has(`${f.country}|positive`)))
    .map((f) => ({
      country: f.country,
      force: 'International Stabilization Force',
      troopsMin: f.min,
      troopsMax: f.max,
      status: f.status,
      by: f.by,
      evidence: f.sentence.text,
      evidenceStart: f.sentence.start,
      evidenceEnd: f.sentence.end,
    }));
}
