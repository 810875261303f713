//! The numbers of DOMAIN §6 as company settings (`delivery_rules`) and the
//! checklist templates per inspection kind (`delivery_checklists`).

use serde::{Deserialize, Serialize};
#[cfg(feature = "server")]
use validator::Validate;

use crate::ChecklistRoom;

/// DOMAIN §6's numbers, each a default a company may change.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct DeliveryRules {
    /// Risk check this many days before handover (default 90: three months).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 365)),
        schema(minimum = 1, maximum = 365)
    )]
    pub risk_check_days_before: i32,
    /// Pre-inspection this many days before handover (default 30: one month).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 365)),
        schema(minimum = 1, maximum = 365)
    )]
    pub pre_inspection_days_before: i32,
    /// Handover notice to the owners this many days before (default 5).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 60)),
        schema(minimum = 1, maximum = 60)
    )]
    pub handover_notice_days_before: i32,
    /// A handover-day defect gets a solution the same (local) day (default true);
    /// `false`: within `solution_hours`.
    pub solution_same_day: bool,
    /// Hours for a solution when not the same day (1–168; default 24).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 168)),
        schema(minimum = 1, maximum = 168)
    )]
    pub solution_hours: i32,
    /// A handover-day defect is fixed within this many days (default 7).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 90)),
        schema(minimum = 1, maximum = 90)
    )]
    pub handover_fix_days: i32,
    /// A defect found earlier (risk check, pre-inspection) or at the 1-year
    /// inspection is fixed within this many days (default 30).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 180)),
        schema(minimum = 1, maximum = 180)
    )]
    pub other_fix_days: i32,
    /// Offset of the company's local time from UTC in minutes, for "the same
    /// day" (default 480: China Standard Time).
    #[cfg_attr(feature = "server", validate(range(min = -720, max = 840)), schema(minimum = -720, maximum = 840))]
    pub utc_offset_minutes: i32,
    /// Warn the assignee when this share of a deadline remains (0–90 %; default 20).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 90)),
        schema(minimum = 0, maximum = 90)
    )]
    pub warn_before_percent: i32,
    /// Hours after a breach before the head of CRM is reminded again (0–720; default 24).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 720)),
        schema(minimum = 0, maximum = 720)
    )]
    pub grace_hours: i32,
    /// Living-experience visit this many months after handover (default 3).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 24)),
        schema(minimum = 1, maximum = 24)
    )]
    pub three_month_visit_months: i32,
    /// House inspection visit this many months after handover (default 12).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 60)),
        schema(minimum = 1, maximum = 60)
    )]
    pub one_year_visit_months: i32,
    /// Notice to the owner this many days before a visit (default 7).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 60)),
        schema(minimum = 1, maximum = 60)
    )]
    pub visit_notice_days: i32,
    /// Appointment reminder this many hours before the slot (default 24).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 168)),
        schema(minimum = 1, maximum = 168)
    )]
    pub appointment_reminder_hours: i32,
}

impl Default for DeliveryRules {
    /// DOMAIN §6.
    fn default() -> DeliveryRules {
        DeliveryRules {
            risk_check_days_before: 90,
            pre_inspection_days_before: 30,
            handover_notice_days_before: 5,
            solution_same_day: true,
            solution_hours: 24,
            handover_fix_days: 7,
            other_fix_days: 30,
            utc_offset_minutes: 480,
            warn_before_percent: 20,
            grace_hours: 24,
            three_month_visit_months: 3,
            one_year_visit_months: 12,
            visit_notice_days: 7,
            appointment_reminder_hours: 24,
        }
    }
}

/// `GET /api/v1/settings/delivery-rules`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DeliveryRulesSetting {
    /// Version for `If-Match`; 0 while the defaults are in force.
    pub version: i32,
    /// The values.
    pub rules: DeliveryRules,
    /// Who last changed them.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The checklist template of each inspection kind (rooms × items).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct DeliveryChecklists {
    /// Risk check.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 30), nested))]
    pub risk_check: Vec<ChecklistRoom>,
    /// Pre-inspection.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 30), nested))]
    pub pre_inspection: Vec<ChecklistRoom>,
    /// Handover inspection.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 30), nested))]
    pub handover: Vec<ChecklistRoom>,
    /// 1-year inspection.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 30), nested))]
    pub one_year: Vec<ChecklistRoom>,
}

fn room(name: &str, items: &[&str]) -> ChecklistRoom {
    ChecklistRoom {
        room: name.into(),
        items: items.iter().map(|s| s.to_string()).collect(),
    }
}

impl Default for DeliveryChecklists {
    /// A residential unit's usual rooms and items.
    fn default() -> DeliveryChecklists {
        let unit = vec![
            room("入户门", &["门锁开启顺畅", "门框无变形", "猫眼门铃正常"]),
            room(
                "客厅",
                &["墙面无裂缝空鼓", "地面平整", "插座通电", "窗户开关顺畅"],
            ),
            room("厨房", &["给排水通畅", "燃气管道无渗漏", "墙砖无空鼓"]),
            room("卫生间", &["防水无渗漏", "地漏排水通畅", "洁具完好"]),
            room("卧室", &["墙面无裂缝空鼓", "门窗密封良好", "插座通电"]),
            room("阳台", &["栏杆牢固", "排水通畅"]),
        ];
        let risk = vec![
            room("公共部位", &["外立面完成", "电梯可用", "消防设施到位"]),
            room("户内", &["墙面无裂缝空鼓", "给排水通畅", "门窗安装完成"]),
        ];
        DeliveryChecklists {
            risk_check: risk,
            pre_inspection: unit.clone(),
            handover: unit.clone(),
            one_year: unit,
        }
    }
}

/// `GET /api/v1/settings/delivery-checklists`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DeliveryChecklistsSetting {
    /// Version for `If-Match`; 0 while the defaults are in force.
    pub version: i32,
    /// The templates.
    pub checklists: DeliveryChecklists,
    /// Who last changed them.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}
