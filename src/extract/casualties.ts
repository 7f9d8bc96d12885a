// Casualty figures in a sentence: how many were killed or injured, who they were, and whether the figure is the
// toll of one event or a running total. The patterns follow the shapes news uses:
//   passive   "five people were killed", "six others wounded", "Five of the victims were killed"
//   active    "shelling killed five people", "killing 44 and wounding 12", "killed a Hezbollah member"
//   nominal   "the deaths of three Israeli soldiers", "taken the lives of nearly 68,000 Palestinians"
//   total     "bringing the total deaths … to 400", "the death toll … has risen to 236", "stands at 170,670"
import { findNumbers, estimateOf, type Estimate, type NumberMention } from './numbers.ts';
import type { Span } from './sentences.ts';

export type CasualtyKind = 'killed' | 'injured';

export interface CasualtyFigure {
  kind: CasualtyKind;
  value: number;
  estimate: Estimate;
  vague: boolean;
  /** The figure phrase ("at least 44 people"). */
  start: number;
  end: number;
  /** Who they were, as written ("Israeli soldiers", "people", "man"); null when the text does not say. */
  victims: string | null;
  victimsStart: number;
  victimsEnd: number;
  shape: 'passive' | 'active' | 'nominal' | 'total' | 'article' | 'bodies';
}

const VICTIM_NOUNS =
  'people|persons|person|Palestinians|Palestinian|civilians|civilian|children|child|kids|minors|infants|babies|baby|women|woman|men|man|boys|boy|girls|girl|teenagers|teenager|teens|youths|youth|young men|young man|elderly|soldiers|soldier|troops|reservists|officers|officer|policemen|policeman|police officers|fighters|fighter|militants|militant|gunmen|operatives|operative|members|member|commanders|commander|victims|victim|others|individuals|individual|residents|resident|journalists|journalist|reporters|photographer|paramedics|paramedic|medics|medic|doctors|doctor|nurses|nurse|aid workers|aid worker|workers|worker|employees|employee|staff|farmers|farmer|fishermen|fisherman|students|student|Israelis|Israeli|Lebanese|Sudanese|Syrians|Syrian|nationals|Gazans|relatives|family members|brothers|siblings|sisters|cousins|detainees|prisoners|hostages|hostage|captives|rescuers|worshippers|displaced people|displaced|patients|aid seekers|aid-seekers|passers-by|bystanders|shepherds|herders|terrorists|terrorist|suspects|suspect|martyrs|martyr|dead|bodies|body|citizens|citizen|refugees|villagers|pilgrims|drivers|driver|volunteers|volunteer|guards|guard|personnel|rebels|Hezbollah members|motorcyclist|cyclist|occupants|occupant|passengers|passenger|riders|rider|crew members|crew|couple|mother|father|sons|son|daughters|daughter|husbands|husband|wives|wife|grandchildren|nephews|nieces|toddler|infant|pregnant woman|teacher|engineers|engineer|electricians|laborers|contractors|employee|servicemen|serviceman|servicemembers|teachers|pupils|schoolchildren|monks|monk|novices|novice|nuns|priests|priest|imams|imam|traders|trader|vendors|miners|labourers|herdsmen|technicians|firefighters|grandsons|granddaughters';
// Up to three modifiers before the victim noun; function words end the phrase ("another man the army said …").
const ADJ = "(?:(?!(?:the|a|an|and|or|of|in|on|at|by|to|from|with|was|were|is|are|said|says|who|that|which|when|after|while)\\b)[A-Za-z0-9’'-]+\\s+){0,3}";
const KILL_PASSIVE = '(?:killed|shot dead|shot and killed|gunned down|martyred|slain|died|dead|executed|perished|lost their lives|lost his life|lost her life)';
// "received wounds of varying severity" (translated statements) is wounded.
const INJURE_PASSIVE = '(?:wounded|injured|hurt|shot and wounded|maimed|sustained (?:\\w+\\s+){0,2}?(?:injuries|wounds)|suffered (?:\\w+\\s+){0,2}?(?:injuries|wounds)|received (?:\\w+\\s+){0,2}?(?:injuries|wounds))';
const AUX = "(?:(?:who|that|which)\\s+)?(?:(?:were|was|have been|has been|had been|have|has|had|are|is|being|got|reportedly|reported|said to have been|believed to have been|confirmed|also|later|all|were all|seriously|critically|severely|lightly|moderately|badly|fatally|mortally|subsequently|initially|now|since|as well as|being)\\s+){0,3}";

