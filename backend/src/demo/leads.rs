//! Demo leads (`estate-crm demo load`): leads of the demo company in every
//! state a sales office sees on a Monday morning, written through the same
//! capture, follow-up and SLA code the API uses, so grades, assignments,
//! clocks, notifications and timelines are real.

use api_types::{
    AbilityToPay, CaptureLead, ConsentInput, CreateFollowUp, FollowUpChannel, LeadSource, LoseLead,
    LostReason, OptOuts, PurchaseTimeframe,
};
use chrono::Duration;
use diesel::prelude::*;

use crate::audit::AuditCtx;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::leads::capture::{self, Origin};
use crate::leads::{follow_up, queries, work};
use crate::personal_data::PersonalData;
use crate::schema::{leads, projects, sla_clocks};

/// What happens to a demo lead after capture.
#[derive(Clone, Copy)]
enum Then {
    /// Nothing: a fresh lead on time.
    Nothing,
    /// Its owner records a follow-up.
    FollowUp(FollowUpChannel, &'static str, &'static str),
    /// Captured this many hours ago and never contacted (the sweep then
    /// breaches, escalates or returns it to the pool as the rules say).
    Ignored(i64),
    /// Lost with a reason.
    Lost(LostReason, &'static str),
}

struct DemoLead {
    name: &'static str,
    phone: &'static str,
    /// Index into the demo projects.
    project: usize,
    source: LeadSource,
    budget_yuan: Option<i64>,
    timeframe: Option<PurchaseTimeframe>,
    pay: Option<AbilityToPay>,
    family: &'static str,
    occupation: &'static str,
    layouts: &'static [&'static str],
    visits: i32,
    no_automation: bool,
    then: Then,
}

use AbilityToPay::*;
use FollowUpChannel as Ch;
use LeadSource as Src;
use PurchaseTimeframe::*;

const LEADS: &[DemoLead] = &[
    DemoLead {
        name: "王建国",
        phone: "13900001001",
        project: 0,
        source: Src::WalkIn,
        budget_yuan: Some(6_000_000),
        timeframe: Some(Within3Months),
        pay: Some(CanPay),
        family: "三口之家",
        occupation: "企业主",
        layouts: &["4室2厅2卫"],
        visits: 1,
        no_automation: false,
        then: Then::FollowUp(Ch::Visit, "带看 1 栋 1801,对景观满意", "周六带家人复看"),
    },
    DemoLead {
        name: "李娜",
        phone: "13900001002",
        project: 0,
        source: Src::Beike,
        budget_yuan: Some(4_200_000),
        timeframe: Some(Within6Months),
        pay: Some(NeedsFinancing),
        family: "新婚夫妇",
        occupation: "教师",
        layouts: &["3室2厅1卫"],
        visits: 0,
        no_automation: false,
        then: Then::FollowUp(
            Ch::Call,
            "关注首付比例与公积金贷款",
            "发送 3 室户型图和贷款测算",
        ),
    },
    DemoLead {
        name: "张伟",
        phone: "13900001003",
        project: 0,
        source: Src::Douyin,
        budget_yuan: None,
        timeframe: Some(NoPlan),
        pay: Some(Unknown),
        family: "",
        occupation: "",
        layouts: &[],
        visits: 0,
        no_automation: false,
        then: Then::Nothing,
    },
    DemoLead {
        name: "刘洋",
        phone: "13900001004",
        project: 0,
        source: Src::Wechat,
        budget_yuan: Some(5_500_000),
        timeframe: Some(Within3Months),
        pay: Some(CanPay),
        family: "二孩家庭",
        occupation: "医生",
        layouts: &["4室2厅2卫"],
        visits: 0,
        no_automation: false,
        then: Then::Ignored(30),
    },
    DemoLead {
        name: "陈静",
        phone: "13900001005",
        project: 0,
        source: Src::Anjuke,
        budget_yuan: Some(4_000_000),
        timeframe: Some(Undated),
        pay: Some(NeedsFinancing),
        family: "三口之家",
        occupation: "工程师",
        layouts: &["3室2厅1卫"],
        visits: 0,
        no_automation: false,
        then: Then::Ignored(24 * 5),
    },
    DemoLead {
        name: "杨帆",
        phone: "13900001006",
        project: 0,
        source: Src::OfficialSite,
        budget_yuan: Some(3_000_000),
        timeframe: Some(Within12Months),
        pay: Some(NeedsFinancing),
        family: "单身",
        occupation: "设计师",
        layouts: &["3室2厅1卫"],
        visits: 1,
        no_automation: false,
        then: Then::Lost(LostReason::PriceObjection, "总价超出预算约 100 万"),
    },
    DemoLead {
        name: "赵磊",
        phone: "13900001007",
        project: 1,
        source: Src::Exhibition,
        budget_yuan: Some(11_000_000),
        timeframe: Some(Within3Months),
        pay: Some(CanPay),
        family: "三代同堂",
        occupation: "公司高管",
        layouts: &["5室2厅3卫"],
        visits: 2,
        no_automation: false,
        then: Then::FollowUp(Ch::Wechat, "确认 A 座 5 楼边套意向", "约下周二签认购"),
    },
    DemoLead {
        name: "黄丽",
        phone: "13900001008",
        project: 1,
        source: Src::OwnerReferral,
        budget_yuan: Some(9_500_000),
        timeframe: Some(Undated),
        pay: Some(CanPay),
        family: "二孩家庭",
        occupation: "律师",
        layouts: &["4室2厅3卫"],
        visits: 0,
        no_automation: false,
        then: Then::Nothing,
    },
    DemoLead {
        name: "周杰",
        phone: "13900001009",
        project: 0,
        source: Src::OnlineSalesOffice,
        budget_yuan: Some(4_500_000),
        timeframe: Some(Within6Months),
        pay: Some(CanPay),
        family: "三口之家",
        occupation: "公务员",
        layouts: &["3室2厅1卫"],
        visits: 0,
        no_automation: true,
        then: Then::Nothing,
    },
    DemoLead {
        name: "王建国",
        phone: "13900001001",
        project: 1,
        source: Src::PartnerChannel,
        budget_yuan: Some(10_000_000),
        timeframe: Some(Within6Months),
        pay: Some(CanPay),
        family: "三口之家",
        occupation: "企业主",
        layouts: &["4室2厅3卫"],
        visits: 0,
        no_automation: false,
        then: Then::Nothing,
    },
];

