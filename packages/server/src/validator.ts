// express-openapi-validator configured from the bundled contract: requests (bodies, parameters,
// headers, credentials) always, responses when enabled.
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { matchesAnyKey } from './keys.ts';

export interface ValidatorOptions {
  document: Record<string, unknown>;
  adminKeys: readonly string[];
  validateResponses: boolean;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The credential a request presents, from `Authorization: Bearer` or else `X-API-Key`. */
export function presentedCredential(headers: {
  authorization?: string | undefined;
  'x-api-key'?: string | string[] | undefined;
}): string | undefined {
  const bearer = BEARER.exec(headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}

export function openApiValidator(options: ValidatorOptions): RequestHandler[] {
  const isAdmin = (credential: string | undefined) =>
    credential !== undefined && matchesAnyKey(credential, options.adminKeys);

  return OpenApiValidator.middleware({
    // The validator annotates the document it is given; it gets a copy of its own.
    apiSpec: structuredClone(options.document) as never,
    validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
    validateResponses: options.validateResponses,
    validateFormats: true,
    ajvFormats: { mode: 'full' },
    validateSecurity: {
      handlers: {
        bearerAuth: (req) => isAdmin(BEARER.exec(req.headers.authorization ?? '')?.[1]),
        apiKeyAuth: (req) =>
          isAdmin(presentedCredential({ 'x-api-key': req.headers['x-api-key'] })),
      },
    },
    // Unknown paths and methods are answered earlier, by the route guard.
    ignoreUndocumented: true,
  }) as RequestHandler[];
}
