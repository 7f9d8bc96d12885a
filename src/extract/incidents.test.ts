import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledLexicon } from './bundled.ts';
import { extract } from './index.ts';

const lexicon = bundledLexicon();
const run = (text: string, published: string | null = '2025-11-05') => extract(text, lexicon, { published });

test('incident: date, place, perpetrator, ACLED type, figure, claimant and evidence offsets', () => {
  const text = 'Aid stalled again. Israeli tank shelling killed three people in Beit Lahia on Monday, medics said.';
  const [i, ...rest] = run(text).incidents;
  assert.equal(rest.length, 0);
  assert.equal(i!.date, '2025-11-03');
  assert.equal(i!.datePrecision, 1);
  assert.equal(i!.location?.name, 'Beit Lahia');
  assert.equal(i!.location?.precision, 1);
  assert.equal(i!.perpetrator, 'Israel');
  assert.equal(i!.target, 'Civilians');
  assert.deepEqual([i!.eventType, i!.subEventType], ['Explosions/Remote violence', 'Shelling/artillery/missile attack']);
  assert.deepEqual(i!.killed, { low: 3, best: 3, high: 3 });
  assert.equal(i!.claimedBy, 'Palestinian sources');
  assert.equal(text.slice(i!.evidenceStart, i!.evidenceEnd), i!.evidence);
  assert.match(i!.evidence, /^Israeli tank shelling/);
});

test('incident: a running total in the same sentence is a tally, not a second incident', () => {
  const r = run('A drone strike killed two brothers in Bani Suheila, raising the number of people killed since the truce began on October 10 to 260.');
  assert.deepEqual(r.incidents.map((i) => i.killed?.best), [2]);
  assert.deepEqual(r.tallies.map((t) => [t.metric, t.value, t.since]), [['killed', 260, '2025-10-10']]);
});

test('incident: two events in one sentence keep their own place, perpetrator and date', () => {
  const r = run('Israeli air strikes on Sunday killed 31 people across the Strip, after two soldiers were killed by militants in Rafah.');
  const [wave, attack] = r.incidents;
  assert.deepEqual([wave!.killed?.best, wave!.location?.name, wave!.perpetrator, wave!.date], [31, 'Gaza Strip', 'Israel', '2025-11-02']);
  assert.deepEqual([attack!.killed?.best, attack!.location?.name, attack!.perpetrator, attack!.date], [2, 'Rafah', 'Palestinian militants', null]);
});

test('incident: the same event told twice is one incident with the more specific place and the date', () => {
  const r = run(
    "Lebanon's health ministry said an Israeli strike on the south killed one man on Tuesday. " +
      'In a statement, the ministry said the strike on a van killed one man in Kfar Kila.',
    '2025-05-28',
  );
  assert.equal(r.incidents.length, 1);
  assert.deepEqual([r.incidents[0]!.location?.name, r.incidents[0]!.date, r.incidents[0]!.claimedBy], ['Kfar Kila', '2025-05-27', 'Lebanese Health Ministry']);
});

test('incident: different figures from different sources stay separate incidents', () => {
  const r = run("Gaza's civil defence said 17 people were killed in the night raids. Hospital sources put the toll at 11.");
  assert.deepEqual(r.incidents.map((i) => i.killed?.best).sort(), [11, 17]);
});

test('incident: a vague toll keeps killed null and carries the ACLED coding beside it', () => {
  const [i] = run('Several people were killed when a drone hit a tent camp in al-Mawasi.').incidents;
  assert.equal(i!.killed, null);
  assert.deepEqual(i!.vagueKilled, { low: 3, best: 3, high: 3 });
  assert.equal(i!.location?.name, 'al-Mawasi');
});

test('incident: a killed soldier in a fire fight is a battle; the militants are the alleged perpetrator', () => {
  const [i] = run('Gunmen opened fire on troops near Khan Younis, killing an Israeli soldier, the army said.').incidents;
  assert.equal(i!.killed?.best, 1);
  assert.equal(i!.perpetrator, 'Palestinian militants');
  assert.equal(i!.target, 'Israel');
  assert.equal(i!.eventType, 'Battles');
});

