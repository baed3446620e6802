import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Legal holds: the hold (keyed hashes of the subject's identities only, never a value), and the link from each
 * request a hold answered as retained to the follow-up erasure opened when the hold ends.
 */
export class LegalHolds1795000500000 implements MigrationInterface {
  name = 'LegalHolds1795000500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY,
        identity_hashes text[] NOT NULL CHECK (cardinality(identity_hashes) > 0),
        basis varchar(40) NOT NULL,
        reason varchar(2000) NOT NULL,
        placed_at timestamptz NOT NULL,
        placed_by varchar(100) NOT NULL,
        ends_at timestamptz,
        released_at timestamptz,
        released_by varchar(100),
        release_reason varchar(40)
      )`);
    // intake asks "is any of these hashes under an active hold?" for every request
    await db.query(`CREATE INDEX ix_legal_holds_active_hashes ON legal_holds USING gin (identity_hashes)
      WHERE released_at IS NULL`);
    // the expiry poller looks only at active holds with an end date
    await db.query(`CREATE INDEX ix_legal_holds_ends ON legal_holds (ends_at)
      WHERE released_at IS NULL AND ends_at IS NOT NULL`);
    await db.query(`
      CREATE TABLE legal_hold_requests (
        request_id uuid PRIMARY KEY REFERENCES erasure_requests (id),
        hold_id uuid NOT NULL REFERENCES legal_holds (id),
        held_at timestamptz NOT NULL,
        follow_up_request_id uuid UNIQUE REFERENCES erasure_requests (id),
        followed_up_at timestamptz
      )`);
    await db.query(`CREATE INDEX ix_legal_hold_requests_hold ON legal_hold_requests (hold_id)`);
    // the shredder keeps the identities of a request still waiting for its follow-up
    await db.query(`CREATE INDEX ix_legal_hold_requests_waiting ON legal_hold_requests (request_id)
      WHERE follow_up_request_id IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS legal_hold_requests`);
    await db.query(`DROP TABLE IF EXISTS legal_holds`);
  }
}
