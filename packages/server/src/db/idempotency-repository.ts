// Idempotency keys of Create client, kept in the database so that every instance sees them.
// A key is claimed in the transaction that creates the client, so two concurrent retries create
// one client and a failed request leaves no claim behind.
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** After this long an unanswered claim (its process gone) no longer blocks its key. */
export const CLAIM_LEASE_MS = 60_000;
/** Expired keys removed per claim: enough to keep up, bounded so no claim waits on a purge. */
const PURGE_BATCH = 100;

export interface StoredAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; answer: StoredAnswer }
  | { outcome: 'other-body' }
  | { outcome: 'in-progress' };

export class IdempotencyRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Claims `key` for a request whose body hashes to `requestHash`, or says why it cannot. */
  async claim(key: string, requestHash: string, now: number): Promise<Claim> {
    await this.purgeExpired(now);
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({ key, request_hash: requestHash, status: 0, response: null, created_at: now })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { outcome: 'claimed' };
    return this.existingClaim(key, requestHash);
  }

  /** Removes a batch of keys past their time, and claims past their lease. */
  private async purgeExpired(now: number): Promise<void> {
    const expired = this.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where((eb) =>
        eb.or([
          eb('created_at', '<=', now - IDEMPOTENCY_TTL_MS),
          eb.and([eb('status', '=', 0), eb('created_at', '<=', now - CLAIM_LEASE_MS)]),
        ]),
      )
      .limit(PURGE_BATCH);
    await this.db.deleteFrom('idempotency_keys').where('key', 'in', expired).execute();
  }

  private async existingClaim(key: string, requestHash: string): Promise<Claim> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    // Purged by another request between our insert and this read: a retry will claim it.
    if (!row) return { outcome: 'in-progress' };
    if (row.request_hash !== requestHash) return { outcome: 'other-body' };
    if (row.status === 0 || row.response === null) return { outcome: 'in-progress' };
    return { outcome: 'replay', answer: JSON.parse(row.response) as StoredAnswer };
  }

  /** Keeps the answer of a claimed key for the retries to come. */
  async complete(key: string, answer: StoredAnswer): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ status: answer.status, response: JSON.stringify(answer) })
      .where('key', '=', key)
      .execute();
  }
}