test('incident: provisions are listed when the breach rule and the obligated party fit', () => {
  const r = extract('An Israeli air strike killed four people in Deir al-Balah.', lexicon, {
    published: '2025-11-05',
    provisions: [
      { id: 'p.stop-strikes', category: 'cessation', breachedBy: [{ eventType: 'Explosions/Remote violence' }], obligated: ['israel'] },
      { id: 'p.hamas-only', category: 'cessation', breachedBy: [{ eventType: 'Explosions/Remote violence' }], obligated: ['hamas'] },
      { id: 'p.aid', category: 'humanitarian', breachedBy: [] },
    ],
  });
  assert.deepEqual(r.incidents[0]!.provisions, ['p.stop-strikes']);
});

test('incident: with no publication date, relative dates stay unknown', () => {
  const [i] = run('An Israeli strike killed two men in Jabalia on Friday.', null).incidents;
  assert.equal(i!.date, null);
  assert.equal(i!.datePrecision, 3);
});

test('incident: a following sentence about "the strike" without a figure of its own gives the specific place', () => {
  const r = run('One person was killed in an Israeli drone strike in southern Lebanon on Tuesday. The ministry said the strike hit a car in the village of Kfar Kila.', '2025-07-12');
  assert.equal(r.incidents.length, 1);
  assert.equal(r.incidents[0]!.location?.name, 'Kfar Kila');
});

test('incident: a named person killed counts as one', () => {
  const [i] = run('The Israeli army said its forces killed Samir Haddad, whom it called a Hezbollah field commander, near Bint Jbeil.', '2025-07-12').incidents;
  assert.equal(i!.killed?.best, 1);
  assert.equal(i!.perpetrator, 'Israel');
  assert.equal(i!.location?.name, 'Bint Jbeil');
});

test('incident: two strikes in one sentence joined by ", and later" keep their own places', () => {
  const r = run('Israeli forces struck a farm near Khiam, killing two people, and later targeted a house in Aitaroun, killing two others.', '2025-07-12');
  assert.deepEqual(r.incidents.map((i) => i.location?.name), ['Khiam', 'Aitaroun']);
});

test('incident: details told right after an incident are part of it, not new tallies', () => {
  const r = run('Six people were killed in a drone strike by the Rapid Support Forces on a market in El Fasher. Witnesses said four died on the spot. About 20 injured people were taken to hospital.');
  assert.equal(r.incidents.length, 1);
  assert.deepEqual([r.incidents[0]!.killed?.best, r.incidents[0]!.injured?.best, r.incidents[0]!.perpetrator], [6, 20, 'RSF']);
  assert.deepEqual(r.tallies, []);
});

test('incident: a title-case headline is not read for figures; the body is', () => {
  const r = run('Four Palestinians Killed in Gaza as Israel Tightens Siege\nAt least four Palestinians were killed over the past 24 hours, the health ministry said.');
  assert.deepEqual(r.incidents, []);
  assert.deepEqual(r.tallies.map((t) => [t.metric, t.value, t.periodHours]), [['killed', 4, 24]]);
});

test('incident: the event told in one sentence and its toll in the next are one incident over both', () => {
  const text = 'Israeli tanks shelled a school in Beit Lahia on Tuesday. Three people were killed, medics said.';
  const [i, ...rest] = run(text, '2025-10-30').incidents;
  assert.equal(rest.length, 0);
  assert.deepEqual([i!.killed?.best, i!.date, i!.location?.name, i!.perpetrator], [3, '2025-10-28', 'Beit Lahia', 'Israel']);
  assert.equal(i!.evidence, text);
});

test('incident: a figure that refers back takes the day and place of the event told before it', () => {
  const text = 'Israeli troops spotted three gunmen near the fence in Beit Hanoun on Monday. The troops eliminated the three gunmen.';
  const [i, ...rest] = run(text).incidents;
  assert.equal(rest.length, 0);
  assert.deepEqual([i!.killed?.best, i!.date, i!.location?.name, i!.perpetrator], [3, '2025-11-03', 'Beit Hanoun', 'Israel']);
  assert.match(i!.evidence, /^The troops eliminated/);
  const later = run('An Israeli strike on a house in Tyre killed two people on Sunday. Hours later a drone hit a car in Houla, killing one man.').incidents;
  assert.deepEqual(later.map((x) => [x.killed?.best, x.date, x.location?.name]), [[2, '2025-11-02', 'Tyre'], [1, '2025-11-02', 'Houla']]);
});

