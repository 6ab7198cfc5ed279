// The quick start of docs/custom-element.md, as a reader copies it: the page in its first ```html
// block, served with cairn.js at the path it names, filled in and submitted in Chromium.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import { createLeadReceiver } from '../../../scripts/browser/fault-server.js';
import { ROOT, startTestServer } from '../../../scripts/browser/servers.js';
import { embedSnapshot } from './delivery-helpers.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The first fenced block of `language` in a doc. */
function firstBlock(doc: string, language: string): string {
  const text = readFileSync(join(ROOT, 'docs', doc), 'utf8');
  const match = text.match(new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```'));
  if (!match) throw new Error(`docs/${doc} has no \`\`\`${language} block`);
  return match[1]!;
}

it('docs/custom-element.md: the quick start renders, submits, and its cairn:delivered listener hears the lead', async () => {
  const page = firstBlock('custom-element.md', 'html');
  const receiver = createLeadReceiver();
  // cairn.js and its chunks where the quick start says: /cairn/
  const embed = Object.fromEntries(Object.entries(embedSnapshot()).map(([path, route]) => ['/cairn' + path, route]));
  const server = await startTestServer({ ...embed, '/': { body: page }, '/leads': receiver.handler, '/favicon.ico': { status: 204, body: '' } });
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const logged: string[] = [];
    tab.on('console', (m) => logged.push(m.text()));
    await watchPageErrors(tab);
    await tab.goto(server.url + '/');
    await tab.getByLabel('Work email').fill('quickstart@example.test');
    await tab.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => receiver.stored.size, { timeout: 15_000 }).toBe(1);
    const [lead] = [...receiver.stored.values()];
    expect(lead!.lead.answers).toEqual({ email: 'quickstart@example.test' });
    await expect.poll(() => logged).toContain(`lead ${lead!.lead.id}`);
    expect(await readWatch(tab)).toMatchObject({ errors: [], rejections: [] });
  } finally {
    await context.close();
    await server.close();
    await receiver.close();
  }
});
