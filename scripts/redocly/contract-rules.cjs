// Lint rules of this contract that Redocly's built-in rules do not express.
// Loaded by redocly.yaml; each rule reports through Redocly, so it counts as a lint error.

const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
const SHARED_RESPONSE = /(^#\/components\/responses\/|components\/responses\/)[A-Za-z]+(\.yaml)?$/;
const ENVELOPE_SCHEMA = /(^#\/components\/schemas\/ErrorEnvelope|ErrorEnvelope\.yaml)$/;

/** operationId must be camelCase, as the client and the docs show it. */
function operationIdCamelCase() {
  return {
    Operation(operation, ctx) {
      if (operation.operationId && !CAMEL_CASE.test(operation.operationId)) {
        ctx.report({
          message: `operationId "${operation.operationId}" must be camelCase.`,
          location: ctx.location.child('operationId'),
        });
      }
    },
  };
}

/** Every 4xx and 5xx answer is a shared response component carrying the error envelope. */
function errorResponsesUseEnvelope() {
  return {
    Operation(operation, ctx) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!/^[45]/.test(status)) continue;
        const location = ctx.location.child(['responses', status]);

        if (!response.$ref || !SHARED_RESPONSE.test(response.$ref)) {
          ctx.report({
            message: `The ${status} response must $ref a shared component of components/responses.`,
            location,
          });
          continue;
        }

        const { node } = ctx.resolve(response);
        const mediaTypes = Object.keys(node?.content ?? {});
        const schema = node?.content?.['application/json']?.schema;
        const isEnvelope = ENVELOPE_SCHEMA.test(schema?.$ref ?? '');
        if (mediaTypes.join() !== 'application/json' || !isEnvelope) {
          ctx.report({
            message: `The ${status} response must be application/json with the ErrorEnvelope.`,
            location,
          });
        }
      }
    },
  };
}

/** Request bodies and answers carry examples: the mock and the docs are built from them. */
function operationExamples() {
  const hasExamples = (mediaType) => mediaType?.example !== undefined || mediaType?.examples;
  return {
    Operation(operation, ctx) {
      const bodies = Object.entries(ctx.resolve(operation.requestBody ?? {}).node?.content ?? {});
      for (const [mediaType, content] of bodies) {
        if (!hasExamples(content)) {
          ctx.report({
            message: `The ${mediaType} request body needs an example.`,
            location: ctx.location.child(['requestBody', 'content', mediaType]),
          });
        }
      }

      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const { node } = ctx.resolve(response);
        for (const [mediaType, content] of Object.entries(node?.content ?? {})) {
          if (!hasExamples(content)) {
            ctx.report({
              message: `The ${status} ${mediaType} response needs an example.`,
              location: ctx.location.child(['responses', status]),
            });
          }
        }
      }
    },
  };
}

module.exports = function contractRules() {
  return {
    id: 'contract',
    rules: {
      oas3: {
        'operation-id-camel-case': operationIdCamelCase,
        'error-responses-use-envelope': errorResponsesUseEnvelope,
        'operation-examples': operationExamples,
      },
    },
  };
};
