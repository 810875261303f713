//! Deals (成交) and their follow-up tasks.

use api_types::{
    ChangeDealUnit, CompleteDealTask, CreateDeal, Deal, DealSummary, DealTask, DealTaskStatus,
    DealTransition, NewDiscount, Page,
};

use super::{get, post_idempotent, write, ApiResult, Method};

/// `POST /api/v1/deals` (认购) with an `Idempotency-Key`, so a double submit subscribes once.
pub async fn create(body: &CreateDeal, key: &str) -> ApiResult<Deal> {
    post_idempotent("/api/v1/deals", body, key).await
}

/// `GET /api/v1/deals/{id}`.
pub async fn fetch(id: &str) -> ApiResult<Deal> {
    get(&format!("/api/v1/deals/{id}"), &[]).await
}

/// `GET /api/v1/deals` filtered by unit (the live deal behind a grid cell).
pub async fn for_unit(unit_id: &str) -> ApiResult<Page<DealSummary>> {
    let query = [("unit_id", unit_id.to_string()), ("limit", "20".into())];
    get("/api/v1/deals", &query).await
}

/// A stage change of a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 签约
    Sign,
    /// 回款
    Pay,
    /// 退房
    Withdraw,
}

impl Step {
    fn path(self) -> &'static str {
        match self {
            Step::Sign => "sign",
            Step::Pay => "pay",
            Step::Withdraw => "withdraw",
        }
    }
}

/// `POST /api/v1/deals/{id}/{sign|pay|withdraw}`.
pub async fn step(id: &str, step: Step, body: &DealTransition) -> ApiResult<Deal> {
    write(
        Method::Post,
        &format!("/api/v1/deals/{id}/{}", step.path()),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/deals/{id}/change-unit` (换房).
pub async fn change_unit(id: &str, body: &ChangeDealUnit) -> ApiResult<Deal> {
    write(
        Method::Post,
        &format!("/api/v1/deals/{id}/change-unit"),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/deals/{id}/discounts` (staff discount with a reason).
pub async fn add_discount(id: &str, body: &NewDiscount) -> ApiResult<Deal> {
    write(
        Method::Post,
        &format!("/api/v1/deals/{id}/discounts"),
        body,
        None,
    )
    .await
}

/// `GET /api/v1/deal-tasks`: the caller's own (`mine`) or all they may see.
pub async fn tasks(
    mine: bool,
    status: Option<DealTaskStatus>,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<DealTask>> {
    let query = [
        ("mine", if mine { "true".into() } else { String::new() }),
        (
            "status",
            status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        ),
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/deal-tasks", &query).await
}

/// `POST /api/v1/deal-tasks/{id}/complete` with the outcome.
pub async fn complete_task(id: &str, body: &CompleteDealTask) -> ApiResult<DealTask> {
    write(
        Method::Post,
        &format!("/api/v1/deal-tasks/{id}/complete"),
        body,
        None,
    )
    .await
}
