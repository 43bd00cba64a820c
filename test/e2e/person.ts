import type { Locator, Page } from '@playwright/test';
import { field } from './page-helpers';

/**
 * Drives a page the way a person does and counts every click they would make: a button or link is one click; typing
 * into a field is a click into it, then the text (even where the page already put the cursor, as a person often
 * clicks anyway); a dropdown choice is two (open, pick). No keys besides typed text (no Enter, no Tab), so nothing is
 * reached without being counted.
 */
export interface Person {
  /** Clicks so far. */
  readonly clicks: number;
  /** Each counted click with what it was for, in order (printed when a goal is measured). */
  readonly steps: readonly string[];
  click(target: Locator, why: string): Promise<void>;
  /** Clicks into the field with this test id, then types. */
  type(testId: string, text: string): Promise<void>;
  /** Opens the select with this test id and picks the option showing `text`. */
  pick(testId: string, text: string): Promise<void>;
}

export function person(page: Page): Person {
  const steps: string[] = [];
  const click = async (target: Locator, why: string) => {
    steps.push(why);
    await target.click();
  };
  return {
    get clicks() {
      return steps.length;
    },
    steps,
    click,
    async type(testId, text) {
      await click(field(page, testId), `click into ${testId}`);
      // Into the element the click focused, as a person types (fill would focus it by itself).
      await page.keyboard.insertText(text);
    },
    async pick(testId, text) {
      await click(page.getByTestId(testId), `open ${testId}`);
      await click(page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first(), `pick ${text}`);
    },
  };
}
