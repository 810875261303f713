// Leads: capture → grade and explanation → follow-up on the timeline, and a
// sales rep who cannot see another rep's lead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PASSWORD, api, launch, signIn, tokenOf } from './browser.mjs';

const PROJECT = '滨江壹号院'; // the demo project every sales role is granted
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A mobile number nobody else in this run uses. */
function uniquePhone() {
  return `139${String(Date.now() % 1e8).padStart(8, '0')}`;
}

test('a sales manager captures a lead, sees its grade explained and logs a follow-up', async () => {
  const page = await signIn(browser, 'sales_manager');
  assert.equal(await page.getByTestId('nav-leads').count(), 1, 'sales manager sees the leads menu');
  assert.equal(await page.getByTestId('nav-reports').count(), 1, 'and the reports');
  await page.getByTestId('nav-new-lead').click();
  await page.getByTestId('capture-form').waitFor();

  // Missing name and a bad phone: the server's 422 shows beside each field.
  await page.getByTestId('capture-phone').fill('12345');
  await page.getByTestId('capture-submit').click();
  await page.getByTestId('capture-name-error').waitFor();
  await page.getByTestId('capture-phone-error').waitFor();

  const name = `浏览器客户${Date.now()}`;
  await page.getByTestId('capture-name').fill(name);
  await page.getByTestId('capture-phone').fill(uniquePhone());
  await page.getByTestId('capture-project').selectOption({ label: PROJECT });
  await page.getByTestId('capture-source').selectOption('walk_in');
  await page.getByTestId('capture-budget').fill('5,000,000');
  await page.getByTestId('capture-timeframe').selectOption('within_3_months');
  await page.getByTestId('capture-ability').selectOption('can_pay');
  await page.getByTestId('capture-visits').fill('1');
  await page.getByTestId('capture-layouts').fill('3室2厅、4室2厅');
  await page.getByTestId('capture-submit').click();

  const result = page.getByTestId('capture-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-duplicate'), 'false', 'a new phone is a new customer');
  await page.getByTestId('capture-open-lead').click();

  await page.getByTestId('lead-page').waitFor();
  assert.equal(await page.getByTestId('lead-name').innerText(), name);
  const grade = await page.getByTestId('lead-page-grade').getAttribute('data-grade');
  assert.match(grade, /^[ABC]$/, `the lead is graded: ${grade}`);

  // The explanation: every rule with whether it fired and its points, the version, the thresholds.
  const panel = page.getByTestId('grading-panel');
  assert.equal(await panel.getAttribute('data-graded'), 'true');
  const rules = page.getByTestId('grading-rule');
  assert.ok((await rules.count()) > 0, 'the rules are listed');
  assert.ok((await page.locator('[data-testid="grading-rule"][data-fired="true"]').count()) > 0, 'some rule fired');
  assert.match(await page.getByTestId('grading-version').innerText(), /^\d+$/);
  assert.ok((await page.getByTestId('grading-thresholds').innerText()).length > 0);
  assert.equal(await page.getByTestId('grading-grade').getAttribute('data-grade'), grade);

  // A follow-up appears on the timeline and moves the lead on.
  const outcome = `客户确认周末到访 ${Date.now()}`;
  await page.getByTestId('follow-up-channel').selectOption('call');
  await page.getByTestId('follow-up-outcome').fill(outcome);
  await page.getByTestId('follow-up-next-step').fill('周六带看样板间');
  await page.getByTestId('follow-up-submit').click();
  await page.locator('[data-testid="timeline-item"][data-kind="follow_up"]').filter({ hasText: outcome }).waitFor();
  await page.locator('[data-testid="lead-page-status"][data-status="contacted"]').waitFor();
  // System events read in the interface's language (Chinese here), not as codes.
  const reason = (kind) => page.locator(`[data-testid="timeline-item"][data-kind="${kind}"] [data-testid="timeline-reason"]`);
  assert.equal(await reason('captured').innerText(), '展厅接待');
  assert.match(await reason('status_changed').innerText(), /^\S+ → \S+（/);
  assert.doesNotMatch(await reason('status_changed').innerText(), /contacted|follow-up/);
  assert.ok(
    (await page.locator('[data-testid="timeline-item"][data-kind="captured"]').count()) === 1,
    'the capture is on the same timeline',
  );

  // Editing the profile while someone else changed the lead: a clear 412, then reload and save.
  const leadId = await page.getByTestId('lead-page').getAttribute('data-id');
  await page.getByTestId('edit-facts-toggle').click();
  await page.getByTestId('edit-facts-form').waitFor();
  const manager = await tokenOf('sales_manager@demo.example');
  const fresh = await fetch(`${BASE}/api/v1/leads/${leadId}`, { headers: { Authorization: `Bearer ${manager}` } });
  const patched = await fetch(`${BASE}/api/v1/leads/${leadId}`, {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${manager}`, 'Content-Type': 'application/json', 'If-Match': fresh.headers.get('etag'),
    },
    body: JSON.stringify({ notes: '同事刚刚更新了备注' }),
  });
  assert.equal(patched.status, 200, 'the concurrent edit worked');
  await page.getByTestId('edit-occupation').fill('教师');
  await page.getByTestId('edit-facts-submit').click();
  await page.getByTestId('edit-facts-stale').waitFor();
  await page.getByTestId('edit-facts-reload').click();
  await page.getByTestId('edit-facts-form').waitFor({ state: 'detached' });
  await page.getByTestId('edit-facts-toggle').click();
  assert.equal(await page.getByTestId('edit-notes').inputValue(), '同事刚刚更新了备注', 'the reload shows their change');
  await page.getByTestId('edit-occupation').fill('教师');
  await page.getByTestId('edit-facts-submit').click();
  await page.getByTestId('lead-details').filter({ hasText: '教师' }).waitFor();

  // The list finds the lead by name, with its grade badge.
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('lead-filter-q').fill(name);
  await page.getByTestId('lead-filter-submit').click();
  const row = page.getByTestId('lead-row').filter({ hasText: name });
  await row.waitFor();
  assert.equal(await row.getByTestId('lead-grade').getAttribute('data-grade'), grade);
  await page.close();
});

test("a sales rep does not see another rep's lead", async () => {
  // Set-up through the API: a second rep on the same project, one lead for each rep.
  const admin = await tokenOf('admin@demo.example');
  const projects = await api(admin, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  assert.ok(project, 'the demo project exists');
  const stamp = Date.now();
  const other = await api(admin, 'POST', '/users', {
    email: `rep2-${stamp}@demo.example`,
    password: `${PASSWORD}x`,
    display_name: '另一位置业顾问',
    role: 'sales_rep',
  });
  await api(admin, 'PUT', `/users/${other.id}/projects`, { project_ids: [project.id] });

  const rep = await tokenOf('sales_rep@demo.example');
  const repMe = await api(rep, 'GET', '/me');
  const manager = await tokenOf('sales_manager@demo.example');
  const phoneOf = (name) => `137${String((stamp + name.length) % 1e8).padStart(8, '0')}`;
  const capture = (name) => api(manager, 'POST', '/leads', {
    name,
    phone: phoneOf(name),
    project_id: project.id,
    source: 'douyin',
    purchase_timeframe: 'undated',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });
  const prefix = `隔离测试${stamp}`;
  const mine = (await capture(`${prefix}甲`)).lead;
  const theirs = (await capture(`${prefix}乙乙`)).lead;
  await api(manager, 'POST', `/leads/${mine.id}/assign`, { owner_id: repMe.id, reason: 'e2e' });
  await api(manager, 'POST', `/leads/${theirs.id}/assign`, { owner_id: other.id, reason: 'e2e' });

  const page = await signIn(browser, 'sales_rep');
  assert.equal(await page.getByTestId('nav-settings').count(), 0, 'no settings menu for a rep');
  assert.equal(await page.getByTestId('nav-reports').count(), 0, 'no reports menu for a rep');
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('lead-filter-q').fill(prefix);
  await page.getByTestId('lead-filter-submit').click();
  // Wait until the filtered page has arrived (the unfiltered one may show the same lead).
  await page.waitForFunction((prefix) => {
    const links = [...document.querySelectorAll('[data-testid="lead-link"]')];
    const end = document.querySelector('[data-testid="list-end"]');
    return end && links.length > 0 && links.every((a) => a.textContent.startsWith(prefix));
  }, prefix);
  const names = await page.getByTestId('lead-link').allInnerTexts();
  assert.deepEqual(names, [`${prefix}甲`], "only the rep's own lead is listed");

  // Their lead's timeline names the manager who assigned it, though reps have no staff directory.
  const managerMe = await api(manager, 'GET', '/me');
  await page.getByTestId('lead-link').first().click();
  const assignedBy = page.locator('[data-testid="timeline-item"][data-kind="reassigned"] [data-testid="timeline-actor"]');
  await assignedBy.first().waitFor();
  assert.equal(await assignedBy.first().innerText(), managerMe.display_name);

  // Opening the other rep's lead by its address shows "not found", not the lead.
  await page.goto(`${BASE}/leads/${theirs.id}`);
  await page.getByTestId('error-banner').waitFor();
  assert.equal(await page.getByTestId('lead-page').count(), 0);

  // Capturing that customer's phone (an A lead: a sales manager's, not the
  // rep's): attached, but nothing about the customer or the new lead is shown.
  await page.getByTestId('nav-new-lead').click();
  await page.getByTestId('capture-form').waitFor();
  await page.getByTestId('capture-name').fill('随便填');
  await page.getByTestId('capture-phone').fill(phoneOf(`${prefix}乙乙`));
  await page.getByTestId('capture-project').selectOption({ label: PROJECT });
  await page.getByTestId('capture-source').selectOption('walk_in');
  await page.getByTestId('capture-budget').fill('4,500,000');
  await page.getByTestId('capture-timeframe').selectOption('within_3_months');
  await page.getByTestId('capture-ability').selectOption('can_pay');
  await page.getByTestId('capture-submit').click();
  const result = page.getByTestId('capture-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-duplicate'), 'true');
  await page.getByTestId('capture-withheld').waitFor();
  assert.equal(await page.getByTestId('capture-grade').count(), 0, 'no grade shown');
  assert.equal(await page.getByTestId('capture-open-lead').count(), 0, 'no link to a lead they may not open');
  await page.close();
});

test('an ungraded lead waits in the pool and a sales manager claims it', async () => {
  const manager = await tokenOf('sales_manager@demo.example');
  const projects = await api(manager, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  const name = `公海客户${Date.now()}`;
  // Opted out of automated decisions: never graded by the rules, so it waits in the pool.
  const { lead } = await api(manager, 'POST', '/leads', {
    name,
    phone: `136${String(Date.now() % 1e8).padStart(8, '0')}`,
    project_id: project.id,
    source: 'beike',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
    opt_outs: { automated_decisions: true },
  });
  assert.equal(lead.owner_id, null, 'in the pool');

  const page = await signIn(browser, 'sales_manager');
  await page.getByTestId('nav-pool').click();
  await page.getByTestId('pool-page').waitFor();
  await page.getByTestId('lead-filter-q').fill(name);
  await page.getByTestId('lead-filter-submit').click();
  const row = page.getByTestId('lead-row').filter({ hasText: name });
  await row.waitFor();
  assert.equal(await row.getByTestId('lead-grade').getAttribute('data-grade'), '', 'shown as awaiting a grade');
  await row.getByTestId('lead-claim').click();
  await row.waitFor({ state: 'detached' });

  await page.goto(`${BASE}/leads/${lead.id}`);
  await page.getByTestId('lead-page').waitFor();
  await page.getByTestId('grading-awaiting').waitFor();
  const me = await api(manager, 'GET', '/me');
  assert.equal(await page.getByTestId('lead-owner').getAttribute('data-owner'), me.id, 'the claimer owns it');
  await page.close();
});

test('a sales rep may only claim a pool lead; once theirs, they work it and see the phone', async () => {
  const manager = await tokenOf('sales_manager@demo.example');
  const projects = await api(manager, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  const phone = `135${String(Date.now() % 1e8).padStart(8, '0')}`;
  const { lead } = await api(manager, 'POST', '/leads', {
    name: `待认领${Date.now()}`,
    phone,
    project_id: project.id,
    source: 'wechat',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
    opt_outs: { automated_decisions: true },
  });
  assert.equal(lead.owner_id, null, 'in the pool');

  const page = await signIn(browser, 'sales_rep');
  await page.goto(`${BASE}/leads/${lead.id}`);
  await page.getByTestId('lead-page-claim').waitFor();
  for (const id of ['lead-reveal', 'follow-up-form', 'grade-form', 'lose-form', 'edit-facts-form']) {
    assert.equal(await page.getByTestId(id).count(), 0, `not before claiming: ${id}`);
  }
  await page.getByTestId('lead-page-claim').click();
  await page.getByTestId('follow-up-form').waitFor();
  await page.getByTestId('lead-reveal').click();
  assert.equal(await page.getByTestId('lead-phone-full').innerText(), phone);
  await page.close();
});

test('the CRM head sees a 412 when the SLA changed meanwhile, and import reports bad rows', async () => {
  const page = await signIn(browser, 'crm_head');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-sla').click();
  await page.getByTestId('sla-form').waitFor();
  await page.locator('[data-testid="settings-version"][data-version]').waitFor();

  // Someone else saves first (same values, new version).
  const head = await tokenOf('crm_head@demo.example');
  const current = await fetch(`${BASE}/api/v1/settings/lead-sla`, { headers: { Authorization: `Bearer ${head}` } });
  const etag = current.headers.get('etag');
  const { sla } = await current.json();
  const put = await fetch(`${BASE}/api/v1/settings/lead-sla`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${head}`, 'Content-Type': 'application/json', 'If-Match': etag },
    body: JSON.stringify(sla),
  });
  assert.equal(put.status, 200, 'the concurrent save worked');

  await page.getByTestId('settings-save').click();
  await page.getByTestId('settings-stale').waitFor();
  await page.getByTestId('settings-reload').click();
  await page.getByTestId('settings-stale').waitFor({ state: 'detached' });
  await page.getByTestId('settings-save').click();
  await page.getByTestId('toast').filter({ hasText: /已保存|Saved/ }).waitFor();

  // Import: one good row, one bad phone; the bad row is reported by line and field.
  await page.getByTestId('nav-import').click();
  const csv = `姓名,手机,项目,渠道\n导入客户,${uniquePhone()},${PROJECT},展厅接待\n坏号码,12345,${PROJECT},展厅接待\n`;
  await page.getByTestId('import-file').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-submit').click();
  await page.getByTestId('import-report').waitFor();
  assert.equal(await page.getByTestId('import-total').innerText(), '2');
  assert.equal(await page.getByTestId('import-imported').innerText(), '1');
  assert.equal(await page.getByTestId('import-failed').innerText(), '1');
  const bad = page.getByTestId('import-error-row');
  assert.equal(await bad.count(), 1);
  assert.equal(await bad.getAttribute('data-line'), '3');
  assert.equal(await bad.getAttribute('data-field'), 'phone');
  await page.close();
});

