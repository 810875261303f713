// Deals: a sales manager subscribes an available unit for a customer from the
// sales-control grid, signs the contract, and sees the customer's 360 page
// show the deal, the membership tier and the points earned; then redeems
// points on the customer's behalf; a repeat purchase from the customer's page
// makes them silver.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, signIn, tokenOf } from './browser.mjs';

const PROJECT = '滨江壹号院'; // the demo project every sales role is granted
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a sales manager subscribes a unit from the grid, signs, and the customer becomes a member with points', async () => {
  // Set-up through the API: a fresh customer (captured as a lead) and a catalogue item.
  const manager = await tokenOf('sales_manager@demo.example');
  const head = await tokenOf('crm_head@demo.example');
  const projects = await api(manager, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  assert.ok(project, 'the demo project exists');
  const name = `成交客户${Date.now()}`;
  const phone = `137${String(Date.now() % 1e8).padStart(8, '0')}`;
  const { lead } = await api(manager, 'POST', '/leads', {
    name,
    phone,
    project_id: project.id,
    source: 'walk_in',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });
  const customerId = lead.customer_id;
  const item = await api(head, 'POST', '/points-catalogue', {
    name: `物业费抵扣${Date.now()}`,
    kind: 'property_fee_credit',
    points_cost: 100,
    value_fen: 10000,
    stock: 5,
  }, { 'Idempotency-Key': `e2e-item-${Date.now()}` });
  const buildings = await api(manager, 'GET', `/projects/${project.id}/buildings?limit=200`);
  const building = buildings.data[0];

  const page = await signIn(browser, 'sales_manager');
  // The role-shaped menu: customers and deal follow-ups, not the membership editor.
  assert.equal(await page.getByTestId('nav-customers').count(), 1, 'sales manager sees customers');
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customers-page').waitFor();
  await page.getByTestId('customer-filter-q').fill(phone);
  await page.getByTestId('customer-filter-submit').click();
  await page.locator(`[data-testid="customer-row"][data-id="${customerId}"]`).waitFor();

  // 认购 from the grid.
  await page.goto(`${BASE}/buildings/${building.id}`);
  await page.getByTestId('sales-grid').waitFor();
  const available = page.locator('[data-testid="unit-cell"][data-status="available"]').first();
  const unitId = await available.getAttribute('data-id');
  await available.click();
  await page.getByTestId('subscribe-dialog').waitFor();
  // Without a customer the form says so beside the field.
  await page.getByTestId('subscribe-submit').click();
  await page.getByTestId('subscribe-customer-q-error').waitFor();
  await page.getByTestId('subscribe-customer-q').fill(phone);
  await page.getByTestId('subscribe-customer-search').click();
  await page.locator(`[data-testid="subscribe-customer-option"][data-id="${customerId}"]`).click();
  await page.getByTestId('subscribe-customer').waitFor();
  const list = await page.getByTestId('subscribe-list-price').innerText();
  assert.equal(await page.getByTestId('subscribe-net-price').innerText(), list, 'no discount for a first purchase');
  await page.getByTestId('subscribe-submit').click();
  await page.getByTestId('subscribe-dialog').waitFor({ state: 'detached' });
  const cell = page.locator(`[data-testid="unit-cell"][data-id="${unitId}"]`);
  await page.locator(`[data-testid="unit-cell"][data-id="${unitId}"][data-status="subscribed"]`).waitFor();

  // The sold cell leads to its deal; sign the contract there.
  await cell.click();
  await page.getByTestId('unit-deal-link').click();
  await page.locator('[data-testid="deal-page"][data-stage="subscribed"]').waitFor();
  assert.equal(await page.getByTestId('deal-list-price').innerText(), list);
  // The specialist's contact task, completed here with an outcome (too short first: 422 beside it).
  const contact = page.locator('[data-testid="task-row"][data-kind="specialist_contact"]');
  await contact.waitFor();
  await contact.getByTestId('task-outcome').fill('x');
  await contact.getByTestId('task-complete').click();
  await contact.getByTestId('task-outcome-error').waitFor();
  await contact.getByTestId('task-outcome').fill('已电话联系买受人，确认签约时间');
  await contact.getByTestId('task-complete').click();
  await page.locator('[data-testid="task-row"][data-kind="specialist_contact"][data-status="done"]').waitFor();
  await page.getByTestId('deal-sign-reason').fill('HT-2026-001');
  await page.getByTestId('deal-sign-submit').click();
  await page.locator('[data-testid="deal-page"][data-stage="signed"]').waitFor();
  await page.locator('[data-testid="deal-event"][data-kind="signed"]').waitFor();
  await page.locator('[data-testid="task-row"][data-kind="satisfaction_revisit"]').waitFor();
  await page.locator('[data-testid="deal-unit-link"]').click();
  await page.locator(`[data-testid="unit-cell"][data-id="${unitId}"][data-status="signed"]`).waitFor();

  // The customer 360: the deal, the tier and the points.
  await page.goto(`${BASE}/customers/${customerId}`);
  await page.getByTestId('customer-page').waitFor();
  await page.locator('[data-testid="deal-row"][data-stage="signed"]').waitFor();
  await page.locator('[data-testid="member-tier"][data-tier="ordinary"]').waitFor();
  const balance = Number(await page.getByTestId('points-balance').getAttribute('data-points'));
  assert.ok(balance > 0, `points after signing: ${balance}`);
  await page.locator('[data-testid="points-entry"][data-kind="earn"]').first().waitFor();
  await page.locator('[data-testid="tier-change"][data-to="ordinary"]').first().waitFor();
  await page.locator('[data-testid="customer-timeline-item"]').first().waitFor();

  // Redeem points on the customer's behalf; a double click redeems once.
  await page.getByTestId('redeem-item').selectOption(item.id);
  await page.getByTestId('redeem-submit').dblclick();
  await page.locator(`[data-testid="points-balance"][data-points="${balance - 100}"]`).waitFor();
  await page.locator('[data-testid="points-entry"][data-kind="redeem"]').first().waitFor();
  assert.equal(await page.locator('[data-testid="points-entry"][data-kind="redeem"]').count(), 1, 'redeemed once');
  assert.equal(await page.getByTestId('redeem-error').count(), 0, 'the second click did not fail either');

  // A repeat purchase from the customer's page (project → building → unit): silver.
  await page.getByTestId('customer-subscribe-project').selectOption({ label: PROJECT });
  await page.getByTestId('customer-subscribe-building').selectOption(building.id);
  const second = page.getByTestId('customer-subscribe-unit').locator('option:nth-child(2)');
  await second.waitFor({ state: 'attached' });
  await page.getByTestId('customer-subscribe-unit').selectOption(await second.getAttribute('value'));
  await page.getByTestId('customer-subscribe-open').click();
  await page.locator(`[data-testid="subscribe-customer"][data-id="${customerId}"]`).waitFor();
  await page.getByTestId('subscribe-submit').click();
  await page.getByTestId('subscribe-dialog').waitFor({ state: 'detached' });
  await page.locator('[data-testid="member-tier"][data-tier="silver"]').waitFor();
  assert.equal(await page.getByTestId('deal-row').count(), 2, 'both deals on the 360 page');
  await page.close();
});

