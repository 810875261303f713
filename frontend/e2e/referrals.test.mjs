// Referrals (老带新): the head of CRM registers a friend for an owner from
// the owner's customer page, signs the friend's deal, approves and pays the
// reward, and sees the owner's membership tier rise to silver.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, signIn, tokenOf } from './browser.mjs';

const PROJECT = '滨江壹号院';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const phone = (prefix) => `${prefix}${String(Date.now() % 1e8).padStart(8, '0')}`;

test('a friend registered for an owner signs, the reward is approved and paid, and the owner turns silver', async () => {
  const head = await tokenOf('crm_head@demo.example');
  const projects = await api(head, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  const units = await api(head, 'GET', `/units?project_id=${project.id}&status=available&limit=2`);
  // The owner: a customer who bought and signed a unit (an ordinary member).
  const { lead } = await api(head, 'POST', '/leads', {
    name: `老业主${Date.now()}`, phone: phone('136'), project_id: project.id, source: 'walk_in',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });
  const owner = lead.customer_id;
  const own = await api(head, 'POST', '/deals', { unit_id: units.data[0].id, customer_id: owner });
  await api(head, 'POST', `/deals/${own.id}/sign`, {});

  const page = await signIn(browser, 'crm_head');
  await page.goto(`${BASE}/customers/${owner}`);
  await page.locator('[data-testid="membership-panel"][data-tier="ordinary"]').waitFor();
  // Register a friend on the owner's behalf (报备).
  const friendPhone = phone('135');
  await page.getByTestId('referral-friend-name').fill('新朋友');
  await page.getByTestId('referral-friend-phone').fill(friendPhone);
  await page.getByTestId('referral-project').selectOption({ label: PROJECT });
  await page.getByTestId('referral-reward').selectOption('shopping_card');
  await page.getByTestId('referral-consent').check();
  await page.getByTestId('referral-submit').click();
  const row = page.locator('[data-testid="referral-row"][data-status="registered"]');
  await row.waitFor();
  const referralId = await row.getAttribute('data-id');

  // The friend subscribes (认购); the deal carries the friend's 1 % and is signed in the SPA.
  const referral = await api(head, 'GET', `/referrals/${referralId}`);
  const deal = await api(head, 'POST', '/deals', { unit_id: units.data[1].id, customer_id: referral.friend_customer_id });
  assert.ok(deal.discounts.some((d) => d.kind === 'referral' && d.basis_points === 100), 'the friend gets 1 %');
  await page.goto(`${BASE}/deals/${deal.id}`);
  await page.locator('[data-testid="deal-page"][data-stage="subscribed"]').waitFor();
  await page.getByTestId('deal-sign-reason').fill('HT-REF-001');
  await page.getByTestId('deal-sign-submit').click();
  await page.locator('[data-testid="deal-page"][data-stage="signed"]').waitFor();

  // Approve and pay the reward from the pipeline.
  await page.getByTestId('nav-referrals').click();
  await page.getByTestId('referrals-page').waitFor();
  await page.locator(`[data-testid="referral-row"][data-id="${referralId}"][data-status="reward_pending"]`).click();
  await page.locator('[data-testid="referral-page"][data-status="reward_pending"]').waitFor();
  await page.getByTestId('approve-reward').selectOption('shopping_card');
  await page.getByTestId('referral-approve').click();
  await page.locator('[data-testid="referral-page"][data-status="approved"]').waitFor();
  await page.getByTestId('pay-reference').fill('CARD-0001');
  await page.getByTestId('referral-pay').click();
  await page.locator('[data-testid="referral-page"][data-status="paid"]').waitFor();
  await page.locator('[data-testid="referral-event"][data-kind="paid"]').waitFor();

  // The owner's tier rose with the signed referral.
  await page.goto(`${BASE}/customers/${owner}`);
  await page.locator('[data-testid="membership-panel"][data-tier="silver"]').waitFor();
  await page.close();
});

test('a sales manager reads the referral rules; the head of CRM edits them', async () => {
  const manager = await signIn(browser, 'sales_manager');
  await manager.getByTestId('nav-referral-rules').click();
  await manager.getByTestId('referral-rules-form').waitFor();
  assert.equal(await manager.getByTestId('settings-save').count(), 0, 'read only');
  await manager.close();
  const page = await signIn(browser, 'crm_head');
  await page.getByTestId('nav-referral-rules').click();
  await page.getByTestId('ms-protection-days').fill('120');
  await page.getByTestId('settings-save').click();
  await page.getByTestId('ms-protection-days-error').waitFor();
  await page.close();
});
