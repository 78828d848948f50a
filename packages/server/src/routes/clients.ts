// Handlers of the Clients tag. The validator and the field rules have checked every request
// before a handler runs; a handler reads the request, calls the service and writes the answer.
import type { RotateKeysRequest } from '@mythic-analytics/contract';
import { type Request, type Response, Router } from 'express';
import { callerScopeOf } from '../auth.ts';
import type { ClientAnswer, ClientsService } from '../clients-service.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { type Precondition, toClient } from '../db/clients-repository.ts';
import { parseIfMatch } from '../etag.ts';
import type { KeyKind } from '../keys.ts';
import type { OperationHandler } from './types.ts';

const ROTATED: Record<NonNullable<RotateKeysRequest['keys']>, KeyKind[]> = {
  secret: ['secret'],
  publishable: ['publishable'],
  both: ['publishable', 'secret'],
};

function preconditionOf(req: Request): Precondition {
  const ifMatch = req.get('If-Match');
  return ifMatch === undefined ? 'any' : parseIfMatch(ifMatch);
}

function sendClient(res: Response, { body, etag }: ClientAnswer): void {
  res.status(200).set('ETag', etag).json(body);
}

function listClients(service: ClientsService, defaultPageSize: number) {
  const handler: OperationHandler<'listClients'> = async (req, res) => {
    const { cursor, status, company_id, agency_id } = req.query;
    const limit = req.query.limit === undefined ? defaultPageSize : Number(req.query.limit);
    const { page, hasMore } = await service.list({
      limit,
      ...(cursor === undefined ? {} : { after: decodeCursor(cursor) }),
      // The validator may already have turned the string into a boolean.
      ...(status === undefined ? {} : { status: String(status) === 'true' }),
      companyId: company_id,
      agencyId: agency_id,
    });

    const last = page.at(-1);
    const next = hasMore && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null;
    res.json({
      success: true,
      data: page.map(toClient),
      pagination: { limit, has_more: next !== null, next_cursor: next },
    });
  };
  return handler;
}

function createClient(service: ClientsService): OperationHandler<'createClient'> {
  return async (req, res) => {
    const key = req.get('Idempotency-Key');
    const scoped = key === undefined ? undefined : { scope: callerScopeOf(res), key };
    const answer = await service.create(req.body, scoped);
    res
      .status(answer.status)
      .set(answer.headers)
      .json(answer.body as never);
  };
}

/** Get client: 304 without a body when If-None-Match names the current version (`req.fresh`). */
function getClient(service: ClientsService): OperationHandler<'getClient'> {
  return async (req, res) => {
    const answer = await service.find(req.params.id);
    res.set('ETag', answer.etag);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    sendClient(res, answer);
  };
}

function updateClient(service: ClientsService): OperationHandler<'updateClient'> {
  return async (req, res) => {
    sendClient(res, await service.patch(req.params.id, req.body, preconditionOf(req)));
  };
}

function deleteClient(service: ClientsService): OperationHandler<'deleteClient'> {
  return async (req, res) => {
    const row = await service.remove(req.params.id, preconditionOf(req));
    res.json({ success: true, data: { id: row.id, deleted: true } });
  };
}

function rotateClientKeys(service: ClientsService): OperationHandler<'rotateClientKeys'> {
  return async (req, res) => {
    const kinds = ROTATED[req.body?.keys ?? 'secret'];
    sendClient(res, await service.rotateKeys(req.params.id, kinds, preconditionOf(req)));
  };
}

export function clientsRoutes(service: ClientsService, defaultPageSize: number): Router {
  return Router()
    .get('/clients', listClients(service, defaultPageSize))
    .post('/clients', createClient(service))
    .get('/clients/:id', getClient(service))
    .patch('/clients/:id', updateClient(service))
    .delete('/clients/:id', deleteClient(service))
    .post('/clients/:id/rotate-keys', rotateClientKeys(service));
}