test('incident: a wounded count "in the strike" just told is that incident\'s injured; a dateline is no event date', () => {
  const text = 'GAZA, 5 November 2025 — An Israeli drone hit a car in Jabalia on Tuesday, killing two men. A third man was wounded in the strike.';
  const [i, ...rest] = run(text).incidents;
  assert.equal(rest.length, 0);
  assert.deepEqual([i!.killed?.best, i!.injured?.best, i!.date], [2, 1, '2025-11-04']);
});

test('incident: a time-stamped log line happened on the day of its heading', () => {
  const text = 'Border log (Monday)\n08:15 – Israeli drone strike on a tractor in Blida: 1 killed.\n11:30 – Shelling near Kfar Kila, no casualties.';
  const [i, ...rest] = run(text).incidents.filter((x) => x.killed);
  assert.equal(rest.length, 0);
  assert.deepEqual([i!.killed?.best, i!.date, i!.location?.name], [1, '2025-11-03', 'Blida']);
});

test('incident: the accused party, "hostile" drones in Lebanese wording, and "another raid" is another event', () => {
  assert.equal(run('Seven people were killed when a drone hit a market in Bara in Sudan on Sunday, a local group said, accusing the army.', '2026-04-28').incidents[0]?.perpetrator, 'SAF');
  const lebanon = run('A hostile drone raided a car near Houla this morning, killing two people, and another raid targeted a tractor in Blida, wounding its driver.').incidents;
  const killed = lebanon.find((i) => i.killed);
  assert.deepEqual([killed?.killed?.best, killed?.injured, killed?.perpetrator, killed?.location?.name], [2, null, 'Israel', 'Houla']);
});

test('incident: in a sentence of two events, each reads its party from its own clause', () => {
  const text = 'A soldier was killed by a Hamas sniper in Rafah on Monday, the army said, and Israel responded with airstrikes on Jabalia that officials said killed 12.';
  const found = run(text).incidents.map((i) => [i.killed?.best, i.perpetrator, i.location?.name, i.date]);
  assert.deepEqual(found, [[1, 'Hamas', 'Rafah', '2025-11-03'], [12, 'Israel', 'Jabalia', null]]);
});

test('incident: another source giving the same figure for "the strike" just told is the same incident', () => {
  const text = 'The army said it struck and eliminated a Hezbollah operative in Srifa on Tuesday. The health ministry said one person was killed in the strike.';
  const found = run(text).incidents;
  assert.deepEqual(found.map((i) => [i.killed?.best, i.location?.name, i.date]), [[1, 'Srifa', '2025-11-04']]);
});

test('incident: a town the gazetteer lacks, named by what stood there ("hit Dilling teaching hospital")', () => {
  const [i] = run('Shells fired by the RSF hit Dilling teaching hospital on Sunday, killing four patients.', '2026-05-30').incidents;
  assert.deepEqual([i?.killed?.best, i?.location?.name, i?.perpetrator], [4, 'Dilling', 'RSF']);
});

test('incident: "Fighters of the Rapid Support Forces" are the RSF', () => {
  const [i] = run('Fighters of the Rapid Support Forces killed 12 villagers in an attack on Kabkabiya in Sudan on Friday, activists said.', '2026-07-28').incidents;
  assert.deepEqual([i?.killed?.best, i?.perpetrator], [12, 'RSF']);
});

test('incident: "a toll of four martyrs and 21 wounded" is one event\'s dead and wounded', () => {
  const [i, ...rest] = run('The ministry said the strike on a market in Tyre resulted in a toll of three martyrs and 14 wounded.').incidents;
  assert.equal(rest.length, 0);
  assert.deepEqual([i?.killed?.best, i?.injured?.best], [3, 14]);
  assert.deepEqual(run('The ministry said the strike on a market in Tyre resulted in a toll of three martyrs and 14 wounded.').tallies, []);
});

