// Delivery planning (交付验房): the CRM head plans a batch on the screen (a
// too-long name is refused by the server and shown on its field); customer
// service opens an inspection slot, books it for a unit's owner and cancels;
// the delivery report shows the API's numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, signIn, tokenOf } from './browser.mjs';

const PROJECT = '滨江壹号院';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** `YYYY-MM-DD` (and `THH:MM`) in local time, `days` from now. */
function localDay(days) {
  const d = new Date(Date.now() + days * 86400e3);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** An available unit of the demo project sold and signed to a fresh buyer. */
async function signedUnit(tag) {
  const manager = await tokenOf('sales_manager@demo.example');
  const projects = await api(manager, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  assert.ok(project, 'the demo project exists');
  const units = await api(manager, 'GET', `/units?project_id=${project.id}&status=available&limit=200`);
  const unit = units.data[Math.floor(units.data.length / 2)];
  assert.ok(unit, 'an available unit');
  const stamp = Date.now();
  const { lead } = await api(manager, 'POST', '/leads', {
    name: `${tag}${stamp}`,
    phone: `135${String(stamp % 1e8).padStart(8, '0')}`,
    project_id: project.id,
    source: 'walk_in',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });
  const deal = await api(manager, 'POST', '/deals', { unit_id: unit.id, customer_id: lead.customer_id },
    { 'Idempotency-Key': `e2e-plan-deal-${stamp}` });
  await api(manager, 'POST', `/deals/${deal.id}/sign`, {});
  return { project, unit, stamp };
}

test('the crm head plans a batch on the screen; the server refuses a too-long name on its field', async () => {
  const { unit, stamp } = await signedUnit('批次业主');
  const page = await signIn(browser, 'crm_head');
  await page.getByTestId('nav-delivery').click();
  await page.getByTestId('new-batch').click();
  await page.getByTestId('new-batch-page').waitFor();

  // Nothing filled: each missing field says so, nothing is sent.
  await page.getByTestId('batch-submit').click();
  await page.getByTestId('batch-units-error').waitFor();
  await page.getByTestId('batch-project-error').waitFor();

  await page.getByTestId('batch-project').selectOption({ label: PROJECT });
  await page.getByTestId('batch-name').fill('交'.repeat(101));
  await page.getByTestId('batch-handover').fill(localDay(20));
  const box = page.locator(`[data-testid="batch-unit-check"][data-id="${unit.id}"]`);
  await box.check();
  await page.getByTestId('batch-submit').click();
  const nameError = page.getByTestId('batch-name-error');
  await nameError.waitFor();
  assert.ok((await nameError.textContent()).length > 0, 'the field says what is wrong');
  assert.equal(await page.getByTestId('new-batch-page').count(), 1, 'still on the form');

  const name = `E2E 页面建批次 ${stamp}`;
  await page.getByTestId('batch-name').fill(name);
  await page.getByTestId('batch-submit').click();
  await page.locator('[data-testid="delivery-batch-page"][data-id]').waitFor();
  assert.equal(await page.getByTestId('batch-title').textContent(), name);
  await page.locator(`[data-testid="batch-unit"][data-id="${unit.id}"]`).waitFor();
  assert.equal(await page.getByTestId('delivery-task').count(), 4, 'the timeline was generated');
  await page.close();
});

test('customer service opens a slot, books it for the owner and cancels; the slot shows booked / capacity', async () => {
  const { project, unit, stamp } = await signedUnit('预约业主');
  const head = await tokenOf('crm_head@demo.example');
  const batch = await api(head, 'POST', '/delivery-batches', {
    project_id: project.id,
    name: `E2E 预约批次 ${stamp}`,
    handover_at: new Date(Date.now() + 30 * 86400e3).toISOString(),
    unit_ids: [unit.id],
  }, { 'Idempotency-Key': `e2e-plan-batch-${stamp}` });

  const page = await signIn(browser, 'service');
  await page.goto(`${BASE}/delivery/${batch.id}`);
  await page.getByTestId('slots-panel').waitFor();
  await page.getByTestId('slot-start').fill(`${localDay(10)}T09:00`);
  await page.getByTestId('slot-end').fill(`${localDay(10)}T12:00`);
  await page.getByTestId('slot-capacity').fill('2');
  await page.getByTestId('slot-submit').click();
  const row = page.getByTestId('slot-row').first();
  await row.waitFor();
  assert.equal(await row.getByTestId('slot-fill').textContent(), '0/2');
  const slotId = await row.getAttribute('data-id');

  await page.getByTestId('book-slot').selectOption(slotId);
  await page.getByTestId('book-unit').selectOption(unit.id);
  await page.getByTestId('book-submit').click();
  await page.locator(`[data-testid="slot-row"][data-id="${slotId}"][data-booked="1"]`).waitFor();
  assert.equal(await row.getByTestId('slot-fill').textContent(), '1/2');
  const appt = page.locator(`[data-testid="appointment-row"][data-unit="${unit.id}"][data-status="booked"]`);
  await appt.waitFor();
  // Whom it is about: the owner's name and phone, masked (DOMAIN §1: service sees masked contact data).
  const phone = `135${String(stamp % 1e8).padStart(8, '0')}`;
  assert.equal(await appt.getByTestId('appointment-owner').textContent(),
    `预约业主${stamp} · ${phone.slice(0, 3)}****${phone.slice(-4)}`);

  // Booking the same unit again is refused with the server's reason.
  await page.getByTestId('book-slot').selectOption(slotId);
  await page.getByTestId('book-unit').selectOption(unit.id);
  await page.getByTestId('book-submit').click();
  await page.getByTestId('book-form-error').waitFor();

  await appt.getByTestId('appointment-cancel').click();
  await page.locator(`[data-testid="appointment-row"][data-unit="${unit.id}"][data-status="cancelled"]`).waitFor();
  await page.locator(`[data-testid="slot-row"][data-id="${slotId}"][data-booked="0"]`).waitFor();
  await page.close();
});

test('the delivery report shows the numbers of the report API', async () => {
  const head = await tokenOf('crm_head@demo.example');
  const report = await api(head, 'GET', '/reports/delivery');
  assert.ok(report.by_contractor.length > 0, 'the demo has defects with contractors');
  const page = await signIn(browser, 'crm_head');
  await page.getByTestId('nav-delivery-report').click();
  await page.getByTestId('delivery-report-page').waitFor();
  await page.getByTestId('report-overdue-open').waitFor();
  assert.equal(await page.getByTestId('report-overdue-open').textContent(), String(report.overdue_open));
  assert.equal(await page.getByTestId('report-fixed').textContent(), String(report.fixed));
  assert.equal(await page.getByTestId('report-visits-due').textContent(), String(report.visits_due));
  assert.equal(await page.locator('[data-testid="report-by-contractor"] [data-testid="report-group"]').count(),
    report.by_contractor.length);
  const first = report.by_contractor[0];
  const cell = page.locator(`[data-testid="report-by-contractor"] [data-testid="report-group"][data-key="${first.key}"] [data-testid="group-total"]`);
  assert.equal(await cell.textContent(), String(first.total));
  assert.equal(await page.getByTestId('report-batch').count(), report.batches.length);
  await page.close();
});
