import type { Migration } from './migration';

/**
 * 测试发送: a send of a campaign's message to the seller's own numbers is its own single-send campaign, marked with
 * the campaign it previews, so it is billed and tracked like any send but never counted in that campaign, never
 * listed as a campaign of its own and never feeds the marketing frequency guard. No foreign key on purpose: the mark
 * stays when the previewed draft is deleted.
 */
const migration: Migration = {
  version: 14,
  name: 'campaign-test-of',
  up(db) {
    db.exec('ALTER TABLE campaigns ADD COLUMN test_of INTEGER; CREATE INDEX campaigns_test_of ON campaigns (test_of) WHERE test_of IS NOT NULL;');
  },
};
export default migration;
