//! Referrals (老带新): the pipeline, review, approval and payment, the rules.

use api_types::{
    ApproveReferralReward, CreateReferral, Page, PayReferralReward, Referral, ReferralRules,
    ReferralRulesSetting, ReferralStatus, ReviewReferral,
};

use super::{get, post_idempotent, write, ApiResult, Method};

/// `GET /api/v1/referrals` with filters.
pub async fn list(
    status: Option<ReferralStatus>,
    review_pending: bool,
    referrer: Option<String>,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<Referral>> {
    let mut query = vec![
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    if let Some(s) = status {
        query.push(("status", s.as_str().to_string()));
    }
    if review_pending {
        query.push(("review_status", "pending".into()));
    }
    if let Some(r) = referrer {
        query.push(("referrer_customer_id", r));
    }
    get("/api/v1/referrals", &query).await
}

/// `GET /api/v1/referrals/{id}`.
pub async fn fetch(id: &str) -> ApiResult<Referral> {
    get(&format!("/api/v1/referrals/{id}"), &[]).await
}

/// `POST /api/v1/referrals` under `key`.
pub async fn create(body: &CreateReferral, key: &str) -> ApiResult<Referral> {
    post_idempotent("/api/v1/referrals", body, key).await
}

/// `POST /api/v1/referrals/{id}/review`.
pub async fn review(id: &str, body: &ReviewReferral) -> ApiResult<Referral> {
    write(
        Method::Post,
        &format!("/api/v1/referrals/{id}/review"),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/referrals/{id}/approve`.
pub async fn approve(id: &str, body: &ApproveReferralReward) -> ApiResult<Referral> {
    write(
        Method::Post,
        &format!("/api/v1/referrals/{id}/approve"),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/referrals/{id}/pay`.
pub async fn pay(id: &str, body: &PayReferralReward) -> ApiResult<Referral> {
    write(
        Method::Post,
        &format!("/api/v1/referrals/{id}/pay"),
        body,
        None,
    )
    .await
}

/// `GET /api/v1/settings/referral-rules`.
pub async fn rules() -> ApiResult<ReferralRulesSetting> {
    get("/api/v1/settings/referral-rules", &[]).await
}

/// `PUT /api/v1/settings/referral-rules` at `version`.
pub async fn put_rules(version: i32, body: &ReferralRules) -> ApiResult<ReferralRulesSetting> {
    write(
        Method::Put,
        "/api/v1/settings/referral-rules",
        body,
        Some(version),
    )
    .await
}
