// axe-core on every state of the demo form (issue 14, point 5), in Chromium through the script
// tag: the first step, its errors, the second step, its errors, a delivery the receiver refuses,
// and the thank-you. Cairn's form must add no violation in any of them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../../../scripts/browser/axe.js';
import { launchChromium, openPage } from '../../../scripts/browser/chromium.js';
import { ensureEmbedBuilt } from '../../../scripts/browser/servers.js';
import { startReceiver } from '../../receiver/src/receiver.js';
import { startLandingPage } from '../server.mjs';

let browser: Browser;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let site: Awaited<ReturnType<typeof startLandingPage>>;
let dir: string;

beforeAll(async () => {
  ensureEmbedBuilt();
  dir = await mkdtemp(join(tmpdir(), 'cairn-a11y-'));
  receiver = await startReceiver({ port: 0, file: join(dir, 'leads.jsonl') });
  site = await startLandingPage({ port: 0, receiverUrl: receiver.url });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The violations of the page now, by state name. */
async function check(page: Page, state: string, found: Record<string, string[]>) {
  found[state] = await axeViolations(page);
}

async function toSecondStep(page: Page) {
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Work email').fill('ada@analytical.example');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Your company' }).waitFor();
}

async function fillSecondStep(page: Page) {
  await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Analytical Engines Ltd');
  await page.getByLabel('Company size').selectOption('1-49');
  await page.getByLabel('Job title').fill('Head of Data');
  await page.getByLabel('Country').selectOption('GB');
  await page.getByLabel(/I agree that Northwind may contact me/).check();
}

describe('accessibility of every state of the demo form (axe-core, Chromium)', () => {
  it('no violation on the first step, its errors, the second step, its errors, a refused delivery, the thank-you', async () => {
    const found: Record<string, string[]> = {};
    for (const refuse of [false, true]) {
      const { context, page } = await openPage(browser);
      try {
        page.setDefaultTimeout(10_000);
        // a receiver that refuses the lead (400): the form says so, and offers no thank-you
        if (refuse) await page.route(`${receiver.url}/**`, (route) => (route.request().method() == 'POST' ? route.fulfill({ status: 400, body: '{}' }) : route.continue()));
        await page.goto(site.url + '/');
        await page.getByLabel('Work email').waitFor();
        if (!refuse) {
          await check(page, 'first step', found);
          await page.getByRole('button', { name: 'Next' }).click();
          await page.getByText(/Work email: /).waitFor({ state: 'attached' });
          await check(page, 'first step, errors', found);
        }
        await toSecondStep(page);
        if (!refuse) {
          await check(page, 'second step', found);
          await page.getByRole('button', { name: /Request|Submit|Book/ }).click();
          await page.getByText(/Company size: /).waitFor({ state: 'attached' });
          await check(page, 'second step, errors', found);
        }
        await fillSecondStep(page);
        await page.getByRole('button', { name: /Request|Submit|Book/ }).click();
        if (refuse) {
          await page.getByText(/couldn.t accept your details/).waitFor();
          await check(page, 'delivery refused', found);
        } else {
          await page.getByRole('heading', { name: /Thank|great fit/ }).waitFor();
          await check(page, 'thank-you', found);
        }
      } finally {
        await context.close();
      }
    }
    console.log(`axe: ${Object.keys(found).length} states checked: ${Object.keys(found).join(', ')}`);
    expect(Object.keys(found)).toHaveLength(6);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((state) => [state, []])));
  }, 120_000);
});
