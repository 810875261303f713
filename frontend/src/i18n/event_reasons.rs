//! Why a lead event happened, in the reader's language: worded from the
//! event's `detail` (the facts the server records beside its English
//! `reason`) and from the API's enum codes. What a person typed (an
//! override's or a reassignment's reason, a merge note) is shown as typed;
//! an event recorded before its facts were kept shows the server's reason.

use api_types::{
    FollowUpChannel, Grade, LeadEvent, LeadSource, LeadStatus, LostReason, NotificationParams, Role,
};
use serde_json::Value;

use super::Lang;

impl Lang {
    /// The reason line of `ev`; `name` turns a staff user id into a name.
    pub fn event_reason(self, ev: &LeadEvent, name: &dyn Fn(&str) -> String) -> String {
        self.reason_of(&ev.kind, &ev.reason, ev.detail.as_ref(), name)
    }

    /// The reason line of a lead event of `kind` with the server's `reason`
    /// and `detail` (a lead event on the customer's timeline, say).
    pub fn reason_of(
        self,
        kind: &str,
        reason: &str,
        detail: Option<&Value>,
        name: &dyn Fn(&str) -> String,
    ) -> String {
        self.worded_reason(kind, reason, detail.unwrap_or(&Value::Null), name)
            .unwrap_or_else(|| reason.to_string())
    }

    /// Where an entry of the customer's timeline comes from (`lead_event`,
    /// `deal_event` …); unknown sources as they are.
    pub fn timeline_source(self, source: &str) -> String {
        let words = match source {
            "lead_event" => ("线索", "Lead"),
            "follow_up" => ("跟进", "Follow-up"),
            "deal_event" => ("成交", "Deal"),
            "membership_tier" => ("会员等级", "Membership tier"),
            "points" => ("积分", "Points"),
            "benefit_redemption" => ("权益核销", "Benefit redemption"),
            "referral" => ("老带新", "Referral"),
            "handover" => ("交付", "Handover"),
            "defect" => ("缺陷", "Defect"),
            "visit" => ("回访", "Visit"),
            other => return other.to_string(),
        };
        self.pick(words)
    }

    fn worded_reason(
        self,
        kind: &str,
        reason: &str,
        d: &Value,
        name: &dyn Fn(&str) -> String,
    ) -> Option<String> {
        let text = |key: &str| d.get(key).and_then(Value::as_str);
        Some(match kind {
            "captured" => self.label(LeadSource::parse(reason)?).to_string(),
            "duplicate" => self.pick((
                "该手机号属于已有客户，线索已关联到该客户",
                "The phone belongs to an existing customer; the lead was attached to them",
            )),
            "awaiting_manual_grading" => self.pick((
                "客户拒绝自动化决策，需由人工定级",
                "The customer opted out of automated decisions; a person must grade this lead",
            )),
            "pooled" => self.pick((
                "本项目没有可接收该等级线索的人员",
                "Nobody in this project takes leads of this grade",
            )),
            "claimed" => self.pick(("从公海领取", "Claimed from the pool")),
            "referral_registered" => self.pick((
                "老带新报备：推荐人已记录在线索上",
                "Owner referral registered: the referrer is recorded on the lead",
            )),
            "subscribed" => self.pick(("认购成交，线索已转化", "Converted by a subscription")),
            "graded" => {
                let grade = self.label(Grade::parse(text("grade")?)?);
                let score = d.get("score")?.as_i64()?;
                let version = d.get("rule_set_version")?.as_i64()?;
                self.pick((
                    &format!("{grade}，得分 {score}（规则集 v{version}）"),
                    &format!("{grade}, score {score} (rule set v{version})"),
                ))
            }
            "assigned" => {
                let role = self.label(Role::parse(text("role")?)?);
                let who = name(text("owner_id")?);
                let open = d.get("open_leads")?.as_i64()?;
                let rule = text("rule")?;
                self.pick((
                    &format!("分配给{role} {who}：未结线索最少（{open} 条），其次轮询（{rule}）"),
                    &format!(
                        "To {who} ({role}): fewest open leads ({open}), then round-robin ({rule})"
                    ),
                ))
            }
            "status_changed" => {
                let from = self.label(LeadStatus::parse(text("from")?)?);
                let to = self.label(LeadStatus::parse(text("to")?)?);
                let channel = self.label(FollowUpChannel::parse(text("channel")?)?);
                self.pick((
                    &format!("{from} → {to}（{channel}跟进）"),
                    &format!("{from} → {to} (by a follow-up: {channel})"),
                ))
            }
            "lost" => {
                let why = self.label(LostReason::parse(text("lost_reason")?)?);
                match text("note").unwrap_or_default() {
                    "" => why.to_string(),
                    note => format!("{why}{}{note}", self.pick(("：", ": "))),
                }
            }
            "sla_due_soon" | "sla_breached" | "sla_expired" | "escalated" | "returned_to_pool" => {
                let sla: NotificationParams = serde_json::from_value(d.get("sla")?.clone()).ok()?;
                self.sla_reason(kind, &sla, d, name)
            }
            _ => return None,
        })
    }

