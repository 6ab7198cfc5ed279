// A config served with a declared charset is read in it (issue 14: one served as ISO-8859-1 was
// decoded as UTF-8, turning "Größe" into "Gr��e"); one in a charset the browser does not know is
// refused with a message that names it. Through the script tag, in Chromium.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../../scripts/browser/chromium.js';
import { startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';
import { embedSnapshot } from './delivery-helpers.js';

const config = {
  id: 'de',
  version: 1,
  title: 'Demo anfragen',
  steps: [{ id: 's', fields: [{ id: 'size', type: 'select', label: 'Größe des Unternehmens', options: [{ value: 'klein', label: 'Klein (≤ 50)' }, { value: 'groß', label: 'Groß' }] }] }],
  submit: { endpoint: '/leads' },
};
/** The same config without characters ISO-8859-1 lacks (≤), in ISO-8859-1 bytes. */
const latin1 = Buffer.from(JSON.stringify(config).replace('≤ ', 'bis '), 'latin1');

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    ...embedSnapshot(),
    '/favicon.ico': { status: 204, body: '' },
    '/latin1.json': { body: latin1, type: 'application/json; charset=ISO-8859-1' },
    '/utf8.json': { body: JSON.stringify(config), type: 'application/json' },
    '/unknown.json': { body: JSON.stringify(config), type: 'application/json; charset=x-klingon' },
    '/latin1': { body: testPage('<div id="host" data-cairn-form="/latin1.json"></div>') },
    '/utf8': { body: testPage('<div id="host" data-cairn-form="/utf8.json"></div>') },
    '/unknown': { body: testPage('<div id="host" data-cairn-form="/unknown.json"></div>') },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the charset a config is served in (script tag, Chromium)', () => {
  it('ISO-8859-1, declared: read as such', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(server.url + '/latin1');
      await page.locator('#host').getByLabel('Größe des Unternehmens').waitFor();
      expect(await page.locator('#host option').allTextContents()).toContain('Groß');
    } finally {
      await context.close();
    }
  });

  it('no charset declared: UTF-8', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(server.url + '/utf8');
      await page.locator('#host').getByLabel('Größe des Unternehmens').waitFor();
      expect(await page.locator('#host option').allTextContents()).toContain('Klein (≤ 50)');
    } finally {
      await context.close();
    }
  });

  it('a charset the browser cannot read: the container and the console name it', async () => {
    const { context, page, diagnostics } = await openPage(browser);
    try {
      await page.goto(server.url + '/unknown');
      await page.locator('#host').getByText('could not read').waitFor();
      const shown = await page.evaluate(() => document.querySelector('#host')!.shadowRoot!.textContent);
      expect(shown).toMatch(/could not read http:\/\/127\.0\.0\.1:\d+\/unknown\.json \(.*x-klingon.*\)/);
      expect(diagnostics.consoleErrors.join('\n')).toContain('x-klingon');
    } finally {
      await context.close();
    }
  });
});
