import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { editorCursor, editorText, selectInEditor } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/**
 * Issue #14, the definition editor: a code editor (CodeMirror) with line numbers, the validator's
 * diagnostics marked in the text and the gutter, a list of them that moves the cursor, F8 to go
 * from one to the next, and completion of state names after `"Next": "`. Screenshots, both themes,
 * at 1440×900 and 1024×700, go to out/editor-screens (or STEPSCOPE_EDITOR_SCREENS).
 */

const SCREENS = process.env.STEPSCOPE_EDITOR_SCREENS ?? join(ROOT, 'out', 'editor-screens');
mkdirSync(SCREENS, { recursive: true });

const definitionBox = (page: Page) => page.getByRole('textbox', { name: 'Definition text' });
const problems = (page: Page) => page.getByRole('list', { name: 'Problems' });

/** Opens the Order pipeline and breaks `"Next": "Fulfil"` (line 38) by typing another name over it. */
async function openAndBreak(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  // At 1024×700 the side panel starts collapsed.
  const rail = page.getByRole('button', { name: 'Show the side panel' });
  if (await rail.isVisible()) await rail.click();
  const box = definitionBox(page);
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Valid definition: no problems found.');
  await selectInEditor(box, '"Fulfil"', '"ChargeCard": {');
  await page.keyboard.type('"Fulfilment"');
  await expect(problems(page)).toContainText("38:15 error MISSING_TRANSITION_TARGET Missing 'Next' target: Fulfilment");
}

test('the definition editor marks the validator’s problems, and clicking one (or F8) puts the cursor on it', async ({ page, host, shot }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  const box = definitionBox(page);
  const editor = page.locator('.cm-editor').filter({ has: box });
  // Line numbers and fold markers, the text highlighted as JSON.
  await expect(editor.locator('.cm-lineNumbers .cm-gutterElement', { hasText: /^1$/ })).toBeVisible();
  await expect(editor.locator('.cm-foldGutter')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Valid definition: no problems found.');

  await selectInEditor(box, '"Fulfil"', '"ChargeCard": {');
  await page.keyboard.type('"Fulfilment"');
  await expect(problems(page)).toContainText("38:15 error MISSING_TRANSITION_TARGET Missing 'Next' target: Fulfilment");
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  // The problem is underlined where it is, and marked in the gutter.
  // (Fulfil and Done, no longer reached, are problems too: 40:15 and 86:13.)
  await expect(problems(page).getByRole('listitem')).toHaveCount(3);
  const mark = editor.locator('.cm-lintRange-error', { hasText: 'Fulfilment' });
  await expect(mark).toHaveText('"Fulfilment"');
  await expect(editor.locator('.cm-gutter-lint .cm-lint-marker-error').first()).toBeVisible();
  await shot(page, '60-definition-editor-problem');

  // Away from it (top of the text, scrolled there), then back by the list: cursor on 38:15, in view.
  await page.keyboard.press('Control+Home');
  expect(await editorCursor(box)).toEqual({ line: 1, column: 1 });
  await expect(mark).not.toBeInViewport();
  await problems(page).getByRole('button', { name: /38:15 error MISSING_TRANSITION_TARGET/ }).click();
  expect(await editorCursor(box)).toEqual({ line: 38, column: 15 });
  await expect(mark).toBeInViewport();
  await expect(box).toBeFocused();

  // F8 goes to the next problem, Shift+F8 to the previous (wrapping round at the start).
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F8');
  expect((await editorCursor(box)).line).toBe(38);
  await page.keyboard.press('F8');
  expect((await editorCursor(box)).line).toBe(40);
  await page.keyboard.press('Shift+F8');
  expect((await editorCursor(box)).line).toBe(38);
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+F8');
  expect((await editorCursor(box)).line).toBe(86);

  // Undo puts the name back: the definition is valid again. (The typing is one undo step or
  // several, as the keys came within 500 ms of each other or not: undo until the name is back.)
  for (let i = 0; i < 20 && !(await editorText(box)).includes('"Next": "Fulfil"\n'); i++) await page.keyboard.press('Control+z');
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Valid definition: no problems found.');
  expect(await editorText(box)).toContain('"Next": "Fulfil"');
  await expect(mark).toHaveCount(0);
});

test('completion offers the state names of the same States block after "Next": "', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  const box = definitionBox(page);
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Valid definition: no problems found.');
  // Clear ChargeCard's Next, leaving the cursor between the quotes, then ask for completions.
  await selectInEditor(box, 'Fulfil', '"ChargeCard": {');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+Space');
  const list = page.getByRole('listbox');
  // The top-level States, not those inside Fulfil's branches (ShipItems, SendEmail, ...), in
  // alphabetical order, ChargeCard itself last.
  await expect(list.getByRole('option')).toHaveText([/^Done/, /^Fulfil/, /^IsValid/, /^PaymentDeclined/, /^Rejected/, /^ValidateOrder/, /^ChargeCard/]);
  // Typing narrows the list; a click takes the choice (Enter does too, once the list has been open
  // for CodeMirror's 75 ms that keep a key pressed as the list opens from taking it).
  await page.keyboard.type('Ful');
  await expect(list.getByRole('option')).toHaveCount(1);
  await list.getByRole('option', { name: /^Fulfil/ }).click();
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Valid definition: no problems found.');
  expect(await editorText(box)).toContain('"Next": "Fulfil"\n');

  // Field names for the state's Type.
  await selectInEditor(box, '"Type": "Succeed" }', '"Done": ');
  await page.keyboard.type('"Type": "Succeed", "');
  // Succeed's fields, less Type (there already) and JSONata's Output (a JSONPath state), in
  // alphabetical order (the list retried: typing passed through Type's values on the way).
  await expect(list.getByRole('option')).toHaveText([/^Comment/, /^InputPath/, /^OutputPath/, /^QueryLanguage/]);
  await page.keyboard.press('Escape');
});

