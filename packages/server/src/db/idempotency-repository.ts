// Idempotency keys of Create client, kept in the database so that every instance sees them.
// A key belongs to one caller and operation (its scope), and is claimed in the transaction that
// creates the client, so two concurrent retries create one client and a failed request leaves no
// claim behind. What is kept is the client's id, never its keys: a replay reads the client anew.
// Expired keys are purged outside that transaction, so creates with other keys never wait on it.
import type { Kysely } from 'kysely';
import type { Engine } from './database.ts';
import type { DatabaseSchema } from './schema.ts';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Expired keys removed per create: enough to keep up, bounded so a purge stays short. */
const PURGE_BATCH = 100;

/** The first answer to a key: its status and the client it created. */
export interface StoredAnswer {
  status: number;
  clientId: string;
  /** Tells the client created then from a later one given the same id. */
  clientCreatedAt: number;
}

/** A key as one caller of one operation sent it. */
export interface ScopedKey {
  /** A SHA-256 of the operation and the admin key that authenticated. */
  scope: string;
  key: string;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; answer: StoredAnswer }
  | { outcome: 'other-body' }
  | { outcome: 'expired' };

export class IdempotencyRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly engine: Engine,
  ) {}

  /** Claims `key` for a request whose body hashes to `requestHash`, or says why it cannot. */
  async claim({ scope, key }: ScopedKey, requestHash: string, now: number): Promise<Claim> {
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: requestHash, status: 0, created_at: now })
      .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { outcome: 'claimed' };
    return this.existingClaim({ scope, key }, requestHash);
  }

  /**
   * Removes a batch of keys past their time, in a statement of its own. PostgreSQL skips the
   * rows another purge holds; SQLite has one writer at a time anyway.
   */
  async purgeExpired(now: number): Promise<void> {
    // Rows are picked by age alone: another row of the same age is as expired.
    let expired = this.db
      .selectFrom('idempotency_keys')
      .select('created_at')
      .where('created_at', '<=', now - IDEMPOTENCY_TTL_MS)
      .limit(PURGE_BATCH);
    if (this.engine === 'postgres') expired = expired.forUpdate().skipLocked();
    await this.db.deleteFrom('idempotency_keys').where('created_at', 'in', expired).execute();
  }

  private async existingClaim({ scope, key }: ScopedKey, requestHash: string): Promise<Claim> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    // A claim commits with its answer, so a row seen here is answered; one that is gone was
    // purged, a day old, between our insert and this read: a retry will claim the key.
    if (!row || row.client_id === null || row.client_created_at === null) {
      return { outcome: 'expired' };
    }
    if (row.request_hash !== requestHash) return { outcome: 'other-body' };
    const answer = {
      status: row.status,
      clientId: row.client_id,
      clientCreatedAt: row.client_created_at,
    };
    return { outcome: 'replay', answer };
  }

  /** Keeps the answer of a claimed key for the retries to come. */
  async complete({ scope, key }: ScopedKey, answer: StoredAnswer): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({
        status: answer.status,
        client_id: answer.clientId,
        client_created_at: answer.clientCreatedAt,
      })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  }
}
