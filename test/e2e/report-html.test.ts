import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIO, copyFixture, FIXTURES } from '../fixtures/e2e/helpers.js';
import { removeDir, skipUnless, tempDir, type Availability } from './engine.js';

// No engine needed: the report is built from a saved `docker stats` file (the mission fixture, csx-saved).
const CHROMIUM = '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const SERVICES = ['hog70', 'hog40', 'hog20'];
const browser: Availability = existsSync(CHROMIUM) ? { ok: true } : { ok: false, reason: `${CHROMIUM} not found (run \`bash scripts/setup-chromium.sh\` as root)` };

/** What a page did while it loaded: console errors, page errors, failed requests. */
interface Loaded {
  problems: string[];
  bars: Record<string, string[]>;
  labels: string[];
  values: string[];
}

describe.skipIf(skipUnless(browser, 'HTML report in Chromium'))('the HTML report in headless Chromium', () => {
  let dir = '';
  let profile = '';
  let context: BrowserContext;

  beforeAll(async () => {
    dir = await tempDir('report');
    profile = await tempDir('chromium-profile');
    await copyFixture('mission', dir, 'csx-saved');
    await copyFile(join(FIXTURES, 'mission-stats.txt'), join(dir, 'stats.txt'));
    // Playwright takes the profile folder as launchPersistentContext's argument; it refuses --user-data-dir in args.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await context?.close();
    await removeDir(profile);
    await removeDir(dir);
  });

  async function open(file: string, screenshot?: string): Promise<Loaded> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const chart = page.locator('svg#memory-chart');
    await chart.waitFor();
    // One group of bars per service: the rects whose <title> names the service.
    const titles = await chart.locator('rect > title').allTextContents();
    const bars: Record<string, string[]> = {};
    for (const t of titles) (bars[t.split(' ')[0]!] ??= []).push(t);
    const labels = await chart.locator('text.label').allTextContents();
    const values = await chart.locator('text.value').allTextContents();
    if (screenshot) {
      await mkdir(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, screenshot), fullPage: true });
    }
    await page.close();
    return { problems, bars, labels, values };
  }

  function expectMissionChart(l: Loaded): void {
    expect(l.problems).toEqual([]);
    expect(l.labels).toEqual(SERVICES);
    expect(Object.keys(l.bars)).toEqual(SERVICES);
    expect(l.bars.hog70).toEqual(['hog70 before limit 128M', 'hog70 usage 71.03M', 'hog70 after limit 192M', 'hog70 usage 71.03M']);
    expect(l.bars.hog40).toEqual(['hog40 before limit 128M', 'hog40 usage 41.02M', 'hog40 after limit 128M', 'hog40 usage 41.02M']);
    expect(l.values.slice(0, 2)).toEqual(['before: 128M · 55.5%', 'after: 192M · 37%']);
  }

  it('composeshift report --format html: one group of bars per service, no errors, no requests', async () => {
    const c = captureIO(dir);
    expect(await run(['report', '.', '--usage', 'stats.txt', '--format', 'html'], c.io), c.err()).toBe(0);
    expect(c.out()).toMatch(/^<!doctype html>/);
    const file = join(dir, 'report.html');
    await writeFile(file, c.out());
    const l = await open(file, 'report.png');
    expectMissionChart(l);
    expect(existsSync(join(RESULTS, 'report.png'))).toBe(true);
  });

  it('apply --report out.html writes the same page after writing the files', async () => {
    const c = captureIO(dir);
    expect(await run(['apply', '.', '--usage', 'stats.txt', '--report', 'out.html'], c.io), c.err()).toBe(0);
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toContain('memory: 192M   # tier: small');
    const l = await open(join(dir, 'out.html'), 'report-apply.png');
    expectMissionChart(l);
  });
});
