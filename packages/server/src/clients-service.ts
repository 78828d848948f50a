// What Create client does beyond one insert: deriving an id from the name, and answering a
// retried request with the answer of the first.
import type { ClientCreate, ClientResponse } from '@mythic-analytics/contract';
import { type ClientRow, type ClientsRepository, toClient } from './db/clients-repository.ts';
import type { IdempotencyRepository, StoredAnswer } from './db/idempotency-repository.ts';
import { isUniqueViolation } from './db/unique-violation.ts';
import { ApiError } from './errors.ts';
import { formatEtag } from './etag.ts';
import { issueKey } from './keys.ts';
import { hashRequestBody } from './request-hash.ts';
import { firstFreeId, randomClientId, slugify } from './slug.ts';

/** Concurrent creates may race for the same derived id; each retry picks the next free one. */
const DERIVED_ID_ATTEMPTS = 5;

export function clientAnswer(row: ClientRow): { body: ClientResponse; etag: string } {
  return {
    body: { success: true, data: toClient(row) },
    etag: formatEtag({ version: row.version, createdAt: row.created_at }),
  };
}

export class ClientsService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly idempotencyKeys: IdempotencyRepository,
  ) {}

  /** Creates a client, or answers as the first request did when the key was seen before. */
  async create(body: ClientCreate, idempotencyKey?: string): Promise<StoredAnswer> {
    if (idempotencyKey === undefined) return this.createAnswer(body);
    const claim = await this.idempotencyKeys.claim(
      idempotencyKey,
      hashRequestBody(body),
      Date.now(),
    );

    switch (claim.outcome) {
      case 'replay':
        return claim.answer;
      case 'other-body':
        throw idempotencyConflict(
          'This Idempotency-Key was already used with a different request body',
          'Use a new key for a different request',
        );
      case 'in-progress':
        throw idempotencyConflict(
          'A request with this Idempotency-Key is still in progress',
          'Retry once the first request has been answered',
        );
    }
    return this.createClaimed(body, idempotencyKey);
  }

  private async createClaimed(body: ClientCreate, idempotencyKey: string): Promise<StoredAnswer> {
    try {
      const answer = await this.createAnswer(body);
      await this.idempotencyKeys.complete(idempotencyKey, answer);
      return answer;
    } catch (error) {
      await this.idempotencyKeys.release(idempotencyKey);
      throw error;
    }
  }

  private async createAnswer(body: ClientCreate): Promise<StoredAnswer> {
    const row =
      body.id === undefined
        ? await this.insertWithDerivedId(body)
        : await this.insertAs(body.id, body);
    const { body: answerBody, etag } = clientAnswer(row);
    return { status: 201, body: answerBody, headers: { ETag: etag } };
  }

  private async insertAs(id: string, body: ClientCreate): Promise<ClientRow> {
    try {
      return await this.insert(id, body);
    } catch (error) {
      if (!isUniqueViolation(error) || (await this.clients.find(id)) === undefined) throw error;
      throw new ApiError(409, `A client with id ${id} already exists`, {
        details: [{ field: 'id', message: `${id} is already taken` }],
      });
    }
  }

  private async insertWithDerivedId(body: ClientCreate): Promise<ClientRow> {
    const base = slugify(body.name);
    for (let attempt = 1; ; attempt++) {
      const id =
        base === undefined ? randomClientId() : firstFreeId(base, await this.clients.idsLike(base));
      try {
        return await this.insert(id, body);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= DERIVED_ID_ATTEMPTS) throw error;
      }
    }
  }

  private insert(id: string, body: ClientCreate): Promise<ClientRow> {
    const keys = { publishable_key: issueKey('publishable'), secret_key: issueKey('secret') };
    return this.clients.insert({ ...body, ...keys, id }, Date.now());
  }
}

function idempotencyConflict(message: string, detail: string): ApiError {
  return new ApiError(409, message, { details: [{ field: 'Idempotency-Key', message: detail }] });
}