/// Captures the demo leads of the company and lets the SLA sweep act on the
/// old ones. Call once, right after the demo company was created.
pub fn load(conn: &mut DbConn, pd: &PersonalData, company_id: &str) -> Result<usize, ApiError> {
    let project_ids: Vec<(String, String)> = projects::table
        .filter(projects::company_id.eq(company_id))
        .select((projects::name, projects::id))
        .load(conn)?;
    let origin = Origin {
        ctx: AuditCtx::system(company_id),
        via: "staff",
        allowed_projects: None,
    };
    for demo in LEADS {
        let name = super::PROJECTS[demo.project].name;
        let Some((_, project_id)) = project_ids.iter().find(|(n, _)| n == name) else {
            continue;
        };
        let input = capture_input(demo, project_id);
        let lead_id = capture::capture(conn, pd, &origin, &input)?.lead_id;
        act(conn, &origin.ctx, &lead_id, demo.then)?;
    }
    crate::sla::sweep(conn, db::now(), &crate::jobs::sla_subjects())?;
    Ok(LEADS.len())
}

fn capture_input(d: &DemoLead, project_id: &str) -> CaptureLead {
    CaptureLead {
        name: d.name.into(),
        phone: d.phone.into(),
        project_id: project_id.into(),
        source: d.source,
        budget_fen: d.budget_yuan.map(|y| y * 100),
        purchase_timeframe: d.timeframe,
        ability_to_pay: d.pay,
        family_structure: d.family.into(),
        occupation: d.occupation.into(),
        preferred_layouts: d.layouts.iter().map(|l| l.to_string()).collect(),
        notes: String::new(),
        visits: d.visits,
        consent: ConsentInput {
            purpose: "sales_contact".into(),
            notice_version: "2026-01".into(),
        },
        opt_outs: OptOuts {
            automated_decisions: d.no_automation,
            ..OptOuts::default()
        },
    }
}

fn act(conn: &mut DbConn, ctx: &AuditCtx, lead_id: &str, then: Then) -> Result<(), ApiError> {
    let row = queries::reload(conn, lead_id)?;
    match then {
        Then::Nothing => {}
        Then::FollowUp(channel, outcome, next_step) => {
            let actor = row.owner_id.clone().unwrap_or_default();
            let input = CreateFollowUp {
                channel,
                outcome: outcome.into(),
                next_step: next_step.into(),
                occurred_at: None,
            };
            follow_up::record(conn, ctx, &actor, &row, &input, db::now())?;
        }
        Then::Ignored(hours) => backdate(conn, lead_id, Duration::hours(hours))?,
        Then::Lost(reason, note) => {
            let input = LoseLead {
                reason,
                note: note.into(),
            };
            work::lose(conn, ctx, &row, &input)?;
        }
    }
    Ok(())
}

/// Moves a lead and its open clock into the past, as if captured `by` ago.
fn backdate(conn: &mut DbConn, lead_id: &str, by: Duration) -> QueryResult<()> {
    let row = queries::reload(conn, lead_id)?;
    diesel::update(leads::table.find(lead_id))
        .set((
            leads::created_at.eq(row.created_at - by),
            leads::updated_at.eq(row.created_at - by),
            leads::next_due_at.eq(row.next_due_at.map(|t| t - by)),
        ))
        .execute(conn)?;
    let clocks: Vec<(
        String,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
    )> = sla_clocks::table
        .filter(sla_clocks::entity_type.eq("lead"))
        .filter(sla_clocks::entity_id.eq(lead_id))
        .select((
            sla_clocks::id,
            sla_clocks::warn_at,
            sla_clocks::due_at,
            sla_clocks::grace_until,
        ))
        .load(conn)?;
    for (id, warn, due, grace) in clocks {
        diesel::update(sla_clocks::table.find(id))
            .set((
                sla_clocks::warn_at.eq(warn - by),
                sla_clocks::due_at.eq(due - by),
                sla_clocks::grace_until.eq(grace - by),
            ))
            .execute(conn)?;
    }
    Ok(())
}
