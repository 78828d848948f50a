// The two engines every suite runs on: a temporary SQLite file, and a database of its own on
// the shared test PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  createDatabase(): Promise<TestDatabase>;
}

async function asSuperuser<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${inject('postgresUrl')}/postgres` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const sqlite: Engine = {
  name: 'sqlite',
  async createDatabase() {
    const dir = mkdtempSync(join(tmpdir(), 'mythic-sqlite-'));
    return {
      url: `sqlite:${join(dir, 'mythic.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

const postgres: Engine = {
  name: 'postgres',
  async createDatabase() {
    const name = `mythic_${randomBytes(6).toString('hex')}`;
    await asSuperuser((client) => client.query(`create database ${name}`));
    return {
      url: `${inject('postgresUrl')}/${name}`,
      drop: () =>
        asSuperuser((client) => client.query(`drop database if exists ${name} with (force)`)).then(
          () => undefined,
        ),
    };
  },
};

export const engines: Engine[] = [sqlite, postgres];
