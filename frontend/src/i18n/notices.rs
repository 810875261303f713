//! A notification in the reader's language and time zone, worded from its
//! `params` (what is due, when, the rule that set it). The server's own
//! `title` and `body` (Chinese, times in UTC) stand for notifications sent
//! before params existed and for kinds this build does not know.

use api_types::{DealTaskKind, Notification, NotificationParams};

use super::Lang;
use crate::format::format_time;

impl Lang {
    /// The title and body of `n` in this language.
    pub fn notification_text(self, n: &Notification) -> (String, String) {
        let worded = n.params.as_ref().and_then(|p| {
            let record = record_word(n.entity_type.as_deref()?)?;
            Some((
                self.notice_title(&n.kind, record)?,
                self.notice_body(&n.kind, p),
            ))
        });
        worded.unwrap_or_else(|| (n.title.clone(), n.body.clone()))
    }

    /// The Chinese or the English of a pair.
    pub(super) fn pick(self, (zh, en): (&str, &str)) -> String {
        match self {
            Lang::ZhCn => zh.to_string(),
            Lang::En => en.to_string(),
        }
    }

    fn notice_title(self, kind: &str, (zh, en): (&str, &str)) -> Option<String> {
        Some(match kind {
            "sla_due_soon" => self.pick((&format!("{zh}即将到期"), &format!("{en} due soon"))),
            "sla_breached" => self.pick((&format!("{zh}已超时"), &format!("{en} overdue"))),
            "sla_escalated" => self.pick((
                &format!("{zh}超时升级"),
                &format!("{en} overdue: escalated to you"),
            )),
            "sla_expired" => self.pick((&format!("{zh}仍未完成"), &format!("{en} still not done"))),
            "lead_returned_to_pool" => self.pick(("线索已退回公海", "Lead returned to the pool")),
            _ => return None,
        })
    }

    /// What a deadline notification of `kind` says of `p` (also an SLA event's reason).
    pub(super) fn notice_body(self, kind: &str, p: &NotificationParams) -> String {
        let due = self.due_word(&p.due);
        let at = format_time(&p.due_at);
        let rule = &p.rule;
        let mut text = match kind {
            "sla_due_soon" => self.pick((
                &format!("{due}将于 {at} 到期（规则 {rule}）"),
                &format!("{due} due at {at} (rule {rule})"),
            )),
            _ => self.pick((
                &format!("{due}已于 {at} 超时（规则 {rule}）"),
                &format!("{due} overdue since {at} (rule {rule})"),
            )),
        };
        if let Some(h) = p.grace_hours {
            text += &self.pick((
                &format!("，宽限期 {h} 小时已过"),
                &format!("; the grace period of {h} h has passed"),
            ));
        }
        if kind == "lead_returned_to_pool" {
            text += &self.pick(("，线索已退回公海", "; the lead is back in the pool"));
        }
        if kind == "sla_escalated" && p.unassigned {
            text += &self.pick(("，无人负责", "; nobody was responsible"));
        }
        if p.subject.is_empty() {
            text
        } else {
            format!("{}{}{text}", p.subject, self.pick(("：", ": ")))
        }
    }

    /// What is due (`NotificationParams::due`); unknown values as they are.
    fn due_word(self, due: &str) -> String {
        if let Some(k) = DealTaskKind::parse(due) {
            return self.label(k).to_string();
        }
        let words = match due {
            "first_contact" => ("首次联系", "First contact"),
            "follow_up" => ("跟进", "Follow-up"),
            "defect_solution" => ("整改方案", "Rectification plan"),
            "defect_fix" => ("整改", "Rectification"),
            "fraud_review" => ("老带新报备审核", "Referral review"),
            other => return other.to_string(),
        };
        self.pick(words)
    }
}

