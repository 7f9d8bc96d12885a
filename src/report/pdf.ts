// The sitrep as PDF: Debian's chromium prints the HTML (src/report/html.ts). The page is loaded from a string and
// every request it would make is refused, so nothing is fetched from the network while printing.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { UserError } from '../domain/errors.ts';
import { esc } from './svg.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// One browser at a time: a server on a small machine must not start a Chromium per concurrent request.
let queue: Promise<unknown> = Promise.resolve();

export function htmlToPdf(html: string, footer: string): Promise<Buffer> {
  const run = queue.then(() => print(html, footer));
  queue = run.catch(() => undefined);
  return run;
}

async function print(html: string, footer: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new UserError('invalid-input', `PDF needs Chromium at ${CHROMIUM_PATH}, which is not there; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH, or use --format html and print that`, { field: 'format' });
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font: 7pt Helvetica, Arial, sans-serif; color: #555; width: 100%; padding: 0 13mm; display: flex; justify-content: space-between;"><span>${esc(footer)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    });
  } finally {
    await browser.close();
  }
}
