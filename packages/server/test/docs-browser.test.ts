// The reference docs in a real browser: headless Chromium opens /docs from a running server and
// finds every operation of the contract and both ways to authenticate, with nothing loaded from
// another host.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specPath } from '@mythic-analytics/contract';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDocs } from '../../../scripts/lib/docs.ts';
import { type RunningServer, startServer } from '../src/index.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const screenshotDir = fileURLToPath(new URL('../../../test-results/docs/', import.meta.url));

interface DocumentedOperation {
  operationId: string;
  summary: string;
  tag: string;
}

type SpecNode = Record<
  string,
  Record<string, { operationId?: string; summary?: string; tags?: string[] }>
>;

/** Every operation of the bundled spec with the summary and tag the page should show. */
async function documentedOperations(): Promise<DocumentedOperation[]> {
  const spec = parse(await readFile(specPath, 'utf8')) as { paths: SpecNode };
  return Object.values(spec.paths).flatMap((pathItem) =>
    Object.values(pathItem)
      .filter((operation) => typeof operation?.operationId === 'string')
      .map((operation) => ({
        operationId: String(operation.operationId),
        summary: String(operation.summary),
        tag: String(operation.tags?.[0]),
      })),
  );
}

/** Redoc shows the operations of one tag at a time: its section opens with "+ Show". */
async function openTag(page: Page, tag: string): Promise<void> {
  const section = page
    .locator('[data-section-id]')
    .filter({ has: page.getByRole('heading', { name: tag, exact: true }) })
    .first();
  const show = section.getByRole('button', { name: '+ Show' });
  if (await show.isVisible()) await show.click();
}

function operationSection(page: Page, operationId: string) {
  return page.locator(`[data-section-id$="/${operationId.toLowerCase()}"]`);
}

const title = hasChromium
  ? 'the reference docs in Chromium'
  : `the reference docs in Chromium (skipped: ${CHROMIUM} is absent; apt-get install chromium)`;

describe.skipIf(!hasChromium)(title, () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await buildDocs({ ifStale: true });
    dataDir = await mkdtemp(join(tmpdir(), 'mythic-docs-browser-'));
    server = await startServer({
      port: 0,
      databaseUrl: `sqlite:${join(dataDir, 'api.db')}`,
      adminKeys: ['docs-browser-admin-key'],
    });
    browser = await chromium.launchPersistentContext(join(dataDir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A resource refused by the page's Content-Security-Policy shows only on the console.
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${server.origin}/docs`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the summary of every operation of the contract', async () => {
    const operations = await documentedOperations();
    expect(operations.length).toBeGreaterThan(0);

    for (const operation of operations) {
      await openTag(page, operation.tag);
      const heading = operationSection(page, operation.operationId).getByRole('heading', {
        name: operation.summary,
        exact: true,
      });
      await expect.poll(() => heading.first().isVisible(), { timeout: 10_000 }).toBe(true);
    }
  });

  it('shows both ways to authenticate', async () => {
    const [secured] = (await documentedOperations()).filter((op) => op.operationId !== 'getHealth');
    if (!secured) throw new Error('The contract has no operation behind credentials');
    await openTag(page, secured.tag);
    const section = operationSection(page, secured.operationId);

    for (const scheme of ['bearerAuth', 'apiKeyAuth']) {
      await expect.poll(() => section.getByText(scheme).first().isVisible()).toBe(true);
    }
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'docs.png'), fullPage: true });
  });

  it('loads nothing from another host, and the page runs without errors', () => {
    const elsewhere = requested.filter(
      (url) => !url.startsWith(`${server.origin}/`) && !/^(data|blob):/.test(url),
    );

    expect(requested).toContain(`${server.origin}/docs`);
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