/// The record a notification is about, as its title names it.
fn record_word(entity_type: &str) -> Option<(&'static str, &'static str)> {
    Some(match entity_type {
        "lead" => ("线索", "Lead"),
        "defect" => ("缺陷整改", "Defect rectification"),
        "deal_task" => ("成交回访", "Deal follow-up"),
        // A referral review's escalation names its clock's entity type.
        "referral" | "referral_review" => ("老带新审核", "Referral review"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kind: &str, entity_type: &str, params: Option<NotificationParams>) -> Notification {
        Notification {
            id: "n1".into(),
            kind: kind.into(),
            title: "线索已超时".into(),
            body: "跟进已于 2026-12-01 08:00 UTC 超时(规则 r)".into(),
            entity_type: Some(entity_type.into()),
            entity_id: Some("x".into()),
            read_at: None,
            created_at: chrono::Utc::now(),
            params,
        }
    }

    fn facts(due: &str) -> NotificationParams {
        NotificationParams {
            due: due.into(),
            due_at: chrono::Utc::now(),
            rule: "lead_sla.b_first_contact_hours=72".into(),
            grace_hours: None,
            unassigned: false,
            subject: String::new(),
        }
    }

    #[test]
    fn a_notification_reads_in_english_from_its_params() {
        let (title, body) = Lang::En.notification_text(&notice(
            "sla_breached",
            "lead",
            Some(facts("first_contact")),
        ));
        assert_eq!(title, "Lead overdue");
        assert!(body.starts_with("First contact overdue since "), "{body}");
        assert!(
            body.ends_with("(rule lead_sla.b_first_contact_hours=72)"),
            "{body}"
        );
        assert!(!body.contains("UTC"), "local time: {body}");
    }

    #[test]
    fn a_lead_back_in_the_pool_says_the_grace_period_passed_in_either_language() {
        let p = NotificationParams {
            grace_hours: Some(24),
            ..facts("follow_up")
        };
        let n = notice("lead_returned_to_pool", "lead", Some(p));
        let (title, body) = Lang::En.notification_text(&n);
        assert_eq!(title, "Lead returned to the pool");
        assert!(body.contains("grace period of 24 h has passed"), "{body}");
        assert!(body.ends_with("the lead is back in the pool"), "{body}");
        let (title, body) = Lang::ZhCn.notification_text(&n);
        assert_eq!(title, "线索已退回公海");
        assert!(body.starts_with("跟进已于"), "{body}");
        assert!(body.contains("宽限期 24 小时已过"), "{body}");
    }

    #[test]
    fn an_escalation_names_the_defect_and_says_nobody_was_responsible() {
        let p = NotificationParams {
            unassigned: true,
            subject: "1-2-301 墙面空鼓".into(),
            ..facts("defect_fix")
        };
        let (title, body) = Lang::En.notification_text(&notice("sla_escalated", "defect", Some(p)));
        assert_eq!(title, "Defect rectification overdue: escalated to you");
        assert!(
            body.starts_with("1-2-301 墙面空鼓: Rectification overdue"),
            "{body}"
        );
        assert!(body.ends_with("nobody was responsible"), "{body}");
    }

    #[test]
    fn a_deal_task_names_its_kind() {
        let n = notice(
            "sla_due_soon",
            "deal_task",
            Some(facts("satisfaction_revisit")),
        );
        let (title, body) = Lang::En.notification_text(&n);
        assert_eq!(title, "Deal follow-up due soon");
        assert!(body.starts_with("Satisfaction revisit due at "), "{body}");
    }

    #[test]
    fn without_params_or_for_an_unknown_kind_the_servers_words_stand() {
        let old = notice("sla_breached", "lead", None);
        assert_eq!(
            Lang::En.notification_text(&old),
            (old.title.clone(), old.body.clone())
        );
        let unknown = notice("something_new", "lead", Some(facts("follow_up")));
        assert_eq!(Lang::En.notification_text(&unknown).0, unknown.title);
        let elsewhere = notice("sla_breached", "complaint", Some(facts("follow_up")));
        assert_eq!(Lang::En.notification_text(&elsewhere).0, elsewhere.title);
    }
}
