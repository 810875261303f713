// The lists referral eligibility needs, and the referral KPI report: the
// head of CRM keeps the staff and agency phone list on the referral rules
// page (a sales manager does not see it), keeps an owner's household list
// on the customer page, and reads the referral report beside the lead reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, signIn, tokenOf } from './browser.mjs';

const PROJECT = '滨江壹号院';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const phone = (prefix) => `${prefix}${String(Date.now() % 1e8).padStart(8, '0')}`;
const masked = (p) => `${p.slice(0, 3)}****${p.slice(7)}`;

test('the head of CRM adds and removes a staff phone on the referral rules page; a sales manager does not see the list', async () => {
  const manager = await signIn(browser, 'sales_manager');
  await manager.getByTestId('nav-referral-rules').click();
  await manager.getByTestId('referral-rules-form').waitFor();
  assert.equal(await manager.getByTestId('staff-phones').count(), 0, 'only admins and the head of CRM keep the list');
  await manager.close();

  const page = await signIn(browser, 'crm_head');
  page.on('dialog', (d) => d.accept());
  await page.getByTestId('nav-referral-rules').click();
  await page.getByTestId('staff-phones').waitFor();
  // A bad phone: the server's 422 lands on the field.
  await page.getByTestId('staff-phone-name').fill('置业顾问小李');
  await page.getByTestId('staff-phone-phone').fill('12345');
  await page.getByTestId('staff-phone-submit').click();
  await page.getByTestId('staff-phone-phone-error').waitFor();
  // An agency phone for one project.
  const agency = phone('137');
  await page.getByTestId('staff-phone-kind').selectOption('agency');
  await page.getByTestId('staff-phone-name').fill('链家滨江店');
  await page.getByTestId('staff-phone-phone').fill(agency);
  await page.getByTestId('staff-phone-project').selectOption({ label: PROJECT });
  await page.getByTestId('staff-phone-note').fill('合作中介');
  await page.getByTestId('staff-phone-submit').click();
  const row = page.locator('[data-testid="staff-phone-row"][data-kind="agency"]', { hasText: '链家滨江店' }).first();
  await row.waitFor();
  assert.equal(await row.getByTestId('staff-phone-row-phone').textContent(), masked(agency));
  assert.ok((await row.textContent()).includes(PROJECT));
  assert.equal(await page.getByTestId('staff-phone-phone-error').count(), 0, 'the error is gone');
  // Remove it (confirmed).
  const id = await row.getAttribute('data-id');
  await row.getByTestId('staff-phone-delete').click();
  await page.locator(`[data-testid="staff-phone-row"][data-id="${id}"]`).waitFor({ state: 'detached' });
  const head = await tokenOf('crm_head@demo.example');
  const list = await api(head, 'GET', '/staff-phones?limit=200');
  assert.ok(!list.data.some((p) => p.id === id), 'removed on the server');
  await page.close();
});

test('the head of CRM keeps an owner\'s household list on the customer page', async () => {
  const head = await tokenOf('crm_head@demo.example');
  const projects = await api(head, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  const { lead } = await api(head, 'POST', '/leads', {
    name: `业主家庭${Date.now()}`, phone: phone('136'), project_id: project.id, source: 'walk_in',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });
  const page = await signIn(browser, 'crm_head');
  page.on('dialog', (d) => d.accept());
  await page.goto(`${BASE}/customers/${lead.customer_id}`);
  await page.getByTestId('customer-relatives').waitFor();
  await page.locator('[data-testid="relative-table"]', { hasText: '暂无登记的亲属' }).waitFor();
  const spouse = phone('139');
  await page.getByTestId('relative-name-input').fill('王芳');
  await page.getByTestId('relative-relation').fill('配偶');
  await page.getByTestId('relative-phone-input').fill(spouse);
  await page.getByTestId('relative-submit').click();
  const row = page.getByTestId('relative-row');
  await row.waitFor();
  assert.equal(await row.getByTestId('relative-name').textContent(), '王芳');
  assert.equal(await row.getByTestId('relative-phone').textContent(), masked(spouse));
  // The same phone again: the 409 problem is shown on the form.
  await page.getByTestId('relative-name-input').fill('王芳');
  await page.getByTestId('relative-relation').fill('配偶');
  await page.getByTestId('relative-phone-input').fill(spouse);
  await page.getByTestId('relative-submit').click();
  await page.getByTestId('relative-form-error').waitFor();
  // Remove it (confirmed).
  await row.getByTestId('relative-delete').click();
  await page.getByTestId('relative-row').waitFor({ state: 'detached' });
  assert.deepEqual(await api(head, 'GET', `/customers/${lead.customer_id}/relatives`), []);
  await page.close();
});

test('the referral KPI report shows the share against its 20 % target, per project', async () => {
  const head = await tokenOf('crm_head@demo.example');
  const projects = await api(head, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  // One signed deal in the period, so the project has a row.
  const units = await api(head, 'GET', `/units?project_id=${project.id}&status=available&limit=1`);
  const { lead } = await api(head, 'POST', '/leads', {
    name: `签约客户${Date.now()}`, phone: phone('158'), project_id: project.id, source: 'walk_in',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });
  const deal = await api(head, 'POST', '/deals', { unit_id: units.data[0].id, customer_id: lead.customer_id });
  await api(head, 'POST', `/deals/${deal.id}/sign`, {});
  const expected = await api(head, 'GET', `/reports/referrals?project_id=${project.id}`);

  const page = await signIn(browser, 'crm_head');
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('reports-tab-referrals').click();
  await page.getByTestId('referral-report-page').waitFor();
  await page.getByTestId('report-project').selectOption({ label: PROJECT });
  await page.getByTestId('report-apply').click();
  const projectRow = page.locator(`[data-testid="rr-project-row"][data-id="${project.id}"]`);
  await projectRow.waitFor();
  assert.equal(await page.getByTestId('rr-project-row').count(), 1, 'only the chosen project');
  assert.equal(await page.getByTestId('rr-signed-deals').textContent(), String(expected.totals.signed_deals));
  assert.ok(expected.totals.signed_deals >= 1);
  assert.equal(await page.getByTestId('rr-referral-deals').textContent(), String(expected.totals.referral_deals));
  const share = `${(expected.totals.referral_share * 100).toFixed(1)}%`;
  assert.equal(await page.getByTestId('rr-share').textContent(), share);
  assert.equal(await page.getByTestId('rr-target').textContent(), '≥ 20.0%');
  assert.equal(await page.getByTestId('rr-meets').textContent(), expected.meets_target ? '是' : '否');
  await page.locator('[data-testid="chart-referral-share"] [data-testid="chart-target"]').waitFor();
  assert.equal(await page.locator('[data-testid="chart-referral-share"] [data-testid="chart-bar"]').count(), 1);
  assert.ok((await page.getByTestId('rr-definition').textContent()).includes('referral_share'), 'the counting rule is shown');
  await page.close();

  // A sales rep does not read reports: no menu entry.
  const rep = await signIn(browser, 'sales_rep');
  assert.equal(await rep.getByTestId('nav-referral-report').count(), 0);
  await rep.close();
});
