// The reference docs' offline check (scripts/lib/docs.ts), which the build and the browser test
// rely on: every way a page can name another host to load from is caught.
import { readFile } from 'node:fs/promises';
import { docsPath } from '@mythic-analytics/contract';
import { describe, expect, it } from 'vitest';
import { buildDocs, findRemoteAssets } from '../../../scripts/lib/docs.ts';

describe('findRemoteAssets', () => {
  it.each([
    [
      'an icon base URL without a file extension, completed by code',
      'icons={"font-awesome":`https://cdn.redocly.com/icons/fa/8.0.0`}',
      ['https://cdn.redocly.com/icons/fa/8.0.0'],
    ],
    [
      'an icon under a base the page may keep',
      'mask:url(https://cdn.redocly.com/icons/fa/7.0.0/regular/copy.svg)',
      ['https://cdn.redocly.com/icons/fa/7.0.0/regular/copy.svg'],
    ],
    [
      'a font stylesheet',
      'const css = "https://fonts.googleapis.com/css2?family=Inter";',
      ['https://fonts.googleapis.com/css2?family=Inter'],
    ],
    ['a package CDN', "load('https://unpkg.com/redoc@2')", ['https://unpkg.com/redoc@2']],
    ['a plain link, which loads nothing', '<a href="https://redocly.com/redoc/">Redoc</a>', []],
    [
      "the icon bases of Redoc's icon component, which the page never renders",
      'x={"font-awesome":`https://cdn.redocly.com/icons/fa/7.0.0`,' +
        'code:`https://cdn.redocly.com/icons/code/5.24.0`}',
      [],
    ],
  ])('given %s', (_, page, want) => {
    expect(findRemoteAssets(page)).toEqual(want);
  });

  it('finds nothing in the built page', async () => {
    await buildDocs({ ifStale: true });

    expect(findRemoteAssets(await readFile(docsPath, 'utf8'))).toEqual([]);
  }, 60_000);
});
