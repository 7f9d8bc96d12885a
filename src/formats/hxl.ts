// HXL-tagged CSV: a hashtag row under the header. Incidents use the ACLED → HXL crosswalk OCHA's HDX scraper uses
// (fatalities #affected+killed, event_id_cnty #event+code, …); series use #date, #indicator+value,
// #indicator+name and #org+name. Reading maps the tags back to ACLED's (or the series CSV's) column names, so one
// parser serves both; a column without a known tag keeps its header name.

/** ACLED column → HXL hashtag (data-standards.md §6), plus tags for the columns the crosswalk leaves out. */
export const ACLED_HXL: Record<string, string> = {
  event_id_cnty: '#event+code',
  event_date: '#date+occurred',
  year: '#date+year',
  time_precision: '#date+precision',
  disorder_type: '#event+type+disorder',
  event_type: '#event+type',
  sub_event_type: '#event+type+sub',
  actor1: '#group+name+first',
  assoc_actor_1: '#group+name+first+assoc',
  inter1: '#group+type+first',
  actor2: '#group+name+second',
  assoc_actor_2: '#group+name+second+assoc',
  inter2: '#group+type+second',
  interaction: '#group+type+interaction',
  civilian_targeting: '#event+civilians',
  iso: '#country+code+num',
  iso3: '#country+code',
  region: '#region+name',
  country: '#country+name',
  admin1: '#adm1+name',
  admin2: '#adm2+name',
  admin3: '#adm3+name',
  location: '#loc+name',
  latitude: '#geo+lat',
  longitude: '#geo+lon',
  geo_precision: '#geo+precision',
  source: '#meta+source',
  source_scale: '#meta+source+scale',
  notes: '#description',
  fatalities: '#affected+killed',
  tags: '#meta+tags',
  timestamp: '#date+updated',
  date_end: '#date+end',
  killed_low: '#affected+killed+low',
  killed_best: '#affected+killed+best',
  killed_high: '#affected+killed+high',
  injured_low: '#affected+injured+low',
  injured_best: '#affected+injured',
  injured_high: '#affected+injured+high',
};

export const SERIES_HXL: Record<string, string> = {
  date: '#date',
  value: '#indicator+value+num',
  metric: '#indicator+name',
  body: '#org+name',
  mode: '#indicator+type',
  unit: '#indicator+unit',
  estimated: '#indicator+estimated',
  note: '#description',
  territory: '#adm1+name',
  country: '#country+name',
  agreement: '#meta+agreement',
};

/** `#Affected +killed+best` and `#affected+best+killed` are one tag: lower case, attributes sorted. */
export function normaliseTag(tag: string): string {
  const parts = tag.trim().toLowerCase().split('+').map((p) => p.trim()).filter(Boolean);
  const [hash, ...attrs] = parts;
  return [hash, ...attrs.sort()].join('+');
}

/** True when every non-empty cell is a hashtag (and there is at least one). */
export function isHashtagRow(values: string[]): boolean {
  const cells = values.map((v) => v.trim()).filter(Boolean);
  return cells.length > 0 && cells.every((v) => /^#[a-z][a-z0-9_]*(\s*\+\s*[a-z][a-z0-9_]*)*$/i.test(v));
}

/** Column names for a tagged file: the ACLED or series name a known tag stands for, else the header's own name. */
export function columnsFromTags(header: string[], tags: string[], crosswalk: Record<string, string>): string[] {
  const byTag = new Map(Object.entries(crosswalk).map(([col, tag]) => [normaliseTag(tag), col]));
  return header.map((h, i) => byTag.get(normaliseTag(tags[i] ?? '')) ?? h.trim().toLowerCase());
}

/** Which crosswalk a tag row speaks: series tags (#indicator) or incident tags. */
export function hxlKind(tags: string[]): 'series' | 'incidents' {
  return tags.some((t) => normaliseTag(t).startsWith('#indicator')) ? 'series' : 'incidents';
}
