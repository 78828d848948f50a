// The reference docs in a real browser: headless Chromium opens /docs from a running server and
// finds every operation of the contract and both ways to authenticate, with nothing loaded from
// another host.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docsPath, specPath } from '@mythic-analytics/contract';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDocs, findRemoteAssets } from '../../../scripts/lib/docs.ts';
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

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** A heading whose whole text is `text`. */
function headingOf(page: Page, text: string) {
  return page.locator('h1, h2, h3').filter({ hasText: exactly(text) });
}

/**
 * Redoc 3 shows the operations of one tag at a time, and no option changes that: a tag's
 * section opens with its "+ Show" button, as a reader would open it.
 */
async function openTag(page: Page, tag: string): Promise<void> {
  const section = page
    .locator('[data-section-id]')
    .filter({ has: headingOf(page, tag) })
    .first();
  const show = section.getByRole('button', { name: '+ Show' });
  // A click that lands while Redoc re-renders the section is lost; the caller polls again.
  if (await show.isVisible()) await show.click({ timeout: 2_000 }).catch(() => undefined);
}

/**
 * Opens the tag (again, until the page has hydrated and the click takes), scrolls to the
 * operation (Redoc mounts a section only near the viewport), then looks for the target in it.
 */
async function showsInOperation(page: Page, operation: DocumentedOperation, target: string) {
  await openTag(page, operation.tag);
  const section = operationSection(page, operation.operationId).first();
  if ((await section.count()) === 0) return false;
  await section.scrollIntoViewIfNeeded({ timeout: 2_000 }).catch(() => undefined);
  return section.getByText(exactly(target)).first().isVisible();
}

/** Redoc gives each operation a section whose id ends with its operationId in lower case. */
function operationSection(page: Page, operationId: string) {
  return page.locator(`[data-section-id$="/${operationId.toLowerCase()}"]`);
}

describe('the built reference docs', () => {
  it('name no other host to load a script, style, font or image from', async () => {
    await buildDocs({ ifStale: true });

    expect(findRemoteAssets(await readFile(docsPath, 'utf8'))).toEqual([]);
  });

  it('would catch a page that loads Redoc from its CDN', () => {
    const cdn = 'https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js';
    const page = `<link rel="modulepreload" href="${cdn}"><script type="module">
      import { hydrate } from "${cdn}";</script>`;

    expect(findRemoteAssets(page)).toEqual([cdn]);
  });
});

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
    page.on('response', (response) => {
      if (response.status() >= 400) pageErrors.push(`${response.status()} ${response.url()}`);
    });
    // A request refused by the page's Content-Security-Policy shows only on the console. Failed
    // loads are counted from the responses above: Chromium's own favicon request, which 404s,
    // is not the page's and is not reported as a response.
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !text.startsWith('Failed to load resource')) {
        pageErrors.push(text);
      }
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
      const message = `${operation.operationId}: "${operation.summary}" is not visible`;
      await expect
        .poll(() => showsInOperation(page, operation, operation.summary), { message })
        .toBe(true);
    }
  });

  it('shows both ways to authenticate', async () => {
    const [secured] = (await documentedOperations()).filter((op) => op.operationId !== 'getHealth');
    if (!secured) throw new Error('The contract has no operation behind credentials');

    for (const scheme of ['bearerAuth', 'apiKeyAuth']) {
      const message = `${scheme} is not shown on ${secured.operationId}`;
      await expect.poll(() => showsInOperation(page, secured, scheme), { message }).toBe(true);
    }
    // What a reader sees at the top of that operation: its summary, credentials and samples.
    await operationSection(page, secured.operationId)
      .first()
      .evaluate((el) => el.scrollIntoView());
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'docs.png') });
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