test('incident: the subject of a "when" clause is the attacker; parties to a truce are not; a party blamed next', () => {
  const when = run('Two energy workers were killed on Monday when Russian drones hit a power substation near Odesa, the governor said.').incidents;
  assert.deepEqual(when.map((i) => [i.killed?.best, i.perpetrator]), [[2, 'Russia']]);
  const truce = run(
    'At least eleven civilians were killed when shells fell on a market in Sake on Sunday, local groups said, a month into the ceasefire between the Congolese army and the M23 rebels.\n' +
      'Provincial authorities blamed the M23 for the shelling.',
  ).incidents;
  assert.deepEqual(truce.map((i) => [i.killed?.best, i.perpetrator]), [[11, 'M23']]);
  // Without the blame, the parties to the truce are no perpetrator.
  const unblamed = run('At least eleven civilians were killed when shells fell on a market in Sake on Sunday, a month into the ceasefire between the Congolese army and the M23 rebels.').incidents;
  assert.deepEqual(unblamed.map((i) => [i.killed?.best, i.perpetrator]), [[11, null]]);
});

test('incident: "the number of people killed in Monday\'s air strike has risen to nine" is that strike\'s toll', () => {
  const r = run('The number of people killed in Monday\'s Israeli air strike on a house in Nuseirat has risen to nine, the civil defence said on Wednesday.', '2025-11-05');
  assert.deepEqual(r.incidents.map((i) => [i.killed?.best, i.date, i.location?.name]), [[9, '2025-11-03', 'Nuseirat']]);
  assert.deepEqual(r.tallies, []);
  // A running number with no event stays a tally.
  assert.deepEqual(run('The number of people killed since the truce has risen to 390.').tallies.map((t) => t.value), [390]);
});

test('incident: another source\'s toll for the event told before takes its day ("… put the number of dead at 26")', () => {
  const r = run('Israeli strikes killed at least 30 Palestinians across the Gaza Strip late on Monday, the civil defence said. The health ministry put the number of dead at 26.');
  assert.deepEqual(r.incidents.map((i) => [i.killed?.best, i.date]), [[30, '2025-11-03'], [26, '2025-11-03']]);
});

test('incident: a superseded toll ("had earlier given a toll of seven", "up from an earlier toll of 7") is no count of its own', () => {
  const r = run("The number of people killed in Monday's Israeli strike on a house in Nuseirat has risen to nine, the civil defence said. The agency had earlier given a toll of seven.");
  assert.deepEqual(r.incidents.map((i) => i.killed?.best), [9]);
  assert.deepEqual(r.tallies.map((t) => t.value), []);
  const up = run("The toll from Monday's Israeli strike on a house in Nuseirat rose to nine, up from an earlier toll of seven, medics said.");
  assert.deepEqual([up.incidents.map((i) => i.killed?.best), up.tallies.map((t) => t.value)], [[9], []]);
});

test('incident: a demonym of a state party before a force noun names the attacker ("Pakistani shelling", "an Iranian missile")', () => {
  const r = run('Pakistani shelling killed four civilians in Poonch on Saturday, police said.', '2025-05-11');
  assert.equal(r.incidents[0]?.perpetrator, 'Pakistan');
  const i = run('Four people were killed when an Iranian missile struck a building in Beersheba, Magen David Adom said.', '2025-06-24').incidents[0];
  assert.equal(i?.perpetrator, 'Iran');
  assert.equal(i?.location?.name, 'Beersheba');
});

test('incident: "fighters of the X" and "units of the X" make X the attacker; "Dagalo militia" is the RSF', () => {
  assert.equal(run('Two soldiers were killed when fighters of the Tigray People’s Liberation Front ambushed a convoy near Korem on Friday.').incidents[0]?.perpetrator, 'TPLF');
  assert.equal(run('The Dagalo militia shelled Dilling on Friday, killing five citizens, the army spokesman said.').incidents[0]?.perpetrator, 'RSF');
});

test('incident: the attacker named in the next sentence ("attributed the shelling to", "fired from X positions")', () => {
  assert.equal(run('Nine civilians were killed when shells hit a camp near Tawila on Monday, responders said. Monitors attributed the shelling to the Rapid Support Forces.').incidents[0]?.perpetrator, 'RSF');
  assert.equal(run('Six people were killed when shells struck a market in Dilling on Monday, doctors said. They said the shells were fired from Rapid Support Forces positions.').incidents[0]?.perpetrator, 'RSF');
});

