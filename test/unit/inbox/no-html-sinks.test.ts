import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Reply text is hostile by default (patterns §3): the inbox screens build output from React text nodes only.
const ROOT = join(import.meta.dirname, '../../../renderer/src/pages/inbox');
const SINKS = /dangerouslySetInnerHTML|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|<a\s|href=/;

describe('inbox screens have no HTML sinks', () => {
  it('no innerHTML, dangerouslySetInnerHTML, eval or links in renderer/src/pages/inbox', () => {
    const files = readdirSync(ROOT).filter((f) => f.endsWith('.tsx') || f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.filter((f) => SINKS.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