const NUMBER_SPAN = (n: NumberMention) => ({ s: n.phraseStart, e: n.end });
const NOT_PEOPLE_AFTER = /^\s*(?:-|–)?\s*(?:year|years|month|months|day|days|hour|hours|km|kilometres|kilometers|miles|metres|meters|percent|per cent|%|trucks?|lorries|tons|tonnes|times|points?|phases?|dunums|acres|shekels|dollars|million|billion|am|pm|a\.m\.|p\.m\.|o'clock|GMT|minutes|seconds|homes|houses|buildings|structures|vehicles|cars|villages|schools|goals|games|matches|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b/i;
const NOT_PEOPLE_BEFORE = /(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?|Resolution|resolution|No\.|number|Article|article|point|Point|phase|Phase|aged|age|ages|route|Route|Highway|highway|\$|US\$|€|£)\s*$/;

const MONTH_NAMES = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const DAY_RANGE_AFTER = new RegExp(`^\\s*(?:-|–|—|to|and|until|till)\\s*\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTH_NAMES})\\b`);
const ACTIVE_KILL = 'killed|kills|killing|kill|shot dead|shooting dead|executed|executing|martyred|martyring|eliminated|eliminating|neutrali[sz]ed|neutrali[sz]ing';
const ACTIVE_INJURE = 'wounded|wounding|wounds|injured|injuring|injures|injure';
const COORDINATED = new RegExp(`^\\s+and\\s+(?:(?:his|her|their|its)\\s+)?(\\S+)\\s+(${ADJ}(?:${VICTIM_NOUNS}))\\b(?!\\s+(?:were|was|are|have|had)\\b)`, 'i');
// "killed (another / the / his) N …"
const VERB_BEFORE = new RegExp(`\\b(${ACTIVE_KILL}|${ACTIVE_INJURE}|claimed the lives of|claiming the lives of|taken the lives of|took the lives of|taking the lives of|killed and wounded|left)["”’']?\\s+(?:(?:another|a further|an additional)\\s+|(?:the|his|her|their|its|all|all the)\\s+)?$`, 'i');
const FAMILY_OF_BEFORE = new RegExp(`\\b(?:${ACTIVE_KILL}|wiping out|wiped out)\\s+(?:an?\\s+|the\\s+)?(?:entire\\s+|whole\\s+)?family\\s+of\\s+$`, 'i');
// "Four of them, including a woman, died …"
const OF_THEM_PASSIVE = new RegExp(`^\\s+of\\s+(?:them|those|whom|the (?:dead|victims|wounded|injured))\\b(?:\\s*,[^,]{1,60},)?\\s+${AUX}(${KILL_PASSIVE}|${INJURE_PASSIVE})\\b`, 'i');

export function findCasualties(sentence: Span): CasualtyFigure[] {
  const text = sentence.text;
  const out: CasualtyFigure[] = [];
  const numbers = findNumbers(text).filter((n) => {
    const after = text.slice(n.end, n.end + 16);
    const before = text.slice(Math.max(0, n.phraseStart - 14), n.phraseStart);
    if (NOT_PEOPLE_AFTER.test(after) || NOT_PEOPLE_BEFORE.test(before)) return false;
    if (/^-year-old|^-month-old/.test(after)) return false;
    // "No one was killed" counts nobody.
    if (!n.digits && n.value === 1 && /\bno\s+$/i.test(text.slice(Math.max(0, n.start - 4), n.start))) return false;
    // The first day of a date range ("the week of 3 to 9 February", "3–9 February").
    if (DAY_RANGE_AFTER.test(after + text.slice(n.end + 16, n.end + 30))) return false;
    // A four-digit number that looks like a year in a date context is not a count.
    if (n.digits && n.value >= 1900 && n.value <= 2100 && !/,/.test(text.slice(n.start, n.end)) && /(?:in|since|of|from|until|by)\s+$|\d\s+$/.test(before)) return false;
    return true;
  });
  // "between 12 and 15 people": one figure whose estimate spans the range; its value is the lower bound (the
  // same reading as "at least 12"), and the upper number is not a second count.
  const ranges = new Map<NumberMention, number>();
  for (let i = 0; i + 1 < numbers.length; i++) {
    const a = numbers[i]!, b = numbers[i + 1]!;
    if (a.vague || b.vague || b.value <= a.value) continue;
    const gap = text.slice(a.end, b.start);
    // "between 12 and 15 people"; "two to three people", "5-7 civilians" (but "from five to seven" is a change).
    const between = /^\s+and\s+$/i.test(gap) ? /\bbetween\s+$/i.exec(text.slice(Math.max(0, a.phraseStart - 10), a.phraseStart)) : null;
    const span = !between && /^(?:\s+to\s+|\s*[-–]\s*)$/.test(gap) && !/\b(?:from|rose|risen|increased|up)\s+$/i.test(text.slice(Math.max(0, a.phraseStart - 10), a.phraseStart)) && b.value <= a.value * 5;
    if (!between && !span) continue;
    const leadLength = between ? between[0].length : 0;
    const merged: NumberMention = { ...a, end: b.end, phraseStart: a.phraseStart - leadLength, qualifier: null };
    ranges.set(merged, b.value);
    numbers.splice(i, 2, merged);
  }
  const used = new Set<number>();
  const add = (n: NumberMention, kind: CasualtyKind, victims: RegExpExecArray | null, vOffset: number, shape: CasualtyFigure['shape']) => {
    const key = n.start * 2 + (kind === 'killed' ? 0 : 1);
    if (used.has(key)) return;
    used.add(key);
    const vText = victims?.[1]?.trim() || null;
    const vStart = victims ? vOffset + victims.index + victims[0].indexOf(victims[1] ?? '') : n.end;
    const high = ranges.get(n);
    out.push({
      kind, value: n.value, estimate: high === undefined ? estimateOf(n) : { low: n.value, best: n.value, high }, vague: n.vague, start: sentence.start + n.phraseStart,
      end: sentence.start + Math.max(n.end, vText ? vStart + vText.length : n.end), victims: vText,
      victimsStart: sentence.start + vStart, victimsEnd: sentence.start + vStart + (vText?.length ?? 0), shape,
    });
  };

  for (const n of numbers) {
    const { s, e } = NUMBER_SPAN(n);
    // Bounded windows: patterns look a few words around the number, and a long run of numbers must stay linear.
    const after = text.slice(e, e + 240);
    const before = text.slice(Math.max(0, s - 160), s);

    // "N [adj] VICTIMS (were) killed" and "N of the victims were killed" and "N others wounded".
    const nounRe = new RegExp(`^\\s+(?:of\\s+(?:the|them|those|whom|its|their|his|her)\\s+)?(${ADJ}(?:${VICTIM_NOUNS})(?:\\s+and\\s+(?:${VICTIM_NOUNS}))?)\\b(?:\\s*,[^,]{1,60},)?(?:\\s+(?:of|in|at|from|near|inside|on)\\s+[^,.;]{1,40}?)?\\s+${AUX}(${KILL_PASSIVE}|${INJURE_PASSIVE})\\b`, 'i');
    const passive = nounRe.exec(after);
    if (passive && !/\b(?:not|no)\s*$/.test(before)) {
      add(n, /wound|injur|hurt|maim/i.test(passive[2]!) ? 'injured' : 'killed', passive, e, 'passive');
      continue;
    }
    // "Four of them, including a woman, died when …": the people are those the sentence before counted.
    const ofThem = OF_THEM_PASSIVE.exec(after);
    if (ofThem && !/\b(?:not|no)\s*$/.test(before)) {
      add(n, /wound|injur|hurt|maim/i.test(ofThem[1]!) ? 'injured' : 'killed', null, e, 'passive');
      continue;
    }
    // "N were killed", "N killed and M wounded", "N dead", "with 600 wounded", "N died".
    // "… two employees perished, four more received wounds": "more" stands for the people just counted.
    const bare = new RegExp(`^\\s+(?:more\\s+)?${AUX}(${KILL_PASSIVE}|${INJURE_PASSIVE})\\b`, 'i').exec(after);
    if (bare && !/\b(?:were|was|is|are)\s*$/.test(before)) {
      add(n, /wound|injur|hurt|maim/i.test(bare[1]!) ? 'injured' : 'killed', null, e, 'passive');
      continue;
    }
    // Clinics count the wounded they treat: "treated 1,206 people for gunshot and shrapnel wounds".
    const treated = /\b(?:treated|treating|admitted|received)\s+$/i.test(before) ? new RegExp(`^\\s+(${ADJ}(?:${VICTIM_NOUNS}))\\s+(?:for|with)\\s+(?:[\\w-]+\\s+){0,4}?(?:wounds|injuries)\\b`, 'i').exec(after) : null;
    if (treated) {
      add(n, 'injured', treated, e, 'active');
      continue;
    }
    // "Sixteen others were brought to the clinic with gunshot wounds."
    const brought = new RegExp(`^\\s+(${ADJ}(?:${VICTIM_NOUNS}))\\s+(?:were|was|had been|have been)\\s+(?:brought|taken|admitted|rushed|evacuated|carried)\\s+(?:(?:in)?to\\s+[^,.;]{1,40}?\\s+)?with\\s+(?:[\\w-]+\\s+){0,3}?(?:wounds|injuries)\\b`, 'i').exec(after);
    if (brought) {
      add(n, 'injured', brought, e, 'passive');
      continue;
    }
    // "killed (at least) N [adj] VICTIMS", "killing N and wounding M", "injured 170,200".
    const verbBefore = VERB_BEFORE.exec(before);
    if (verbBefore) {
      const verb = verbBefore[1]!.toLowerCase();
      if (verb === 'left') {
        // "left N dead / wounded"
        const m = /^\s+(?:people\s+)?(dead|killed|wounded|injured)\b/i.exec(after);
        if (m) add(n, /dead|killed/i.test(m[1]!) ? 'killed' : 'injured', null, e, 'active');
        continue;
      }
      const kind: CasualtyKind = /wound|injur/.test(verb) ? 'injured' : 'killed';
      const obj = new RegExp(`^\\s+(${ADJ}(?:${VICTIM_NOUNS}))\\b`, 'i').exec(after);
      // Without a noun only when the number stands alone ("killed 44 across Gaza", "injured 170,200", "killed
      // three of them").
      // "killed four of the gunmen": the people named after "of the".
      if (obj || /^\s*(?:$|[,.;:)]|and\b|in\b|on\b|across\b|at\b|near\b|since\b|while\b|during\b|including\b|others\b|of (?:them|those|whom)\b)/i.test(after) || new RegExp(`^\\s+of\\s+(?:the|these|those|its|their)\\s+${ADJ}(?:${VICTIM_NOUNS})\\b`, 'i').test(after)) {
        add(n, kind, obj, e, 'active');
      }
      continue;
    }
    // "killing a family of seven", "wiping out an entire family of six"
    if (FAMILY_OF_BEFORE.test(before)) {
      add(n, 'killed', null, e, 'active');
      continue;
    }
    // "the deaths of N …", "the killing of N …"
    const nominal = /\b(?:deaths?|killings?|killing|death|martyrdom|(injury|injuries|injuring|wounding))\s+of\s+(?:(?:at least|more than|nearly|about|some|around|over)\s+)?$/i.exec(before);
    if (nominal) {
      const obj = new RegExp(`^\\s+(${ADJ}(?:${VICTIM_NOUNS}))\\b`, 'i').exec(after);
      add(n, nominal[1] ? 'injured' : 'killed', obj, e, 'nominal');
      continue;
    }
    // "N deaths", "N fatalities", "N casualties" (casualties alone are killed and injured together: skipped).
    const countNoun = /^\s+(?:new\s+)?(deaths|fatalities|dead|martyrs|killed|injuries|wounded|injured)\b/i.exec(after);
    if (countNoun && !/\b(?:of|to|at|reached|reach)\s+$/.test(before)) {
      add(n, /deaths|fatalities|dead|martyrs|killed/i.test(countNoun[1]!) ? 'killed' : 'injured', null, e, 'nominal');
      continue;
    }
    // "the total stands at 352 martyrs", "the toll rose to 400 dead": the count noun after the number names it.
    if (countNoun && /\b(?:total|toll|tally|count)\b[^.;:]{0,80}?\b(?:to|at|reached)\s+(?:(?:at least|more than|nearly|about|some|around|over|approximately)\s+)?$/i.test(before)) {
      add(n, /deaths|fatalities|dead|martyrs|killed/i.test(countNoun[1]!) ? 'killed' : 'injured', null, e, 'total');
      continue;
    }
    // Bodies brought to hospitals after strikes: "the hospital received nine bodies", "the bodies of 12 people".
    const bodies = /^\s+(?:(?:more|other|additional|further)\s+)?(?:bodies|corpses)\b/i.exec(after);
    // Bodies handed over in an exchange are remains returned (a tally), not deaths in an event.
    if ((bodies || /\bbodies\s+of\s+$/i.test(before)) && !/\b(?:hand(?:s|ed|ing)? over|gives?|gave|return(?:s|ed|ing)?|releas\w*|transferr?\w*|repatriat\w*|exchange\w*|swap\w*|coffins?|hostages?|captives?|Red Cross|ICRC)\b/i.test(text)) {
      const obj = new RegExp(`^\\s+(${ADJ}(?:${VICTIM_NOUNS}))\\b`, 'i').exec(after);
      add(n, 'killed', bodies ? null : obj, e, 'bodies');
      continue;
    }
    // A labelled count in a list or table ("- Killed: 331", "• Palestinians injured: 96 (MoH)", "Deaths: 12"): the
    // label is the whole line before the number.
    const label = /^\s*(?:[-–•*·▪]\s*)?(?:[\p{L}'’ -]{0,50}\s)?(killed|dead|deaths|martyrs|fatalities|wounded|injured|injuries)\s*(?::|[–—]|-(?=\s))\s*$/iu.exec(text.slice(0, s));
    if (label) {
      add(n, /wound|injur/i.test(label[1]!) ? 'injured' : 'killed', null, e, 'total');
      continue;
    }
    // Running totals: "… deaths since … to 400", "toll … has risen to 236", "number of wounded stands at 170,670".
    const total = /\b(deaths?|death toll|toll|fatalities|killed|dead|martyrs|casualties|wounded|injured|injuries|number of (?:people |Palestinians |those )?(?:killed|dead|wounded|injured))\b[^.;:]{0,160}?\b(?:to|at|of|is|was|now|reached|hit|passed|exceeded|surpassed|totall?ing|totall?ed|totals|numbering)\s+(?:(?:at least|more than|nearly|about|some|around|over|approximately)\s+)?$/i.exec(before);
    if (total) {
      // The count noun nearest the number decides: "fatalities reached 68,519, with injuries totaling 170,382".
      const nouns = [...before.slice(total.index).matchAll(/\b(deaths?|death toll|fatalities|killed|dead|martyrs|casualties|wounded|injured|injuries)\b/gi)];
      const word = (nouns[nouns.length - 1]?.[1] ?? total[1]!).toLowerCase();
      if (word === 'casualties') continue;
      add(n, /wound|injur/.test(word) ? 'injured' : 'killed', null, e, 'total');
      continue;
    }
  }

  // "a/an/another/one [adj] SINGULAR was killed", "killed a Hezbollah member": one person (annotation rule).
  const SINGULAR = '\\d{1,2}-year-old|monk|priest|imam|teacher|pupil|novice|trader|man|woman|child|boy|girl|teenager|youth|young man|soldier|officer|policeman|fighter|militant|member|commander|civilian|person|Palestinian|journalist|paramedic|medic|doctor|nurse|worker|farmer|fisherman|student|resident|Israeli|motorcyclist|driver|rider|occupant|passenger|shepherd|hostage|captive|reservist|operative|terrorist|suspect|infant|baby|toddler|mother|father|son|daughter|employee|volunteer|rescuer|guard|citizen|serviceman|servicewoman';
  const articlePassive = new RegExp(`\\b((?:an?|another|one|his|her|their)\\s+(${ADJ}(?:${SINGULAR})))\\b(?:\\s+of\\s+the\\s+(?:\\p{Lu}[\\p{L}'’-]*\\s*){1,3})?(?:\\s*,[^,]{1,60},)?\\s+(?:who\\s+)?(?:(?:was|has been|had been|is|got|has|had)\\s+)?(?:reportedly\\s+|also\\s+|later\\s+)?(${KILL_PASSIVE}|${INJURE_PASSIVE})\\b`, 'giu');
  for (const m of text.matchAll(articlePassive)) {
    const start = m.index!;
    // "No one was killed" counts nobody.
    if (/\bno\s+$/i.test(text.slice(Math.max(0, start - 4), start))) continue;
    if (numbers.some((n) => n.start >= start && n.start < start + m[1]!.length && n.value !== 1)) continue;
    if (out.some((o) => o.start <= sentence.start + start + m[1]!.length && o.end >= sentence.start + start)) continue;
    pushArticle(out, sentence, start, m[1]!, m[2]!, /wound|injur|hurt|maim/i.test(m[3]!) ? 'injured' : 'killed');
  }
  // "Two soldiers were killed and a third was wounded": one more person, counted after the others.
  // …and "An Israeli soldier was killed and another was moderately wounded".
  for (const m of text.matchAll(new RegExp(`\\b(a\\s+(?:second|third|fourth|fifth|sixth|seventh)(?:\\s+(?:${SINGULAR}))?|(?<=\\b(?:and|while)\\s+)(?:another|one other))\\s+(?:was\\s+|had been\\s+|has been\\s+)?(?:also\\s+)?(?:\\w+ly\\s+)?(${KILL_PASSIVE}|${INJURE_PASSIVE})\\b`, 'gi'))) {
    if (out.some((o) => o.start <= sentence.start + m.index! + m[1]!.length && o.end >= sentence.start + m.index!)) continue;
    pushArticle(out, sentence, m.index!, m[1]!, m[1]!.replace(/^a\s+\S+\s*/, '') || m[1]!, /wound|injur|hurt|maim/i.test(m[2]!) ? 'injured' : 'killed');
  }
  // "the killing of an Israeli soldier", "the death of a paramedic"
  const articleNominal = new RegExp(`\\b(?:killing|death|murder|assassination)\\s+of\\s+((?:an?|another|one)\\s+(${ADJ}(?:${SINGULAR})))\\b`, 'gi');
  for (const m of text.matchAll(articleNominal)) {
    const start = m.index! + m[0].length - m[1]!.length;
    if (out.some((o) => o.start <= sentence.start + start + m[1]!.length && o.end >= sentence.start + start)) continue;
    pushArticle(out, sentence, start, m[1]!, m[2]!, 'killed');
  }
  const articleActive = new RegExp(`\\b(?:${ACTIVE_KILL}|wounded|wounding|injured|injuring)\\s+((?:an?|another|one|his|her|their|its)\\s+(${ADJ}(?:${SINGULAR})))\\b`, 'gi');
  for (const m of text.matchAll(articleActive)) {
    const start = m.index! + m[0].length - m[1]!.length;
    if (out.some((o) => o.start <= sentence.start + start + m[1]!.length && o.end >= sentence.start + start)) continue;
    pushArticle(out, sentence, start, m[1]!, m[2]!, /wound|injur/i.test(m[0].slice(0, 10)) ? 'injured' : 'killed');
  }
  // A pronoun object is one person: "The troops returned fire and eliminated him."
  const pronounObject = new RegExp(`\\b(?:${ACTIVE_KILL}|wounded|wounding|injured|injuring)\\s+(him|her)\\b(?!\\s+(?:and|,))`, 'gi');
  for (const m of text.matchAll(pronounObject)) {
    const start = m.index! + m[0].length - m[1]!.length;
    if (out.some((o) => o.start <= sentence.start + start + m[1]!.length && o.end >= sentence.start + start)) continue;
    pushArticle(out, sentence, start, m[1]!, m[1]!, /wound|injur/i.test(m[0].slice(0, 10)) ? 'injured' : 'killed');
  }
  // A named person: "its forces killed Abbas Karky", "killing Hezbollah commander Ali Hassan" → one.
  const named = /\b(?:killed|killing|assassinated|assassinating|eliminated|eliminating)\s+((?:(?:a\s+|the\s+)?(?:senior\s+|local\s+|top\s+)?(?:Hezbollah|Hamas|Qassam|Islamic Jihad|PIJ|RSF|militant|commander|operative|member|official|leader|journalist|fighter)\s+){0,3}((?:\p{Lu}[\p{Ll}'’-]+\s+)(?:(?:al-|el-|bin\s+|abu\s+|Abu\s+)?\p{Lu}[\p{Ll}'’-]+\s*){1,3}))/gu;
  for (const m of text.matchAll(named)) {
    const start = m.index! + m[0].length - m[1]!.length;
    if (out.some((o) => o.start <= sentence.start + start + m[1]!.length && o.end >= sentence.start + start)) continue;
    // Month or weekday names, places and organisations are not people.
    if (/^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Israeli|Palestinian|Lebanese|Gaza|The|In|On)\b/.test(m[2]!)) continue;
    pushArticle(out, sentence, start, m[1]!.trimEnd(), m[1]!.trimEnd(), 'killed');
  }
  // "A woman and her two grandchildren lost their lives": the person named before "and her/his/their N …" is one more.
  for (const f of out) {
    if (f.shape !== 'passive') continue;
    const lead = new RegExp(`\\b(?:an?|one)\\s+${ADJ}(?:${SINGULAR})\\s+and\\s+(?:his|her|their)\\s+$`, 'i').exec(text.slice(Math.max(0, f.start - sentence.start - 60), f.start - sentence.start));
    if (!lead) continue;
    f.value += 1;
    f.estimate = { low: f.estimate.low + 1, best: f.estimate.best + 1, high: f.estimate.high + 1 };
    f.start -= lead[0].length;
  }
  // Victims joined to a count by "and" under the same verb are one toll: "killed a mother and her three children",
  // "killing two women and three children".
  for (const f of out) {
    if (f.shape !== 'active' && f.shape !== 'article') continue;
    const rest = text.slice(f.end - sentence.start, f.end - sentence.start + 80);
    const m = COORDINATED.exec(rest);
    if (!m) continue;
    const n = numbers.find((x) => x.start === f.end - sentence.start + m.index! + m[0].indexOf(m[1]!) && !x.vague);
    if (!n || out.some((o) => o !== f && o.start === sentence.start + n.phraseStart)) continue;
    f.value += n.value;
    f.estimate = { low: f.estimate.low + n.value, best: f.estimate.best + n.value, high: f.estimate.high + n.value };
    f.victims = `${f.victims ?? ''} and ${m[2]}`.trim();
    f.end = f.end + m[0].length;
    f.shape = 'active';
  }
  // "killing a farmer and his son": a relative joined by "and" under the same verb is one more victim; "a man was
  // killed and his wife wounded" gives the relative a figure of their own.
  for (const f of out) {
    if (f.shape !== 'active' && f.shape !== 'article') continue;
    const at = f.end - sentence.start;
    const m = new RegExp(`^(\\s+(?:was|were)\\s+${KILL_PASSIVE})?\\s+and\\s+((?:his|her|their)\\s+(${RELATIVE}))\\b(?:\\s+(?:was\\s+|were\\s+)?(${INJURE_PASSIVE}))?`, 'i').exec(text.slice(at, at + 60));
    if (!m) continue;
    const [, verb, phrase, noun, injured] = m;
    if (injured) {
      const at2 = at + m[0].lastIndexOf(phrase!);
      if (!out.some((o) => o.start === sentence.start + at2)) pushArticle(out, sentence, at2, phrase!, noun!, 'injured');
      continue;
    }
    if (verb) continue;
    if (/^\s+(?:was|were|is|are|had|has|survived|escaped)\b/i.test(text.slice(at + m[0].length, at + m[0].length + 12))) continue;
    f.value += 1;
    f.estimate = { low: f.estimate.low + 1, best: f.estimate.best + 1, high: f.estimate.high + 1 };
    f.victims = `${f.victims ?? ''} and ${phrase}`.trim();
    f.end += m[0].length;
    f.shape = 'active';
  }
  // A daily report's zero: "Over the past 24 hours, no new martyrs arrived" counts 0 for the period (only with a
  // period, so "no one was killed in the strike" stays no figure).
  if (/\b(?:past|last|previous)\s+(?:\d+|twenty-four|forty-eight|seventy-two)\s+hours\b|\b(?:past|last)\s+day\b/i.test(text)) {
    for (const m of text.matchAll(/\bno\s+(?:new\s+)?(martyrs|deaths|fatalities|injuries|injured persons|wounded)\b/gi)) {
      const start = m.index!;
      if (out.some((o) => o.start <= sentence.start + start + m[0].length && o.end >= sentence.start + start)) continue;
      out.push({
        kind: /injur|wound/i.test(m[1]!) ? 'injured' : 'killed', value: 0, estimate: { low: 0, best: 0, high: 0 }, vague: false,
        start: sentence.start + start, end: sentence.start + start + m[0].length, victims: null,
        victimsStart: sentence.start + start + m[0].length, victimsEnd: sentence.start + start + m[0].length, shape: 'total',
      });
    }
  }
  // Hostages who died in captivity and whose bodies are handed over are remains returned (a tally), not deaths.
  const exchange = /\b(?:hand(?:s|ed|ing)? over|handed back|returned|released|transferr?ed|received|coffins?|Red Cross|ICRC)\b/i.test(text);
  return out
    .filter((f) => !(exchange && f.victims && /\b(?:hostages?|captives?)\b/i.test(f.victims)))
    .sort((a, b) => a.start - b.start);
}

const RELATIVE = 'son|daughter|wife|husband|brother|sister|mother|father|child|baby|nephew|niece|grandson|granddaughter|cousin';

function pushArticle(out: CasualtyFigure[], sentence: Span, start: number, phrase: string, victims: string, kind: CasualtyKind) {
  const vStart = start + phrase.length - victims.length;
  out.push({
    kind, value: 1, estimate: { low: 1, best: 1, high: 1 }, vague: false, start: sentence.start + start,
    end: sentence.start + start + phrase.length, victims: victims.trim(), victimsStart: sentence.start + vStart,
    victimsEnd: sentence.start + vStart + victims.length, shape: 'article',
  });
}