test('incident: "As a result of the attack, …" takes the attacker of the sentence before; the party attacked is not it', () => {
  const done = run('On Tuesday night Ukrainian forces carried out a drone attack on a fuel depot near Belgorod. As a result of the attack, three workers perished and two were hurt.');
  assert.deepEqual(done.incidents.map((i) => [i.perpetrator, i.killed?.best]), [['Ukraine', 3]]);
  const named = run('The Kiev regime launched missiles at a power station near Kursk on Monday. The strike killed two engineers.');
  assert.equal(named.incidents[0]?.perpetrator, 'Ukraine');
  const attacked = run('Russian troops were attacked near Pokrovsk on Monday. As a result of the attack, two soldiers died.');
  assert.notEqual(attacked.incidents[0]?.perpetrator, 'Russia');
});

test('incident: "the aggressor" / "the enemy" in an official statement is the speaker\'s adversary, only when the speaker shows', () => {
  const ua = run('Kherson Regional Military Administration\nOn Sunday morning the occupiers shelled the Korabel district. Two women were killed and a man was wounded.');
  assert.deepEqual(ua.incidents.map((i) => [i.perpetrator, i.killed?.best]), [['Russia', 2]]);
  const ru = run('Ministry of Defence of the Russian Federation\nOn Monday the enemy attacked a fuel depot in the Bryansk region with drones. One employee died.');
  assert.equal(ru.incidents[0]?.perpetrator, 'Ukraine');
  const unknown = run('On Sunday morning the aggressor shelled a district of the city. Two women were killed.');
  assert.equal(unknown.incidents[0]?.perpetrator ?? null, null, 'nobody shows who is speaking');
});

test('incident: a landmine blast is an event; a sentence-case first line is a headline and not read', () => {
  const r = run('Army says three soldiers killed by mines\nOne soldier was killed and two were wounded on Tuesday when a landmine exploded near the border post, the army said.');
  assert.deepEqual(r.incidents.map((i) => [i.killed?.best, i.injured?.best]), [[1, 2]]);
  assert.equal(r.tallies.length, 0);
});

test('incident: "a further two …, bringing the toll from the shelling to seven" revises the toll of the event told before', () => {
  const r = run('Israeli tank fire killed five people in Shujaiya on Sunday, medics said. A further two people died of their wounds overnight, bringing the toll from the shelling to seven, the hospital said.', '2025-11-03');
  assert.deepEqual(r.incidents.map((i) => [i.killed?.best, i.date]), [[7, '2025-11-02']]);
  assert.equal(r.tallies.length, 0);
});

test('incident: no figure from a correction note, a natural disaster or a year told in the sentence before', () => {
  const r = run('A strike on a tent killed four people on Thursday, the hospital said.\n(Corrects the toll to four, not five as earlier reported.)');
  assert.deepEqual([r.incidents.length, r.tallies.length], [1, 0]);
  const floods = run('Flash floods in the north killed two people, the disaster agency said.');
  assert.deepEqual([floods.incidents.length, floods.tallies.length], [0, 0]);
  const past = run('Firing across the line was almost daily by 2018. In that year alone, officials counted 61 civilians killed in cross-border firing.');
  assert.deepEqual([past.incidents.length, past.tallies.length], [0, 0]);
});

test('incident: "the town" in a report datelined from a town is that town', () => {
  const r = run('KFAR KILA, Lebanon — Farmers in Kfar Kila are back in the fields. On Monday, a drone strike on the edge of the town killed two farmers, the mayor said.');
  assert.equal(r.incidents[0]?.location?.name, 'Kfar Kila');
});

test('incident: fire "from positions near A" at positions near B happened at B', () => {
  const r = run('On Monday, troops fired from positions near the Ayvazli settlement at positions in the direction of the Kalaba settlement. As a result, a soldier was killed.');
  assert.equal(r.incidents[0]?.location?.name, 'Kalaba');
});

test('incident: a party named as a backer or maker ("Iranian-backed", "Indian-made") is not the attacker', () => {
  const backed = run('An Iranian-backed militia killed two soldiers in Basra on Monday, police said.');
  assert.equal(backed.incidents[0]?.killed?.best, 2);
  assert.equal(backed.incidents[0]?.perpetrator, null);
  const made = run('Indian-made drones struck a village near Lahore on Tuesday, killing three people, officials said.');
  assert.equal(made.incidents[0]?.killed?.best, 3);
  assert.notEqual(made.incidents[0]?.perpetrator, 'India');
  assert.equal(run('Iranian missiles killed three people in Haifa on Monday, rescuers said.').incidents[0]?.perpetrator, 'Iran', 'a plain demonym still names the attacker');
});

