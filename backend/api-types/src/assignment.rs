//! The `lead_assignment` setting: which role takes each grade, company-wide and per project.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Grade, Role};

/// The roles that take each grade.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct GradeRoles {
    /// Role for grade A (default `sales_manager`).
    pub a: Role,
    /// Role for grade B (default `sales_rep`).
    pub b: Role,
    /// Role for grade C (default `customer_specialist`).
    pub c: Role,
}

impl Default for GradeRoles {
    /// DOMAIN §2: A → sales manager, B → sales rep, C → customer specialist.
    fn default() -> GradeRoles {
        GradeRoles {
            a: Role::SalesManager,
            b: Role::SalesRep,
            c: Role::CustomerSpecialist,
        }
    }
}

impl GradeRoles {
    /// The role for a grade.
    pub fn role_for(&self, grade: Grade) -> Role {
        match grade {
            Grade::A => self.a,
            Grade::B => self.b,
            Grade::C => self.c,
        }
    }
}

/// Roles per grade, company-wide, with per-project overrides.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct LeadAssignment {
    /// Company-wide roles per grade.
    #[serde(default)]
    pub default: GradeRoles,
    /// Overrides by project id (at most 500).
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 500)))]
    pub projects: BTreeMap<String, GradeRoles>,
}

impl LeadAssignment {
    /// The roles in force for a project.
    pub fn for_project(&self, project_id: &str) -> GradeRoles {
        self.projects
            .get(project_id)
            .copied()
            .unwrap_or(self.default)
    }
}

/// `GET /api/v1/settings/lead-assignment` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LeadAssignmentSetting {
    /// Version for `If-Match`; 0 while DOMAIN's defaults are in force.
    pub version: i32,
    /// The setting.
    pub assignment: LeadAssignment,
    /// Who last changed it.
    pub updated_by: Option<String>,
    /// When it last changed.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One person a lead may be assigned to (`GET /api/v1/lead-staff`): the
/// display name only, no personal data.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LeadStaff {
    /// User id (the `owner_id` of an assignment).
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// Role: `sales_manager`, `sales_rep` or `customer_specialist`.
    pub role: Role,
    /// Open leads (`new`, `contacted`, `visited`) they own, in every project: their workload.
    pub open_leads: i64,
}
