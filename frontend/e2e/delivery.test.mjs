// Delivery inspections (交付验房): a signed unit is put in a delivery batch
// (through the API); in the SPA an engineer inspects it on the tablet screen,
// answers the checklist, records a defect with a photo, assigns and fixes it;
// customer service completes a timeline task, verifies the fix and takes the
// owner's drawn signature: the unit is handed over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, signIn, tokenOf } from './browser.mjs';

const PROJECT = '滨江壹号院';
// A 1×1 PNG: the server checks the type by its magic bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A unit sold and signed to a fresh buyer, in a new delivery batch. */
async function signedUnitInBatch() {
  const manager = await tokenOf('sales_manager@demo.example');
  const head = await tokenOf('crm_head@demo.example');
  const projects = await api(manager, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  assert.ok(project, 'the demo project exists');
  const units = await api(manager, 'GET', `/units?project_id=${project.id}&status=available&limit=200`);
  const unit = units.data[units.data.length - 1];
  assert.ok(unit, 'an available unit');
  const stamp = Date.now();
  const { lead } = await api(manager, 'POST', '/leads', {
    name: `交付业主${stamp}`,
    phone: `136${String(stamp % 1e8).padStart(8, '0')}`,
    project_id: project.id,
    source: 'walk_in',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });
  const deal = await api(manager, 'POST', '/deals', { unit_id: unit.id, customer_id: lead.customer_id },
    { 'Idempotency-Key': `e2e-deal-${stamp}` });
  await api(manager, 'POST', `/deals/${deal.id}/sign`, {});
  const handover = new Date(Date.now() + 10 * 86400e3).toISOString();
  const batch = await api(head, 'POST', '/delivery-batches',
    { project_id: project.id, name: `E2E 交付批次 ${stamp}`, handover_at: handover, unit_ids: [unit.id] },
    { 'Idempotency-Key': `e2e-batch-${stamp}` });
  return { unit, batch };
}

test('an engineer inspects a unit and records a defect with a photo; it is fixed, verified and the owner signs off', async () => {
  const { unit, batch } = await signedUnitInBatch();

  // The engineer: the delivery menu, the batch's timeline, the unit.
  const eng = await signIn(browser, 'engineering');
  // Prices and the sales-control grid are sales data: the engineer sees a project's buildings, not their grids.
  await eng.getByTestId('nav-projects').click();
  await eng.getByTestId('project-link').first().click();
  await eng.getByTestId('building-row').first().waitFor();
  assert.equal(await eng.getByTestId('building-link').count(), 0, 'no link to a sales-control grid');
  await eng.getByTestId('nav-delivery').click();
  await eng.getByTestId('delivery-batches-page').waitFor();
  await eng.locator(`[data-testid="batch-row"][data-id="${batch.id}"] [data-testid="batch-link"]`).click();
  await eng.locator(`[data-testid="delivery-batch-page"][data-id="${batch.id}"]`).waitFor();
  assert.equal(await eng.getByTestId('delivery-task').count(), 4, 'the four steps of the timeline');
  assert.equal(await eng.getByTestId('task-complete').count(), 0, 'engineering does not complete batch tasks');
  await eng.locator(`[data-testid="batch-unit"][data-id="${unit.id}"] [data-testid="batch-unit-link"]`).click();
  await eng.getByTestId('unit-delivery-page').waitFor();
  await eng.locator('[data-testid="inspection-kind"]').selectOption('handover');
  await eng.getByTestId('inspection-start').click();

  // The tablet screen: large answer buttons; one line fails, the rest pass.
  await eng.getByTestId('inspection-page').waitFor();
  const firstLine = eng.getByTestId('check-line').first();
  const box = await firstLine.getByTestId('check-no').boundingBox();
  assert.ok(box.height >= 44, `touch target ${box.height}px high`);
  await firstLine.getByTestId('check-no').click();
  assert.equal(await firstLine.getAttribute('data-result'), 'no');
  await eng.getByTestId('check-all-pass').click();
  await eng.getByTestId('checklist-save').click();
  await eng.locator('.toast-success').first().waitFor();

  // A defect with a photo.
  await eng.getByTestId('defect-location').fill('东墙窗角');
  await eng.locator('[data-testid="defect-category"]').selectOption('wall_crack');
  await eng.getByTestId('defect-description').fill('墙面裂缝约 20 厘米');
  await eng.getByTestId('defect-photo-input').setInputFiles({ name: 'crack.png', mimeType: 'image/png', buffer: PNG });
  await eng.getByTestId('defect-submit').click();
  const card = eng.locator('[data-testid="unit-defects"] [data-testid="defect-card"]').first();
  await card.waitFor();
  const defectId = await card.getAttribute('data-id');
  await eng.getByTestId('inspection-complete').click();
  await eng.locator('[data-testid="inspection-page"][data-status="completed"]').waitFor();

  // The defect page shows the photo; assign to a contractor, then fixed.
  await card.getByTestId('defect-link').click();
  await eng.locator(`[data-testid="defect-page"][data-id="${defectId}"]`).waitFor();
  await eng.getByTestId('defect-photo').first().waitFor();
  const loaded = await eng.getByTestId('defect-photo').first().evaluate((img) => img.complete && img.naturalWidth > 0);
  assert.ok(loaded, 'the photo is served to the engineer');
  await eng.getByTestId('defect-contractor').fill('精装分包A');
  await eng.getByTestId('defect-note').fill('重新批灰刷漆');
  await eng.getByTestId('defect-assign').click();
  await eng.locator('[data-testid="defect-page"][data-status="assigned"]').waitFor();
  await eng.getByTestId('defect-note').fill('已修补');
  await eng.getByTestId('defect-fix').click();
  await eng.locator('[data-testid="defect-page"][data-status="fixed"]').waitFor();
  assert.equal(await eng.getByTestId('defect-verify').count(), 0, 'engineering does not verify its own fix');

  // The board shows it under "fixed", by contractor.
  await eng.getByTestId('nav-defects').click();
  await eng.getByTestId('defect-board-page').waitFor();
  await eng.locator(`[data-testid="defect-column"][data-status="fixed"] [data-testid="defect-card"][data-id="${defectId}"]`).waitFor();
  await eng.getByTestId('defects-by-contractor').getByText('精装分包A').waitFor();
  await eng.close();

  // Customer service: a timeline task, the re-inspection, the sign-off.
  const svc = await signIn(browser, 'service');
  await svc.goto(`${BASE}/delivery/${batch.id}`);
  const risk = svc.locator('[data-testid="delivery-task"][data-kind="risk_check"]');
  await risk.getByTestId('task-outcome').fill('风险检查完成，无重大风险');
  await risk.getByTestId('task-complete').click();
  await svc.locator('[data-testid="delivery-task"][data-kind="risk_check"][data-status="done"]').waitFor();

  await svc.goto(`${BASE}/defects/${defectId}`);
  await svc.getByTestId('defect-verify').click();
  await svc.locator('[data-testid="defect-page"][data-status="verified"]').waitFor();
  await svc.getByTestId('defect-unit-link').click();
  await svc.getByTestId('unit-delivery-page').waitFor();

  // Signing without a signature is refused on the spot; then the owner draws one.
  await svc.getByTestId('signoff-submit').click();
  await svc.locator('[data-testid="signoff-panel"] .alert-error').waitFor();
  const pad = await svc.getByTestId('signature-canvas').boundingBox();
  await svc.mouse.move(pad.x + 40, pad.y + pad.height / 2);
  await svc.mouse.down();
  for (let i = 1; i <= 10; i += 1) {
    await svc.mouse.move(pad.x + 40 + i * 30, pad.y + pad.height / 2 + (i % 2 ? -25 : 25));
  }
  await svc.mouse.up();
  await svc.getByTestId('signoff-submit').click();
  await svc.locator('[data-testid="unit-delivery-page"][data-status="handed_over"]').waitFor();
  await svc.getByTestId('handover-record').waitFor();

  await svc.goto(`${BASE}/delivery/${batch.id}`);
  await svc.locator(`[data-testid="batch-unit"][data-id="${unit.id}"][data-status="handed_over"]`).waitFor();
  assert.equal(await svc.getByTestId('batch-handed-over').textContent(), '1');
  await svc.close();
});