test('incident: a dateline with the agency after its date ("ADEN, Nov 27 (Reuters) -") dates the report, not the event', () => {
  const r = run('ADEN, Nov 27 (Reuters) - Two fishermen were killed late on Wednesday when a shell hit their boat off Mocha, the coast guard said.', '2026-11-27');
  assert.equal(r.incidents[0]?.date, '2026-11-25');
});

test('incident: "gunmen" and "militants" are Palestinian militants only in a text about Israel and the Palestinians', () => {
  const congo = run('Gunmen whom residents identified as M23 fighters opened fire on a church in Kiwanja on Sunday, killing four people, a priest said.', '2026-11-24');
  assert.equal(congo.incidents[0]?.perpetrator, 'M23');
  const sahel = run('Gunmen on motorbikes killed seven herders near Djibo on Monday, a local official said.', '2026-11-24');
  assert.equal(sahel.incidents[0]?.perpetrator, null);
  const gaza = run('Gunmen killed two men in Khan Younis on Monday, Gaza medics said.', '2026-11-24');
  assert.equal(gaza.incidents[0]?.perpetrator, 'Palestinian militants');
});

test('incident: a demonym before a force noun names that state\'s forces; a group outside the registry keeps its name', () => {
  assert.equal(run('Russian guided bombs hit a school in Zaporizhzhia on Monday, killing three teachers, officials said.', '2026-11-24').incidents[0]?.perpetrator, 'Russia');
  assert.equal(run('Burkinabe soldiers killed 12 villagers in Solenzo on Monday, a rights group said.', '2026-11-24').incidents[0]?.perpetrator, 'Burkinabe army');
  assert.equal(run('On Sunday, fighters of the Islamic State-linked ISWAP attacked a base near Monguno, killing six soldiers.', '2026-11-24').incidents[0]?.perpetrator, 'ISWAP');
  assert.equal(run('Two Armenian soldiers were killed on Monday when a shell hit their post, Yerevan said.', '2026-11-24').incidents[0]?.perpetrator, null, 'the victims\' demonym is no attacker');
});

test('incident: "government forces", "the federal army", "military jets" are the forces of the state the text is about', () => {
  const ethiopia = run('ADDIS ABABA — Regional officials said on Tuesday that the federal army had shelled the town of Sekota overnight, killing four civilians. Ethiopia has denied the report.', '2026-11-24');
  assert.equal(ethiopia.incidents[0]?.perpetrator, 'Ethiopian army');
  const yemen = run('A rights group said government forces had shelled a village near Hodeidah on Monday, killing two children. Yemen\'s government denied it.', '2026-11-24');
  assert.equal(yemen.incidents[0]?.perpetrator, 'Yemeni government forces');
  const myanmar = run('Military jets bombed a school in Magway region on Sunday, killing nine pupils, teachers said. The junta denied it.', '2026-11-24');
  assert.equal(myanmar.incidents[0]?.perpetrator, 'Myanmar military');
  const base = run('On Sunday, a mortar round fired from an army base near Lashio struck a clinic in the village of Nam Kham, killing a nurse. The junta did not comment.', '2026-11-24');
  assert.deepEqual([base.incidents[0]?.perpetrator, base.incidents[0]?.location?.name], ['Myanmar military', 'Nam Kham']);
  const sudan = run('A drone strike on a fuel depot in Nyala killed 11 people on Monday, a monitoring group said, blaming government forces. The Sudanese army did not comment.', '2026-11-24');
  assert.equal(sudan.incidents[0]?.perpetrator, 'SAF');
});