test('a sales manager assigns by name, finds a lead by phone, sees charts and their tasks for today', async () => {
  const manager = await tokenOf('sales_manager@demo.example');
  const rep = await tokenOf('sales_rep@demo.example');
  const repMe = await api(rep, 'GET', '/me');
  const projects = await api(manager, 'GET', '/projects?limit=200');
  const project = projects.data.find((p) => p.name === PROJECT);
  const staff = await api(manager, 'GET', `/lead-staff?project_id=${project.id}&limit=200`);
  const repName = staff.data.find((s) => s.id === repMe.id)?.display_name;
  assert.ok(repName, 'the rep is in the staff directory of the project');
  assert.equal(repName, repMe.display_name);

  // An A lead: the manager owns it and its first contact is due tomorrow, not today.
  const phone = uniquePhone();
  const name = `分配客户${Date.now()}`;
  const { lead } = await api(manager, 'POST', '/leads', {
    name,
    phone,
    project_id: project.id,
    source: 'walk_in',
    purchase_timeframe: 'within_3_months',
    ability_to_pay: 'can_pay',
    consent: { purpose: 'sales_contact', notice_version: '2026-01' },
  });

  const page = await signIn(browser, 'sales_manager');

  // My tasks today: exactly what the API lists as due by the end of today; the new lead is not among them.
  const end = new Date();
  end.setHours(24, 0, 0, 0);
  const due = await api(manager, 'GET', `/leads?owner_id=${(await api(manager, 'GET', '/me')).id}`
    + `&sort=next_due&limit=50&due_before=${encodeURIComponent(end.toISOString())}`);
  await page.getByTestId('nav-my-tasks').click();
  await page.getByTestId('my-tasks-page').waitFor();
  if (due.data.length > 0) {
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="task-row"]').length === n, due.data.length);
    const ids = await page.getByTestId('task-row').evaluateAll((rows) => rows.map((r) => r.dataset.id));
    assert.deepEqual(ids, due.data.map((l) => l.id), 'the same leads, soonest due first');
  } else {
    await page.getByTestId('my-tasks-table').filter({ hasText: /今天没有到期的跟进|Nothing due today/ }).waitFor();
  }
  assert.equal(await page.locator(`[data-testid="task-row"][data-id="${lead.id}"]`).count(), 0, 'due tomorrow: not a task today');

  // Assign by picking the rep's name (no ids typed).
  await page.goto(`${BASE}/leads/${lead.id}`);
  await page.getByTestId('assign-form').waitFor();
  const option = page.locator('[data-testid="assign-owner"] option', { hasText: repName }).first();
  await option.waitFor({ state: 'attached' });
  await page.getByTestId('assign-owner').selectOption(await option.getAttribute('value'));
  await page.getByTestId('assign-reason').fill('客户指定顾问');
  await page.getByTestId('assign-submit').click();
  const owner = page.locator(`[data-testid="lead-owner"][data-owner="${repMe.id}"]`);
  await owner.waitFor();
  assert.equal((await owner.innerText()).trim(), repName, 'the owner shows by name');

  // Phone search (spaced as people type it), and the owner filter picks a person.
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('lead-filter-phone').fill(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
  await page.getByTestId('lead-filter-owner').selectOption(repMe.id);
  await page.getByTestId('lead-filter-submit').click();
  await page.waitForFunction((id) => {
    const rows = [...document.querySelectorAll('[data-testid="lead-row"]')];
    return rows.length === 1 && rows[0].dataset.id === id;
  }, lead.id);
  assert.ok((await page.getByTestId('lead-row').innerText()).includes(repName), 'the list shows the owner by name');

  // Reports: bar charts drawn as SVG, named for screen readers.
  await page.getByTestId('nav-reports').click();
  const chart = page.getByTestId('chart-conversion');
  await chart.waitFor();
  const svg = chart.locator('svg[role="img"]');
  assert.ok((await svg.getAttribute('aria-label')).length > 0, 'the chart has an accessible name');
  assert.ok((await chart.getByTestId('chart-bar').count()) > 0, 'it has bars');
  assert.ok((await page.getByTestId('chart-lost').locator('svg, p').count()) > 0);
  await page.close();
});
