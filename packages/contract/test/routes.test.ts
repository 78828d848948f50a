import { describe, expect, it } from 'vitest';
import { locate, matchRoute, resolveRef, routes } from '../src/routes.ts';

describe('matchRoute', () => {
  it.each([
    { given: '/health', template: '/health', allow: 'GET, HEAD' },
    { given: '/clients', template: '/clients', allow: 'GET, HEAD, POST' },
    { given: '/clients/', template: '/clients', allow: 'GET, HEAD, POST' },
    { given: '/clients/acme-retail', template: '/clients/{id}', allow: 'GET, HEAD, PATCH, DELETE' },
    {
      given: '/clients/acme-retail/',
      template: '/clients/{id}',
      allow: 'GET, HEAD, PATCH, DELETE',
    },
    { given: '/clients/x/rotate-keys', template: '/clients/{id}/rotate-keys', allow: 'POST' },
  ])('matches $given to $template', ({ given, template, allow }) => {
    expect(matchRoute(given)).toMatchObject({ template, allow });
  });

  // A template parameter stands for one segment, never for a slash or for nothing.
  it.each(['/', '/nope', '/clients//', '/clients/a/b', '/clients//rotate-keys', '/healthz'])(
    'matches no route for %s',
    (given) => {
      expect(matchRoute(given)).toBeUndefined();
    },
  );
});

describe('routes', () => {
  it('lists methods in the spec order, with the facts of each operation', () => {
    const clientById = routes.find((route) => route.template === '/clients/{id}');

    expect(clientById?.methods).toEqual(['GET', 'PATCH', 'DELETE']);
    expect(clientById?.operations.PATCH).toMatchObject({
      operationId: 'updateClient',
      secured: true,
      bodyRequired: true,
      mediaTypes: ['application/json', 'application/merge-patch+json'],
    });
  });

  it('needs no credential for Health and takes no body there', () => {
    expect(matchRoute('/health')?.operations.GET).toMatchObject({
      operationId: 'getHealth',
      secured: false,
      bodyRequired: false,
      mediaTypes: [],
    });
  });
});

describe('resolveRef', () => {
  it('follows a local $ref to the node it names', () => {
    const limit = resolveRef({ $ref: '#/components/parameters/Limit' });

    expect(limit).toMatchObject({ name: 'limit', in: 'query' });
  });

  it('gives back a node that is not a reference', () => {
    const node = { name: 'inline' };

    expect(resolveRef(node)).toBe(node);
  });

  it('locates through $refs and says where it ended', () => {
    const located = locate(['paths', '/clients/{id}', 'get', 'responses', '404']);

    expect(located.path).toEqual(['components', 'responses', 'NotFound']);
    expect(located.node).toHaveProperty('content');
  });
});
