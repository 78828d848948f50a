import { describe, expect, it } from 'vitest';
import { checkResponse } from '../src/testing.ts';

const acmeRetail = {
  id: 'acme-retail',
  name: 'Acme Retail',
  status: true,
  publishable_key: 'pk_a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4',
  secret_key: 'sk_f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3',
  domain: 'acme-retail.com',
  email: 'ops@acme-retail.com',
  phone: '+1-555-0123',
  website: 'https://acme-retail.com',
  timezone: 'America/Los_Angeles',
  global_name: 'acmeRetail',
  company_id: 'cmp_7kH3nPqR',
  agency_id: null,
  api_metadata: {},
  ghl_location_id: null,
  proxy_api_key: null,
  created_at: '2024-03-21T18:42:15.291Z',
  updated_at: '2024-03-21T18:42:15.291Z',
};
const json = 'application/json; charset=utf-8';

describe('checkResponse', () => {
  it.each([
    {
      given: 'the seed answer of Update client',
      status: 200,
      body: { success: true, data: acmeRetail },
    },
    {
      given: 'the seed 400 envelope',
      status: 400,
      body: {
        error: 'Bad Request',
        message: 'The request contains invalid parameters or malformed data',
        code: 400,
        details: [{ field: 'email', message: 'Invalid email format' }],
      },
    },
    {
      given: 'the seed 404 envelope',
      status: 404,
      body: { error: 'Not Found', message: 'The requested resource was not found', code: 404 },
    },
  ])('accepts $given', ({ status, body }) => {
    const answer = { method: 'patch', path: '/clients/{id}', status, contentType: json, body };

    expect(checkResponse(answer)).toEqual([]);
  });

  it.each([
    {
      given: 'a client without its secret key',
      status: 200,
      body: { success: true, data: { ...acmeRetail, secret_key: undefined } },
      want: "must have required property 'secret_key'",
    },
    {
      given: 'a malformed secret key',
      status: 200,
      body: { success: true, data: { ...acmeRetail, secret_key: 'sk_short' } },
      want: 'body/data/secret_key must match pattern',
    },
    {
      given: 'an error without code',
      status: 404,
      body: { error: 'Not Found', message: 'gone' },
      want: "must have required property 'code'",
    },
    { given: 'an undeclared status', status: 418, body: {}, want: 'does not declare status 418' },
  ])('rejects $given', ({ status, body, want }) => {
    const answer = { method: 'patch', path: '/clients/{id}', status, contentType: json, body };

    expect(checkResponse(answer).join('\n')).toContain(want);
  });

  it('rejects an undeclared media type', () => {
    const answer = {
      method: 'get',
      path: '/health',
      status: 200,
      contentType: 'text/html',
      body: '',
    };

    expect(checkResponse(answer)).toEqual([expect.stringContaining('text/html')]);
  });

  it('rejects an operation the contract does not have', () => {
    const answer = {
      method: 'put',
      path: '/clients/{id}',
      status: 200,
      contentType: json,
      body: {},
    };

    expect(checkResponse(answer)).toEqual([
      'PUT /clients/{id} is not an operation of the contract',
    ]);
  });
});
