import type { Migration } from './migration';
import m0001 from './0001-shops';
import m0002 from './0002-messages';
import m0003 from './0003-templates';
import m0004 from './0004-sending';
import m0005 from './0005-history';
import m0006 from './0006-inbox';
import m0007 from './0007-recipient-indexes';
import m0008 from './0008-campaign-leases';
import m0009 from './0009-orders';
import m0010 from './0010-suppression-reason';
import m0011 from './0011-suppression-report-source';
import m0012 from './0012-order-sends';
import m0013 from './0013-import-pid';
import m0014 from './0014-campaign-test-of';
import m0015 from './0015-order-list-indexes';
import m0016 from './0016-audiences-costs';
import m0017 from './0017-automations';
import m0018 from './0018-effect-indexes';
import m0019 from './0019-audience-dirty-buyers';
import m0020 from './0020-order-reply-links';

/** Append only. Each migration has its own test in test/unit/db/. */
export const MIGRATIONS: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
  m0020,
];