test('a YAML definition: highlighted as YAML, its problem marked at its line, state names completed after Next:', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  const text = ['StartAt: First', 'States:', '  First:', '    Type: Pass', '    Next: Nowhere', '  Second:', '    Type: Succeed', ''].join('\n');
  await page.getByLabel('Open definition file').setInputFiles({ name: 'flow.asl.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await expect(page.getByRole('heading', { name: 'flow.asl.yaml', level: 2 })).toBeVisible();
  await expect(problems(page)).toContainText("5:11 error MISSING_TRANSITION_TARGET Missing 'Next' target: Nowhere");
  const box = definitionBox(page);
  const editor = page.locator('.cm-editor').filter({ has: box });
  await expect(editor.locator('.cm-lintRange-error', { hasText: 'Nowhere' })).toHaveText('Nowhere');
  await selectInEditor(box, 'Nowhere');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('S');
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option')).toHaveText([/^Second/]);
  await list.getByRole('option', { name: /^Second/ }).click();
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Valid definition: no problems found.');
  expect(await editorText(box)).toContain('    Next: Second\n');
});

for (const theme of ['light', 'dark'] as const) {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ]) {
    test(`screenshots of the definition editor, ${theme}, ${size.width}×${size.height}`, async ({ page, host }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme });
      await openAndBreak(page, host.url);
      const box = definitionBox(page);
      await problems(page).getByRole('button', { name: /38:15/ }).click();
      await page.locator('.cm-lintRange-error', { hasText: 'Fulfilment' }).hover();
      await expect(page.locator('.cm-tooltip-lint')).toBeVisible();
      const tag = `${size.width}x${size.height}-${theme}`;
      await page.screenshot({ path: join(SCREENS, `${tag}-1-problem.png`) });
      await selectInEditor(box, 'Fulfilment');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Control+Space');
      await expect(page.getByRole('listbox')).toBeVisible();
      await page.screenshot({ path: join(SCREENS, `${tag}-2-completion.png`) });
      // The page itself never scrolls: the editor fits its panel.
      const { scrollHeight, innerHeight } = await page.evaluate(() => {
        const w = globalThis as unknown as { innerHeight: number; document: { scrollingElement: { scrollHeight: number } } };
        return { scrollHeight: w.document.scrollingElement.scrollHeight, innerHeight: w.innerHeight };
      });
      expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
    });
  }
}
