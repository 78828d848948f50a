// express-openapi-validator configured from the bundled contract: request bodies, parameters
// and headers always, responses when enabled. Credentials are checked earlier (auth.ts), before
// any body is read.
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

export interface ValidatorOptions {
  document: Record<string, unknown>;
  validateResponses: boolean;
}

export function openApiValidator(options: ValidatorOptions): RequestHandler[] {
  return OpenApiValidator.middleware({
    // The validator annotates the document it is given; it gets a copy of its own.
    apiSpec: structuredClone(options.document) as never,
    validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
    validateResponses: options.validateResponses,
    validateFormats: true,
    ajvFormats: { mode: 'full' },
    validateSecurity: false,
    // Unknown paths and methods are answered earlier, by the route guard.
    ignoreUndocumented: true,
  }) as RequestHandler[];
}
