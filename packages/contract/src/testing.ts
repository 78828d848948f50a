// Checks an answer of the API against the bundled spec, for the tests of every package:
// the server, the client and the mock must all answer what the contract promises.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { locate, type SpecNode, spec } from './routes.ts';

export interface AnswerToCheck {
  /** Lower-case HTTP method, such as `patch`. */
  method: string;
  /** The spec's path template, such as `/clients/{id}`. */
  path: string;
  status: number;
  /** The `Content-Type` header of the answer, if any. */
  contentType?: string | null;
  body: unknown;
}

const SPEC_ID = 'mythic-openapi';
const ajv = new Ajv2020({ allErrors: true, strict: false });
// ajv-formats is CommonJS; under ESM its plugin may arrive wrapped in `default`.
const addFormats = (addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default;
(addFormats ?? addFormatsPlugin)(ajv);
ajv.addSchema(spec, SPEC_ID);

const escapeKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The ways an answer breaks the contract; an empty list when it conforms.
 * Checks that the status is declared, that the media type is one the response has, and that
 * the body matches that media type's schema.
 */
export function checkResponse(answer: AnswerToCheck): string[] {
  const label = `${answer.method.toUpperCase()} ${answer.path}`;
  const operation = locate(['paths', answer.path, answer.method]);
  if (!operation.node) return [`${label} is not an operation of the contract`];

  const response = locate([...operation.path, 'responses', String(answer.status)]);
  if (!response.node) return [`${label} does not declare status ${answer.status}`];

  const content = (response.node.content ?? {}) as SpecNode;
  if (Object.keys(content).length === 0) return [];
  const mediaType = (answer.contentType ?? '').split(';')[0]?.trim() ?? '';
  if (!(mediaType in content)) {
    return [`${label} ${answer.status}: Content-Type "${mediaType}" is not declared`];
  }

  const schemaPath = [...response.path, 'content', mediaType, 'schema'];
  const validate = ajv.compile({ $ref: `${SPEC_ID}#/${schemaPath.map(escapeKey).join('/')}` });
  if (validate(answer.body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${label} ${answer.status}: body${error.instancePath} ${error.message}`,
  );
}
