#!/usr/bin/env python3
"""The write floor of an import on SQLite (see floor.sql and run.sh).

The same rows as floor.sql, generated ahead into TEMP staging tables and
copied with one INSERT ... SELECT per table, in one write transaction per
chunk, on a connection configured as db/pool.rs configures the server's (WAL,
synchronous = FULL, foreign keys on, 32 MiB cache, mmap) and the import's log
setting (checkpoint past 32,768 pages). Variants A-E as in pg.sh.
Usage: sqlite.py DIR (the database file goes there); LEADS, ROWS, CHUNK from the environment.
"""
import base64, glob, hashlib, hmac, os, sys, time, sqlite3

LEADS = int(os.environ.get("LEADS", 50000))
ROWS = int(os.environ.get("ROWS", 10000))
CHUNK = int(os.environ.get("CHUNK", 1000))
CO = "co000000-0000-7000-8000-000000000001"
TS = "2026-12-06 10:00:00.000000"
EXPL = ('{"decided_by":"a_timeframe","fired":['
        + '{"rule":"r_x","contribution":10,"fact":"within_3_months","matched":true},' * 17 + "1]}")
DETAIL = ('{"rule_set_version":1,"decided_by":"a_timeframe","role":"sales_manager",'
          '"rule":"lead_assignment v1","open_leads":1234}')
AUDIT = ('{"project_id":"pr000001","source":"walk_in","budget_fen":300000000,'
         '"purchase_timeframe":"within_3_months","ability_to_pay":"can_pay","duplicate":false,'
         '"consent":{"purpose":"marketing","notice_version":"v1"}}')
COLS = {
    "customers": "id, company_id, name, phone_enc, phone_bidx, family_structure, occupation, created_at, updated_at",
    "consents": "id, company_id, customer_id, purpose, notice_version, channel, given_at",
    "leads": "id, company_id, customer_id, project_id, source, budget_fen, purchase_timeframe, ability_to_pay, "
             "grade, grade_source, status, owner_id, assigned_at, created_via, version, created_at, updated_at, "
             "next_due_at, sla_state",
    "gradings": "id, company_id, lead_id, grade, score, rule_set_version, explanation_json, manual, reason, created_at",
    "lead_events": "id, company_id, lead_id, kind, actor_kind, reason, detail_json, created_at",
    "audit_events": "id, company_id, actor_id, actor_kind, action, entity_type, entity_id, after_json, request_id, created_at",
    "sla_clocks": "id, company_id, entity_type, entity_id, kind, rule, owner_id, warn_at, due_at, grace_until, state, "
                  "created_at, updated_at",
}


def mkid(i, tag):
    """A 36-character id ordered on i, like db::new_id()'s uuid v7 strings."""
    h = hashlib.md5(f"{i}{tag}".encode()).hexdigest()
    s = "%012x" % (1800000000000 + i * 4) + "7" + h[:3] + "8" + h[3:18]
    return f"{s[:8]}-{s[8:12]}-{s[12:16]}-{s[16:20]}-{s[20:32]}"


def rows(lo, hi):
    r = {t: [] for t in COLS}
    for i in range(lo, hi):
        c, lead, owner, grade = mkid(i, "c"), mkid(i, "l"), "us0000%02d" % (i % 20), "ABC"[i % 3]
        r["customers"].append((c, CO, "客户%d" % i, "k1:" + base64.b64encode(os.urandom(39)).decode(),
                               hmac.new(b"k", b"p%d" % i, "sha256").hexdigest(), "", "", TS, TS))
        r["consents"].append((mkid(i, "n"), CO, c, "marketing", "v1", "import", TS))
        r["leads"].append((lead, CO, c, "pr00000%d" % (i % 3),
                           ["official_site", "wechat", "walk_in", "exhibition", "anjuke", "beike"][i % 6],
                           300000000 + i % 1000 * 10000, "within_3_months", "can_pay", grade, "rules", "new",
                           owner, TS, "import", 3, TS, TS, "2026-12-07 %02d:00:00.000000" % (i % 24), "on_time"))
        r["gradings"].append((mkid(i, "g"), CO, lead, grade, 70, 1, EXPL, 0, "", TS))
        for k, kind in enumerate(["captured", "graded", "assigned"]):
            r["lead_events"].append((mkid(i * 3 + k, "e"), CO, lead, kind, "user", "walk_in",
                                     None if k == 0 else DETAIL, TS))
        r["audit_events"].append((mkid(i, "a"), CO, "us000000", "user", "lead.create", "lead", lead, AUDIT, "req", TS))
        r["sla_clocks"].append((mkid(i, "s"), CO, "lead", lead, "first_contact", "lead_sla.a_first_contact_hours=24",
                                owner, TS, TS, TS, "on_time", TS, TS))
    return r