test('incident: a toll revised later in the text ("raising the death toll from the strike to six", "the toll had risen to 38")', () => {
  const later = run('An air strike hit a house in Bureij before dawn on Thursday, killing five people, medics said.\nThe army said it had targeted a militant.\nNeighbours said the family had just returned.\nLater on Thursday, a sixth member of the family died of her wounds, raising the death toll from the strike to six.\n(Updates toll to six in paragraph 4)', '2026-11-26');
  assert.deepEqual(later.incidents.map((i) => i.killed?.best), [6]);
  assert.deepEqual(later.tallies, []);
  const risen = run('An air strike on a market in Sodiri killed at least 20 people on Monday, a rights group said. By Tuesday the toll had risen to 27, the group said.', '2026-11-25');
  assert.deepEqual(risen.incidents.map((i) => i.killed?.best), [27]);
  assert.deepEqual(risen.tallies, []);
});

test('incident: background a year or more back ("in January 2025", a battle that "began … in 1953") and a retrospective\'s undated toll are history', () => {
  const month = run('When the rebels took the city in January 2025, some 2,500 people died in the fighting, the UN said.', '2026-11-22');
  assert.deepEqual([month.incidents.length, month.tallies.length], [0, 0]);
  const recent = run('When the rebels took the city in June 2026, some 2,500 people died in the fighting, the UN said.', '2026-11-22');
  assert.equal(recent.tallies.length + recent.incidents.length, 1, 'a few months back is not yet history');
  const battle = run('The offensive, which began on the night of 6 October 1973, killed more than 2,000 soldiers in a week.', '2026-11-22');
  assert.deepEqual([battle.incidents.length, battle.tallies.length], [0, 0]);
  const retro = run('The armistice was signed in 1953. A border clash in 1968 killed 31 soldiers.\nHistorians now put the war\'s toll at some two million dead.', '2026-11-22');
  assert.deepEqual([retro.incidents.length, retro.tallies.length], [0, 0]);
  const current = run('An Israeli drone strike on a car in Nabatieh killed two men, the health ministry said. The town was heavily hit in the 2006 war and again in 2024.', '2026-11-22');
  assert.equal(current.incidents[0]?.killed?.best, 2, 'a report that only mentions old wars is no retrospective');
});

test('incident: a day from "the same night" of the event before, or from a scene-setting sentence just before', () => {
  const same = run('Two farmers were killed late on Wednesday when a shell hit their field near Hays, officials said. Rebel media said government forces shelled a market in Zabid the same night, killing one man.', '2026-11-27');
  assert.deepEqual(same.incidents.map((i) => i.date), ['2026-11-25', '2026-11-25']);
  const scene = run('The valley had been quiet for weeks.\nOn Thursday night, the calm broke. Gunmen came into the hamlet of Bweremana and fired into houses. Six people were killed, a nurse said.', '2026-11-22');
  assert.equal(scene.incidents[0]?.date, '2026-11-19');
  const joined = run('Late on Friday the enemy also attacked Kremenchuk with a ballistic missile. A man and his two sons lost their lives, nine more people were injured.', '2026-11-21');
  assert.deepEqual([joined.incidents[0]?.date, joined.incidents[0]?.location?.name, joined.incidents[0]?.killed?.best, joined.incidents[0]?.injured?.best], ['2026-11-20', 'Kremenchuk', 3, 9]);
});

test('incident: "in which troops killed four of the gunmen" is the troops\' toll; militants the next sentence says "belonged to" Hamas are Hamas', () => {
  const r = run('An Israeli soldier was killed on Friday night in a gunfight with militants who came out of a tunnel in eastern Rafah, in which troops killed three of the gunmen, the military said.\nThe military said the militants belonged to a Hamas cell.', '2026-11-29');
  assert.deepEqual(r.incidents.map((i) => [i.killed?.best, i.perpetrator]), [[1, 'Hamas'], [3, 'Israel']]);
});

test('incident: an event on the road between two places is placed at both', () => {
  const dashed = run('A drone strike on a car on the Tyre – Naqoura road killed two men on Monday, the ministry said.', '2026-11-24');
  assert.equal(dashed.incidents[0]?.location?.name, 'Tyre and Naqoura');
  const between = run('A drone strike on a car on the road between Tyre and Naqoura killed two men on Monday, the ministry said.', '2026-11-24');
  assert.equal(between.incidents[0]?.location?.name, 'Tyre and Naqoura');
  assert.equal(run('A drone strike on a car in Tyre killed two men on Monday, near the road to Naqoura, the ministry said.', '2026-11-24').incidents[0]?.location?.name, 'Tyre');
});
