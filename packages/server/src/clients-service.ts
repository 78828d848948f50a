// What the operations of the Clients tag do beyond one statement: deriving an id from the name,
// issuing keys, answering a retried create with the answer of the first, and the 404 and 412
// that explain why a write wrote nothing.
import type { ClientCreate, ClientPatch, ClientResponse } from '@mythic-analytics/contract';
import type { Kysely } from 'kysely';
import type { CursorPosition } from './cursor.ts';
import {
  type ClientColumns,
  type ClientRow,
  ClientsRepository,
  type ListFilter,
  type Precondition,
  toClient,
  type WriteOutcome,
} from './db/clients-repository.ts';
import type { Engine } from './db/database.ts';
import {
  IdempotencyRepository,
  type ScopedKey,
  type StoredAnswer,
} from './db/idempotency-repository.ts';
import type { DatabaseSchema } from './db/schema.ts';
import { ApiError } from './errors.ts';
import { formatEtag } from './etag.ts';
import { issueKey, type KeyKind } from './keys.ts';
import { hashRequestBody } from './request-hash.ts';
import { derivedIdPrefix, firstFreeId, randomClientId, slugify } from './slug.ts';

/** Concurrent creates may race for the same derived id; each retry picks the next free one. */
const DERIVED_ID_ATTEMPTS = 5;

export interface ClientAnswer {
  body: ClientResponse;
  etag: string;
}

/** The answer to Create client: 201 and the client, first or replayed. */
export interface CreateAnswer {
  status: number;
  body: ClientResponse;
  headers: Record<string, string>;
}

export function clientAnswer(row: ClientRow): ClientAnswer {
  return {
    body: { success: true, data: toClient(row) },
    etag: formatEtag({ version: row.version, createdAt: row.created_at }),
  };
}

/** New keys of the given kinds, as the columns that store them. */
export function newKeys(kinds: readonly KeyKind[]): ClientColumns {
  return {
    ...(kinds.includes('publishable') ? { publishable_key: issueKey('publishable') } : {}),
    ...(kinds.includes('secret') ? { secret_key: issueKey('secret') } : {}),
  };
}

/** The written row, or the 404 or 412 that explains why nothing was written. */
function writtenRow(outcome: WriteOutcome): ClientRow {
  if ('row' in outcome) return outcome.row;
  if (outcome.failure === 'not-found') throw new ApiError(404);
  throw new ApiError(412, undefined, {
    details: [{ field: 'If-Match', message: 'Does not match the current ETag' }],
  });
}

export class ClientsService {
  private readonly clients: ClientsRepository;

  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly engine: Engine,
  ) {
    this.clients = new ClientsRepository(db);
  }

  /** One page of clients after `after`, and whether more follow. */
  async list(filter: Omit<ListFilter, 'after'> & { after?: CursorPosition }) {
    const rows = await this.clients.list({ ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return { page, hasMore: rows.length > filter.limit };
  }

  async find(id: string): Promise<ClientAnswer> {
    const row = await this.clients.find(id);
    if (!row) throw new ApiError(404);
    return clientAnswer(row);
  }

  async patch(id: string, patch: ClientPatch, precondition: Precondition): Promise<ClientAnswer> {
    return clientAnswer(writtenRow(await this.clients.patch(id, patch, precondition, Date.now())));
  }

  async remove(id: string, precondition: Precondition): Promise<ClientRow> {
    return writtenRow(await this.clients.remove(id, precondition));
  }

  /** Issues new keys of the given kinds; the precondition is checked by the write itself. */
  async rotateKeys(
    id: string,
    kinds: readonly KeyKind[],
    precondition: Precondition,
  ): Promise<ClientAnswer> {
    const outcome = await this.clients.update(id, newKeys(kinds), precondition, Date.now());
    return clientAnswer(writtenRow(outcome));
  }

  /**
   * Creates a client, or answers a key its caller sent before with the first status and the
   * client as it is now. The key is claimed, the client inserted and the answer kept in one
   * transaction: a request that fails anywhere leaves neither a client nor a claim behind, and a
   * concurrent retry waits for the first request's outcome.
   */
  async create(body: ClientCreate, idempotencyKey?: ScopedKey): Promise<CreateAnswer> {
    if (idempotencyKey === undefined) return createdAnswer(await insertClient(this.clients, body));
    const requestHash = hashRequestBody(body);
    await new IdempotencyRepository(this.db, this.engine).purgeExpired(Date.now());
    return this.db.transaction().execute(async (transaction) => {
      const keys = new IdempotencyRepository(transaction, this.engine);
      const clients = new ClientsRepository(transaction);
      const claim = await keys.claim(idempotencyKey, requestHash, Date.now());
      if (claim.outcome === 'replay') return replayedAnswer(clients, claim.answer);
      if (claim.outcome !== 'claimed') throw idempotencyConflict(claim.outcome);
      const row = await insertClient(clients, body);
      await keys.complete(idempotencyKey, storedAnswer(row));
      return createdAnswer(row);
    });
  }
}

function createdAnswer(row: ClientRow, status = 201): CreateAnswer {
  const { body, etag } = clientAnswer(row);
  return { status, body, headers: { ETag: etag } };
}

function storedAnswer(row: ClientRow): StoredAnswer {
  return { status: 201, clientId: row.id, clientCreatedAt: row.created_at };
}

/** The first status with the client as it is now: its current keys, never a stale copy. */
async function replayedAnswer(clients: ClientsRepository, answer: StoredAnswer) {
  const row = await clients.find(answer.clientId);
  if (row && row.created_at === answer.clientCreatedAt) return createdAnswer(row, answer.status);
  throw new ApiError(409, 'The client created with this Idempotency-Key has since been deleted', {
    details: [{ field: 'Idempotency-Key', message: 'Use a new key to create the client again' }],
  });
}

function insertClient(clients: ClientsRepository, body: ClientCreate): Promise<ClientRow> {
  return body.id === undefined
    ? insertWithDerivedId(clients, body)
    : insertAs(clients, body.id, body);
}

async function insertAs(clients: ClientsRepository, id: string, body: ClientCreate) {
  const row = await clients.insert({ ...body, ...newClientKeys(), id }, Date.now());
  if (row) return row;
  throw new ApiError(409, `A client with id ${id} already exists`, {
    details: [{ field: 'id', message: `${id} is already taken` }],
  });
}

async function insertWithDerivedId(clients: ClientsRepository, body: ClientCreate) {
  const base = slugify(body.name);
  for (let attempt = 1; attempt <= DERIVED_ID_ATTEMPTS; attempt++) {
    const id = base === undefined ? randomClientId() : await freeIdFrom(clients, base);
    const row = await clients.insert({ ...body, ...newClientKeys(), id }, Date.now());
    if (row) return row;
  }
  throw new ApiError(409, 'Other clients took every id derived from this name meanwhile; retry');
}

async function freeIdFrom(clients: ClientsRepository, base: string): Promise<string> {
  return firstFreeId(base, await clients.idsLike(base, derivedIdPrefix(base)));
}

function newClientKeys() {
  return newKeys(['publishable', 'secret']) as { publishable_key: string; secret_key: string };
}

function idempotencyConflict(outcome: 'other-body' | 'expired'): ApiError {
  const [message, detail] =
    outcome === 'other-body'
      ? [
          'This Idempotency-Key was already used with a different request body',
          'Use a new key for a different request',
        ]
      : ['This Idempotency-Key expired as it was sent', 'Retry: the key is free again'];
  return new ApiError(409, message, { details: [{ field: 'Idempotency-Key', message: detail }] });
}