test('the crm head edits the membership settings; a sales manager only reads them', async () => {
  const page = await signIn(browser, 'crm_head');
  await page.getByTestId('nav-membership').click();
  await page.getByTestId('tier-rules-form').waitFor();
  await page.getByTestId('membership-tab-points').click();
  await page.getByTestId('points-rules-form').waitFor();
  // A value out of range: the 422 shows beside the field.
  await page.getByTestId('ms-contract-yuan').fill('0');
  await page.getByTestId('settings-save').click();
  await page.getByTestId('ms-contract-yuan-error').waitFor();
  await page.getByTestId('membership-tab-catalogue').click();
  await page.getByTestId('catalogue-table').waitFor();
  await page.close();

  const manager = await signIn(browser, 'sales_manager');
  await manager.getByTestId('nav-membership').click();
  await manager.getByTestId('membership-read-only').waitFor();
  assert.equal(await manager.getByTestId('settings-save').count(), 0, 'no save button');
  await manager.close();
});

test('a customer specialist has their deal follow-up tasks but no deal or membership editing', async () => {
  // A fresh deal: its contact task goes to the specialist, who sees whom it is
  // about and opens the deal read-only.
  const manager = await tokenOf('sales_manager@demo.example');
  const projects = await api(manager, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  const stamp = Date.now();
  const name = `回访客户${stamp}`;
  const { lead } = await api(manager, 'POST', '/leads', {
    name,
    phone: `134${String(stamp % 1e8).padStart(8, '0')}`,
    project_id: project.id,
    source: 'walk_in',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });
  const units = await api(manager, 'GET', `/units?project_id=${project.id}&status=available&limit=200`);
  const unit = units.data[units.data.length - 2];
  const deal = await api(manager, 'POST', '/deals', { unit_id: unit.id, customer_id: lead.customer_id },
    { 'Idempotency-Key': `e2e-specialist-deal-${stamp}` });

  const page = await signIn(browser, 'customer_specialist');
  assert.equal(await page.getByTestId('nav-membership').count(), 0, 'no membership settings');
  await page.getByTestId('nav-deal-tasks').click();
  await page.getByTestId('deal-tasks-page').waitFor();
  await page.getByTestId('task-table').waitFor();
  const row = page.locator('[data-testid="task-row"]', { has: page.locator(`a[href="/deals/${deal.id}"]`) }).first();
  assert.equal(await row.getByTestId('task-customer-link').textContent(), name, 'the task names its customer');
  await row.getByTestId('task-deal-link').click();
  await page.locator(`[data-testid="deal-page"][data-id="${deal.id}"]`).waitFor();
  assert.equal(await page.getByTestId('deal-actions').count(), 0, 'read only: no deal actions');
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customers-page').waitFor();
  await page.close();
});
