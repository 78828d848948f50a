// Handlers of the Clients tag. The validator has checked every request against the spec before
// a handler runs; handlers add the rules a schema cannot state and talk to the repositories.
import type { ClientPatch, RotateKeysRequest } from '@mythic-analytics/contract';
import { type Request, type Response, Router } from 'express';
import { type ClientsService, clientAnswer } from '../clients-service.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import {
  type ClientRow,
  type ClientsRepository,
  type Precondition,
  toClient,
  type WriteOutcome,
} from '../db/clients-repository.ts';
import { ApiError } from '../errors.ts';
import { parseIfMatch } from '../etag.ts';
import { checkFieldRules } from '../field-rules.ts';
import { issueKey } from '../keys.ts';
import type { OperationHandler } from './types.ts';

const DEFAULT_PAGE_SIZE = 20;

function preconditionOf(req: Request): Precondition {
  const ifMatch = req.get('If-Match');
  return ifMatch === undefined ? 'any' : parseIfMatch(ifMatch);
}

/** The written row, or the 404 or 412 that explains why nothing was written. */
function writtenRow(outcome: WriteOutcome): ClientRow {
  if ('row' in outcome) return outcome.row;
  if (outcome.failure === 'not-found') throw new ApiError(404);
  throw new ApiError(412, undefined, {
    details: [{ field: 'If-Match', message: 'Does not match the current ETag' }],
  });
}

function sendClient(res: Response, row: ClientRow, status = 200): void {
  const { body, etag } = clientAnswer(row);
  res.status(status).set('ETag', etag).json(body);
}

export function clientsRoutes(clients: ClientsRepository, service: ClientsService): Router {
  const listClients: OperationHandler<'listClients'> = async (req, res) => {
    const { cursor, status, company_id, agency_id } = req.query;
    const limit = req.query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(req.query.limit);
    const rows = await clients.list({
      limit: limit + 1,
      ...(cursor === undefined ? {} : { after: decodeCursor(cursor) }),
      // The validator may already have turned the string into a boolean.
      ...(status === undefined ? {} : { status: String(status) === 'true' }),
      companyId: company_id,
      agencyId: agency_id,
    });

    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const hasMore = rows.length > limit && last !== undefined;
    res.json({
      success: true,
      data: page.map(toClient),
      pagination: {
        limit,
        has_more: hasMore,
        next_cursor: hasMore ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
      },
    });
  };

  const createClient: OperationHandler<'createClient'> = async (req, res) => {
    checkFieldRules(req.body);
    const answer = await service.create(req.body, req.get('Idempotency-Key'));
    res
      .status(answer.status)
      .set(answer.headers)
      .json(answer.body as never);
  };

  const getClient: OperationHandler<'getClient'> = async (req, res) => {
    const row = await clients.find(req.params.id);
    if (!row) throw new ApiError(404);
    sendClient(res, row);
  };

  const updateClient: OperationHandler<'updateClient'> = async (req, res) => {
    const patch: ClientPatch = req.body;
    checkFieldRules(patch);
    const outcome = await clients.patch(req.params.id, patch, preconditionOf(req), Date.now());
    sendClient(res, writtenRow(outcome));
  };

  const deleteClient: OperationHandler<'deleteClient'> = async (req, res) => {
    const row = writtenRow(await clients.remove(req.params.id, preconditionOf(req)));
    res.json({ success: true, data: { id: row.id, deleted: true } });
  };

  const rotateClientKeys: OperationHandler<'rotateClientKeys'> = async (req, res) => {
    const keys: RotateKeysRequest['keys'] = req.body?.keys ?? 'secret';
    const columns = {
      ...(keys === 'secret' ? {} : { publishable_key: issueKey('publishable') }),
      ...(keys === 'publishable' ? {} : { secret_key: issueKey('secret') }),
    };
    const outcome = await clients.update(req.params.id, columns, 'any', Date.now());
    sendClient(res, writtenRow(outcome));
  };

  return Router()
    .get('/clients', listClients)
    .post('/clients', createClient)
    .get('/clients/:id', getClient)
    .patch('/clients/:id', updateClient)
    .delete('/clients/:id', deleteClient)
    .post('/clients/:id/rotate-keys', rotateClientKeys);
}
