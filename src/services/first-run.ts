// What `npm start` (`truce serve --init`) does for a database that holds nothing yet, so a new user meets a working,
// real picture instead of empty pages: the bundled agreements, the seed article in the review queue, the Gaza
// Ministry of Health's daily series (Tech For Palestine, public domain, read from ../shared at run time), and a
// first admin to sign in with.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context } from './context.ts';
import { loadBundledData } from './bundled.ts';
import { ingestFirstRunExample } from './ingest.ts';
import { firstAdmin } from './users.ts';
import { storeStatus } from './status.ts';

export const TFP_GAZA_SERIES = fileURLToPath(new URL('../../../shared/data/palestine-datasets/casualties_daily.json', import.meta.url));

export async function firstRun(ctx: Context, say: (line: string) => void): Promise<void> {
  const status = await storeStatus(ctx.store.db);
  if (status.agreements === 0) {
    const r = await loadBundledData(ctx);
    if (r.agreementsLoaded.length) say(`loaded bundled agreements: ${r.agreementsLoaded.join(', ')}`);
    const example = await ingestFirstRunExample(ctx);
    if (example?.status === 'new') say(`ingested ${example.origin} as a first example: ${example.incidents} draft incident(s), ${example.claims} draft claim(s) in the review queue`);
    if (status.series === 0 && existsSync(TFP_GAZA_SERIES)) {
      const { importFile } = await import('./import.ts');
      const s = await importFile(ctx, 'tfp', TFP_GAZA_SERIES);
      say(`imported the Gaza daily casualty series (Tech For Palestine, public domain): ${s.points.new} reported values by the Ministry of Health and the Government Media Office`);
    }
  }
  const first = await firstAdmin(ctx);
  if (first) {
    say(`created the first user: ${first.name} (admin), password ${first.password}`);
    say('  sign in with it, then add your team (`truce user add`) and change it (`truce user password admin`).');
  }
}
