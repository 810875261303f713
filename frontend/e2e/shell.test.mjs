// The platform shell: sign-in, role-shaped menu, projects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, signIn } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a wrong password shows a clear error and stays on the login page', async () => {
  const page = await browser.newPage();
  await page.goto(`${BASE}/login`);
  await page.getByTestId('login-email').fill('admin@demo.example');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('login-error');
  await error.waitFor();
  assert.match(await error.innerText(), /密码|password/i);
  await page.close();
});

test('the admin signs in, creates a project and sees it in the list', async () => {
  const page = await signIn(browser, 'admin');
  assert.equal(await page.getByTestId('nav-users').count(), 1, 'admin sees the users menu');
  assert.equal(await page.getByTestId('nav-audit').count(), 1, 'admin sees the audit menu');
  for (const menu of ['nav-leads', 'nav-import', 'nav-customers']) {
    assert.equal(await page.getByTestId(menu).count(), 0, `no customer data for the admin: ${menu}`);
  }
  await page.getByTestId('nav-projects').click();
  await page.getByTestId('project-table').waitFor();
  assert.match(await page.locator('body').innerText(), /楼盘/, 'the UI is Chinese by default');

  await page.getByTestId('project-new').click();
  // An empty name is refused by the server and the error shows next to the field.
  await page.getByTestId('project-city').fill('宁波');
  await page.getByTestId('project-submit').click();
  await page.getByTestId('project-name-error').waitFor();

  const name = `浏览器测试楼盘 ${Date.now()}`;
  await page.getByTestId('project-name').fill(name);
  await page.getByTestId('project-submit').click();
  await page.getByTestId('project-row').filter({ hasText: name }).first().waitFor();
  await page.close();
});

test('a sales rep signs in and has no admin menu', async () => {
  const page = await signIn(browser, 'sales_rep');
  assert.equal(await page.getByTestId('nav-users').count(), 0);
  assert.equal(await page.getByTestId('nav-audit').count(), 0);
  assert.equal(await page.getByTestId('project-new').count(), 0, 'no create button for a sales rep');
  await page.getByTestId('project-table').waitFor();
  // The table shows before its rows arrive: wait for them (one page), then count.
  await page.getByTestId('project-row').first().waitFor();
  assert.equal(await page.getByTestId('project-row').count(), 1, 'one granted project');
  await page.close();
});

test('the sales-control grid of a demo building shows units coloured by status', async () => {
  const page = await signIn(browser, 'crm_head');
  await page.getByTestId('project-table').waitFor();
  await page.getByTestId('project-link').first().click();
  await page.getByTestId('building-link').first().click();
  await page.getByTestId('building-page').waitFor();
  const cells = page.getByTestId('unit-cell');
  await cells.first().waitFor();
  assert.equal(await page.getByTestId('grid-floor').count(), 18, 'one row per floor');
  assert.equal(await cells.count(), 72, '18 floors x 4 units');
  const statuses = await cells.evaluateAll((els) => [...new Set(els.map((e) => e.dataset.status))]);
  assert.ok(statuses.length >= 3, `cells are coloured by status: ${statuses}`);
  await page.close();
});
