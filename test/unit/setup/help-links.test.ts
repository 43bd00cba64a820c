import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../electron/shell/security';
import { importRenderer } from '../../helpers/renderer-module';

const root = resolve(import.meta.dirname, '../../..');
type HelpTexts = { setup: { help: Record<string, string> } };
const { SETUP_HELP_LINKS } = await importRenderer<{ SETUP_HELP_LINKS: Record<string, string> }>('pages/setup/help-links.ts');
const zh = (await importRenderer<{ default: HelpTexts }>('i18n/zh-CN.ts')).default;
const en = (await importRenderer<{ default: HelpTexts }>('i18n/en.ts')).default;
const setupSources = [
  join(root, 'renderer/src/pages/SetupPage.tsx'),
  ...readdirSync(join(root, 'renderer/src/pages/setup')).map((f) => join(root, 'renderer/src/pages/setup', f)),
];

describe('setup help links', () => {
  it.each(Object.entries(SETUP_HELP_LINKS))('%s opens an allow-listed page (%s)', (_field, url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it('every address written in the setup page is one of them and allow-listed', () => {
    const urls = setupSources.flatMap((file) => readFileSync(file, 'utf8').match(/https?:\/\/[a-z0-9][^\s'"`)<>]*/gi) ?? []);
    // Placeholders show what an address looks like; they are not links.
    const links = urls.filter((u) => !/mqrest|aliyuncs\.com|jst_sms/.test(u));
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) expect(isAllowedExternalUrl(url), url).toBe(true);
  });

  it('every credential with a link says where it comes from, in both languages', () => {
    for (const field of Object.keys(SETUP_HELP_LINKS)) {
      expect(zh.setup.help[field]).toMatch(/^来源：/);
      expect(en.setup.help[field]).toMatch(/^From: /);
    }
  });

  it('links open outside the app, without handing it the opener', () => {
    const source = readFileSync(join(root, 'renderer/src/pages/setup/FieldHelp.tsx'), 'utf8');
    expect(source).toMatch(/target="_blank" rel="noopener noreferrer"/);
  });
});
