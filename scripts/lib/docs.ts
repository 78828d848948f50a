// Renders the bundled spec into the reference docs: one HTML page that works offline, stamped
// with the hash of what it was built from so that an up-to-date page is not built again.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { specPath as bundledSpecPath, docsPath } from '../../packages/contract/src/index.ts';
import { redoclyBin, repoRoot } from './paths.ts';

const run = promisify(execFile);

/** The page is served at /docs; Redoc's routes (one per tag and operation) live below it. */
export const DOCS_BASE_PATH = '/docs';

// Redoc options (Redocly's `openapi` settings): links below /docs, samples expanded whole.
const REDOC_OPTIONS = [
  `--openapi.basePath=${DOCS_BASE_PATH}`,
  '--openapi.jsonSamplesExpandLevel=all',
];

// Redoc's sidebar loads the Redocly logo from its CDN; offline it must come from the page.
const REDOCLY_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const OFFLINE_LOGO =
  'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%2248%22 ' +
  'height=%2214%22%3E%3Ctext x=%220%22 y=%2211%22 font-size=%2211%22 ' +
  'font-family=%22sans-serif%22%3ERedocly%3C/text%3E%3C/svg%3E';

// With telemetry off, the CLI builds a page whose Redoc reports nothing to Redocly.
const TELEMETRY_OFF = { REDOCLY_TELEMETRY: 'off' };

const STAMP_NAME = 'mythic-docs-source-sha256';
const STAMP = new RegExp(`<meta name="${STAMP_NAME}" content="([0-9a-f]{64})">`);

export interface DocsResult {
  path: string;
  /** False when the page was up to date and left as it was. */
  built: boolean;
  bytes: number;
}

/** Hash of the spec and of the options it is rendered with: what the page depends on. */
async function sourceHash(): Promise<string> {
  const spec = await readFile(bundledSpecPath);
  const buildInputs = JSON.stringify([REDOC_OPTIONS, OFFLINE_LOGO, TELEMETRY_OFF]);
  return createHash('sha256').update(spec).update(buildInputs).digest('hex');
}

/** The stamp of the page on disk, read from its head only (the page is ~2.5 MB). */
async function stampOnDisk(): Promise<string | undefined> {
  const file = await open(docsPath, 'r').catch(() => undefined);
  if (!file) return undefined;
  try {
    const head = Buffer.alloc(2048);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return STAMP.exec(head.subarray(0, bytesRead).toString('utf8'))?.[1];
  } finally {
    await file.close();
  }
}

// Hosts that serve scripts, styles, fonts and icons to pages. A URL of theirs anywhere in the
// page, even a bare base URL that code completes (`${base}/${name}.svg`), is a load waiting to
// happen, so it counts whatever its context.
const CDN_LABELS = [String.raw`[\w-]*cdn[\w-]*`, 'jsdelivr', 'unpkg', 'esm', 'skypack', 'fonts'];
const CDN_HOST = String.raw`(?:[\w-]+\.)*(?:${CDN_LABELS.join('|')})(?:\.[\w-]+)+(?::\d+)?`;
const CDN_URL = new RegExp(String.raw`(https?:\/\/${CDN_HOST}(?:[/?#][^\s"'\`()<>\\]*)?)`, 'gi');

// Icon bases of Redoc's icon component (`url(${base}/regular/${name}.svg)`), which this page
// never renders: Chromium requests nothing from them with every tag opened, every button and tab
// clicked and the page scrolled through, served by the server or opened from disk.
const UNUSED_CDN_BASES = new Set([
  'https://cdn.redocly.com/icons/fa/7.0.0',
  'https://cdn.redocly.com/icons/code/5.24.0',
]);

/**
 * URLs of other hosts the page would load from: `src` attributes, `<link href>`, CSS `url()`
 * and `@import`, module imports, any URL of a script, style, font or image file, and any URL on
 * a CDN host. Plain links (`<a href>`) to other hosts load nothing until a reader follows them.
 */
export function findRemoteAssets(html: string): string[] {
  const patterns = [
    /\bsrc\s*=\s*["'`]?(https?:\/\/[^"'`\s>]+)/gi,
    /<link\b[^>]*\bhref\s*=\s*["']?(https?:\/\/[^"'\s>]+)/gi,
    /url\(\s*["']?(https?:\/\/[^"')\s]+)/gi,
    /@import\s+["'](https?:\/\/[^"']+)/gi,
    /\b(?:import|from)\s*\(?\s*["'`](https?:\/\/[^"'`]+)/gi,
    /(https?:\/\/[^\s"'`()<>]+\.(?:m?js|css|woff2?|ttf|otf|svg|png|jpe?g|gif|webp|ico))\b/gi,
    CDN_URL,
  ];
  const found = patterns.flatMap((pattern) => [...html.matchAll(pattern)].map((m) => m[1] ?? ''));
  return [...new Set(found)].filter((url) => !UNUSED_CDN_BASES.has(url));
}

async function renderPage(outputPath: string): Promise<void> {
  const args = ['build-docs', bundledSpecPath, '--inlineBundle', '-o', outputPath];
  const env = { ...process.env, ...TELEMETRY_OFF };
  await run(redoclyBin, [...args, ...REDOC_OPTIONS], { cwd: repoRoot, env });
}

/** The rendered page made self-contained and stamped with the hash it was built from. */
function finishPage(html: string, hash: string): string {
  const offline = html.replace(REDOCLY_LOGO, OFFLINE_LOGO);
  const remote = findRemoteAssets(offline);
  if (remote.length > 0) {
    throw new Error(`The docs would load from other hosts: ${remote.join(', ')}`);
  }
  return offline.replace('<head>', `<head>\n  <meta name="${STAMP_NAME}" content="${hash}">`);
}

/** Builds the docs at docsPath; with ifStale, only when the spec changed since the last build. */
export async function buildDocs({ ifStale = false } = {}): Promise<DocsResult> {
  const hash = await sourceHash();
  if (ifStale && (await stampOnDisk()) === hash) {
    return { path: docsPath, built: false, bytes: (await stat(docsPath)).size };
  }

  await mkdir(dirname(docsPath), { recursive: true });
  const draft = `${docsPath}.${process.pid}.tmp`;
  try {
    await renderPage(draft);
    const page = finishPage(await readFile(draft, 'utf8'), hash);
    await writeFile(draft, page);
    // A rename, so that a server reading the page never sees half of it.
    await rename(draft, docsPath);
    return { path: docsPath, built: true, bytes: Buffer.byteLength(page) };
  } finally {
    await rm(draft, { force: true });
  }
}
