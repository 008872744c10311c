import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describePostgresUrl } from '../store/postgres/describe-postgres-url.js';
import { dropSchema, POSTGRES_TEST_URL, skipWithoutPostgres, temporarySchemaName } from '../store/test-support/postgres-test-database.js';

// The compiled CLI, as `npm start` and the `switchboard` bin run it (npm test builds first).
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

function migrate(storeYaml: string): { status: number | null; stdout: string; stderr: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-migrate-'));
  const path = join(dir, 'switchboard.yaml');
  writeFileSync(path, `store: ${storeYaml}\nproviders: []\nmodels: []\n`);
  const result = spawnSync(process.execPath, [CLI, 'migrate', '--config', path], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

describe('switchboard migrate', () => {
  it('creates a SQLite store at the latest schema and exits', () => {
    const result = migrate('{ url: "sqlite:./data/gateway.db" }');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Store sqlite:\.\/data\/gateway\.db is at the latest schema/);
    const path = join(result.dir, 'data', 'gateway.db');
    expect(existsSync(path)).toBe(true);
    const database = new BetterSqlite3(path, { readonly: true });
    try {
      expect(database.prepare('select name from kysely_migration order by name').pluck().all()).toEqual(['0001-initial', '0002-usage-rollups']);
    } finally {
      database.close();
    }
  });

  it('fails without printing the password of an unreachable PostgreSQL', () => {
    const result = migrate('{ url: "postgres://switchboard:hunter2-secret@127.0.0.1:1/switchboard" }');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/postgres:\/\/127\.0\.0\.1:1\/switchboard/);
    expect(result.stderr + result.stdout).not.toMatch(/hunter2/);
  });

  describe.skipIf(skipWithoutPostgres('switchboard migrate on PostgreSQL'))('on PostgreSQL', () => {
    const schema = temporarySchemaName();
    afterAll(() => dropSchema(schema));

    it('migrates the configured schema, naming the server without credentials', async () => {
      const result = migrate(`{ url: "${POSTGRES_TEST_URL}", schema: ${schema} }`);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Store ${describePostgresUrl(POSTGRES_TEST_URL!)} is at the latest schema`);
      const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>(`select name from ${schema}.kysely_migration order by name`);
        expect(rows.map((row) => row.name)).toEqual(['0001-initial', '0002-usage-rollups']);
      } finally {
        await client.end();
      }
    });
  });
});
