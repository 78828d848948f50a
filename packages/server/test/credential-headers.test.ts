// A credential header sent more than once answers 401, whichever header it is and whatever it
// carries: Node joins repeated X-API-Key lines and keeps the first Authorization line, and a
// proxy in front may pick another copy, so no copy is trusted.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

const BEARER = `Bearer ${ADMIN_KEY}`;

/** The status and envelope of GET /clients sent with `headers`, lines as given (rawHeaders). */
function getClients(baseUrl: string, headers: string[]) {
  return new Promise<{ status: number; body: { message?: string } }>((resolve, reject) => {
    const url = new URL(`${baseUrl}/clients`);
    // Headers given as lines are sent as they are, without the Host Node would add.
    const request = http.request(url, { headers: ['Host', url.host, ...headers] });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
      );
    });
    request.on('error', reject).end();
  });
}

describe.each(engines)('credential headers on $name', (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(() => api.close());

  it.each([
    {
      given: 'X-API-Key twice, same key',
      headers: ['X-API-Key', ADMIN_KEY, 'X-API-Key', ADMIN_KEY],
    },
    {
      given: 'X-API-Key in two spellings',
      headers: ['X-API-Key', ADMIN_KEY, 'x-api-key', ADMIN_KEY],
    },
    {
      given: 'X-API-Key, then a wrong one',
      headers: ['X-API-Key', ADMIN_KEY, 'X-API-Key', 'nope'],
    },
    {
      given: 'Authorization twice, same key',
      headers: ['Authorization', BEARER, 'Authorization', BEARER],
    },
    {
      given: 'Authorization, then a wrong one',
      headers: ['Authorization', BEARER, 'Authorization', 'Bearer nope'],
    },
  ])('answers 401 to $given', async ({ headers }) => {
    const answer = await getClients(api.server.baseUrl, headers);
    expect(answer.status).toBe(401);
    const [name] = headers;
    expect(answer.body.message).toBe(
      `Send ${name} once; a credential header given more than once is refused`,
    );
  });

  it.each([
    { given: 'Authorization once', headers: ['Authorization', BEARER] },
    { given: 'X-API-Key once', headers: ['X-API-Key', ADMIN_KEY] },
    {
      given: 'each header once',
      headers: ['Authorization', 'Bearer nope', 'X-API-Key', ADMIN_KEY],
    },
  ])('answers 200 to $given', async ({ headers }) => {
    expect((await getClients(api.server.baseUrl, headers)).status).toBe(200);
  });
});