    /// An SLA event: the deadline as a notification words it, and what followed.
    fn sla_reason(
        self,
        kind: &str,
        sla: &NotificationParams,
        d: &Value,
        name: &dyn Fn(&str) -> String,
    ) -> String {
        let as_notice = match kind {
            "escalated" => "sla_escalated",
            "returned_to_pool" => "lead_returned_to_pool",
            other => other,
        };
        let mut text = self.notice_body(as_notice, sla);
        if kind == "escalated" {
            let to: Vec<String> = d
                .get("to")
                .and_then(Value::as_array)
                .map(|ids| ids.iter().filter_map(Value::as_str).map(name).collect())
                .unwrap_or_default();
            text += &self.pick((
                &format!("；已升级给 {}", to.join("、")),
                &format!("; escalated to {}", to.join(", ")),
            ));
        }
        if kind == "sla_expired" {
            text += &self.pick(("，线索已在公海", "; the lead was already in the pool"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, reason: &str, detail: Option<Value>) -> LeadEvent {
        LeadEvent {
            id: "e1".into(),
            kind: kind.into(),
            actor_id: None,
            actor_kind: "system".into(),
            reason: reason.into(),
            detail,
            names: Default::default(),
            created_at: chrono::Utc::now(),
        }
    }

    fn name(id: &str) -> String {
        format!("<{id}>")
    }

    #[test]
    fn a_capture_names_its_source_in_either_language() {
        let ev = event("captured", "walk_in", None);
        assert_eq!(Lang::En.event_reason(&ev, &name), "Showroom walk-in");
        assert_eq!(Lang::ZhCn.event_reason(&ev, &name), "展厅接待");
    }

    #[test]
    fn grading_assignment_and_status_read_from_their_facts() {
        let graded = event(
            "graded",
            "rule set v2: r",
            Some(json!({"grade": "A", "score": 85, "rule_set_version": 2, "decided_by": "r"})),
        );
        assert_eq!(
            Lang::En.event_reason(&graded, &name),
            format!("{}, score 85 (rule set v2)", Lang::En.label(Grade::A))
        );
        let assigned = event(
            "assigned",
            "grade A → sales_manager",
            Some(
                json!({"owner_id": "u1", "grade": "A", "role": "sales_manager",
                "rule": "lead_assignment v1", "open_leads": 3}),
            ),
        );
        let text = Lang::En.event_reason(&assigned, &name);
        assert!(text.starts_with("To <u1> ("), "{text}");
        assert!(text.contains("fewest open leads (3)"), "{text}");
        let status = event(
            "status_changed",
            "new → contacted by a call follow-up",
            Some(json!({"from": "new", "to": "contacted", "channel": "call"})),
        );
        let text = Lang::ZhCn.event_reason(&status, &name);
        assert!(text.contains(" → "), "{text}");
        assert!(!text.contains("contacted"), "worded, not coded: {text}");
    }

    #[test]
    fn an_escalation_names_whom_it_went_to_and_the_deadline_in_local_time() {
        let sla = json!({"due": "first_contact", "due_at": "2026-12-01T08:00:00Z",
            "rule": "lead_sla.a_first_contact_hours=24", "grace_hours": null, "unassigned": false});
        let ev = event(
            "escalated",
            "SLA breached (lead_sla…): escalated to the project's sales managers",
            Some(json!({"to": ["m1", "m2"], "sla": sla})),
        );
        let text = Lang::En.event_reason(&ev, &name);
        assert!(text.starts_with("First contact overdue since "), "{text}");
        assert!(text.ends_with("; escalated to <m1>, <m2>"), "{text}");
        assert!(!text.contains("UTC"), "{text}");
    }

    #[test]
    fn typed_reasons_and_events_without_facts_show_the_servers_words() {
        let manual = event("graded_manually", "见面后确认预算", None);
        assert_eq!(Lang::En.event_reason(&manual, &name), "见面后确认预算");
        let old = event("assigned", "grade B → sales_rep (lead_assignment v1)", None);
        assert_eq!(Lang::ZhCn.event_reason(&old, &name), old.reason);
        let unknown_source = event("captured", "carrier_pigeon", None);
        assert_eq!(
            Lang::En.event_reason(&unknown_source, &name),
            "carrier_pigeon"
        );
    }
}
