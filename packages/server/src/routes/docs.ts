// The contract for readers, without credentials: the rendered reference at /docs and the
// bundled spec as YAML and JSON.
import { existsSync } from 'node:fs';
import { docsPath as contractDocsPath } from '@mythic-analytics/contract';
import { type Request, Router } from 'express';
import { ApiError } from '../errors.ts';
import type { LoadedSpec } from '../spec.ts';

/**
 * The docs page is one self-contained file with inline scripts and styles; Redoc may start
 * blob: workers. Nothing may load from another host.
 */
const DOCS_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-inline' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const READ_ONLY = 'GET, HEAD';

function methodNotAllowed(req: Request): never {
  throw new ApiError(
    405,
    `${req.method} is not allowed on ${req.path}; allowed methods are ${READ_ONLY}`,
    {
      headers: { Allow: READ_ONLY },
    },
  );
}

export function docsRoutes(spec: LoadedSpec, docsPath = contractDocsPath): Router {
  const json = JSON.stringify(spec.document, null, 2);

  return Router()
    .get('/docs', (_req, res) => {
      if (!existsSync(docsPath)) {
        throw new ApiError(503, 'The reference docs are not built yet; run `pnpm run docs` first');
      }
      res.set('Content-Security-Policy', DOCS_POLICY).sendFile(docsPath);
    })
    .get('/openapi.yaml', (_req, res) => {
      res.type('application/yaml').send(spec.yaml);
    })
    .get('/openapi.json', (_req, res) => {
      res.type('application/json').send(json);
    })
    .all(['/docs', '/openapi.yaml', '/openapi.json'], methodNotAllowed);
}
