// Database refusals a client's value could still cause, should one pass every field rule, map to
// a 400 rather than a 500.
import { describe, expect, it } from 'vitest';
import { toApiError } from '../src/errors.ts';

describe('toApiError', () => {
  it.each([
    ['22021', 'The request holds a character that cannot be stored (such as NUL)'],
    ['22P05', 'The request holds a character that cannot be stored (such as NUL)'],
    ['22003', 'The request holds a number out of range'],
  ])('answers 400 to PostgreSQL error %s', (code, message) => {
    const error = toApiError(Object.assign(new Error('from the driver'), { code }));
    expect(error.toEnvelope()).toEqual({ error: 'Bad Request', message, code: 400 });
  });

  it('answers 500 to any other driver error', () => {
    expect(toApiError(Object.assign(new Error('x'), { code: '23505' })).status).toBe(500);
  });
});

describe('toApiError of a body parser refusal', () => {
  const refusal = (fields: object) => Object.assign(new Error('refused as sent'), fields);

  it.each([
    [{ status: 415, expose: true, type: 'encoding.unsupported' }, 415],
    [{ statusCode: 400, expose: true, type: 'stream.encoding.set' }, 400],
    [{ status: 411, expose: true }, 411],
    [{ status: 415, expose: false }, 500],
    [{ status: 502, expose: true }, 500],
  ])('maps %j to %i', (fields, status) => {
    const error = toApiError(refusal(fields));
    expect(error.status).toBe(status);
    if (status < 500) expect(error.toEnvelope().message).toBe('refused as sent');
  });
});