def main():
    path = os.path.join(sys.argv[1], "floor.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                     "PRAGMA busy_timeout = 10000; PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -32768;")
    here = os.path.join(os.path.dirname(__file__), "../../../migrations/sqlite")
    for m in sorted(glob.glob(os.path.join(here, "*/up.sql"))):
        db.executescript(open(m).read())
    db.execute("INSERT INTO companies (id, name, created_at) VALUES (?, 'floor', ?)", (CO, TS))
    for i in range(3):
        db.execute("INSERT INTO projects (id, company_id, name, city, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                   ("pr00000%d" % i, CO, "p%d" % i, "sh", TS, TS))
    for i in range(20):
        db.execute("INSERT INTO users (id, company_id, email, password_hash, display_name, role, created_at, "
                   "updated_at) VALUES (?,?,?,?,?,?,?,?)",
                   ("us0000%02d" % i, CO, "u%d@floor" % i, "h", "u", "sales_rep", TS, TS))

    def stage(lo, hi):
        r = rows(lo, hi)
        for t, cols in COLS.items():
            db.execute(f"DROP TABLE IF EXISTS temp.s_{t}")
            db.execute(f"CREATE TEMP TABLE s_{t} AS SELECT {cols} FROM main.{t} WHERE 0")
            db.executemany(f"INSERT INTO temp.s_{t} VALUES ({','.join('?' * len(cols.split(',')))})", r[t])

    def load(tables):
        db.execute("BEGIN IMMEDIATE")
        for t in tables:
            db.execute(f"INSERT INTO main.{t} ({COLS[t]}) SELECT * FROM temp.s_{t}")
        db.execute("COMMIT")

    for lo in range(1, LEADS + 1, 50000):
        stage(lo, min(lo + 50000, LEADS + 1))
        load(COLS)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_autocheckpoint = 32768")
    nxt = [LEADS + 1]

    def measure(label, tables):
        for run in (1, 2, 3):
            spent = 0.0
            for lo in range(nxt[0], nxt[0] + ROWS, CHUNK):
                stage(lo, lo + CHUNK)
                t0 = time.perf_counter()
                load(tables)
                spent += time.perf_counter() - t0
            nxt[0] += ROWS
            print(f"{label}, run {run}: {int(ROWS / spent)} leads/s", flush=True)

    def drop_indexes(tables):
        names = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({','.join('?' * len(tables))}) AND name <> 'customers_phone_uq'", tables).fetchall()
        for (name,) in names:
            db.execute(f"DROP INDEX {name}")

    print(f"# sqlite floor: {LEADS} leads in the database, {ROWS} copied by chunks of {CHUNK}")
    measure("A schema as it is", list(COLS))
    db.execute("PRAGMA foreign_keys = OFF")
    measure("B no foreign-key checks", list(COLS))
    drop_indexes(["leads"])
    measure("C B, leads without secondary indexes", list(COLS))
    drop_indexes([t for t in COLS if t != "leads"])
    measure("D C, no secondary index but the phone's", list(COLS))
    measure("E D, customer + lead + clock only", ["customers", "leads", "sla_clocks"])


main()
