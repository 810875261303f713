//! Membership (会员): a customer's membership, points ledger and redemptions,
//! the catalogues (benefits, points items) and the tier and points settings.

use api_types::{
    Benefit, BenefitRedemption, CatalogueItem, CreateBenefit, CreateCatalogueItem, Membership,
    MembershipPointsRules, MembershipPointsRulesSetting, MembershipTierRules,
    MembershipTierRulesSetting, Page, PointsEntry, PointsRedemption, RedeemBenefit, RedeemPoints,
    UpdateBenefit, UpdateCatalogueItem,
};

use super::{get, post_idempotent, write, ApiResult, Method};

/// `GET /api/v1/customers/{id}/membership`.
pub async fn membership(customer_id: &str) -> ApiResult<Membership> {
    get(&format!("/api/v1/customers/{customer_id}/membership"), &[]).await
}

/// `GET /api/v1/customers/{id}/points`, one page of the ledger (newest first).
pub async fn ledger(
    customer_id: &str,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<PointsEntry>> {
    let query = [
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get(&format!("/api/v1/customers/{customer_id}/points"), &query).await
}

/// `POST /api/v1/customers/{id}/points/redemptions` under `key`.
pub async fn redeem_points(
    customer_id: &str,
    body: &RedeemPoints,
    key: &str,
) -> ApiResult<PointsRedemption> {
    let path = format!("/api/v1/customers/{customer_id}/points/redemptions");
    post_idempotent(&path, body, key).await
}

/// `POST /api/v1/customers/{id}/benefit-redemptions` under `key`.
pub async fn redeem_benefit(
    customer_id: &str,
    body: &RedeemBenefit,
    key: &str,
) -> ApiResult<BenefitRedemption> {
    let path = format!("/api/v1/customers/{customer_id}/benefit-redemptions");
    post_idempotent(&path, body, key).await
}

/// `GET /api/v1/membership-benefits` (first 200).
pub async fn benefits() -> ApiResult<Page<Benefit>> {
    get("/api/v1/membership-benefits", &[("limit", "200".into())]).await
}

/// `POST /api/v1/membership-benefits`.
pub async fn create_benefit(body: &CreateBenefit, key: &str) -> ApiResult<Benefit> {
    post_idempotent("/api/v1/membership-benefits", body, key).await
}

/// `PATCH /api/v1/membership-benefits/{id}` at `version`.
pub async fn update_benefit(id: &str, version: i32, body: &UpdateBenefit) -> ApiResult<Benefit> {
    let path = format!("/api/v1/membership-benefits/{id}");
    write(Method::Patch, &path, body, Some(version)).await
}

/// `GET /api/v1/points-catalogue` (first 200).
pub async fn catalogue() -> ApiResult<Page<CatalogueItem>> {
    get("/api/v1/points-catalogue", &[("limit", "200".into())]).await
}

/// `POST /api/v1/points-catalogue`.
pub async fn create_item(body: &CreateCatalogueItem, key: &str) -> ApiResult<CatalogueItem> {
    post_idempotent("/api/v1/points-catalogue", body, key).await
}

/// `PATCH /api/v1/points-catalogue/{id}` at `version`.
pub async fn update_item(
    id: &str,
    version: i32,
    body: &UpdateCatalogueItem,
) -> ApiResult<CatalogueItem> {
    let path = format!("/api/v1/points-catalogue/{id}");
    write(Method::Patch, &path, body, Some(version)).await
}

/// `GET /api/v1/settings/membership-tiers`.
pub async fn tier_rules() -> ApiResult<MembershipTierRulesSetting> {
    get("/api/v1/settings/membership-tiers", &[]).await
}

/// `PUT /api/v1/settings/membership-tiers` at `version`.
pub async fn put_tier_rules(
    version: i32,
    body: &MembershipTierRules,
) -> ApiResult<MembershipTierRulesSetting> {
    let path = "/api/v1/settings/membership-tiers";
    write(Method::Put, path, body, Some(version)).await
}

/// `GET /api/v1/settings/membership-points`.
pub async fn points_rules() -> ApiResult<MembershipPointsRulesSetting> {
    get("/api/v1/settings/membership-points", &[]).await
}

/// `PUT /api/v1/settings/membership-points` at `version`.
pub async fn put_points_rules(
    version: i32,
    body: &MembershipPointsRules,
) -> ApiResult<MembershipPointsRulesSetting> {
    let path = "/api/v1/settings/membership-points";
    write(Method::Put, path, body, Some(version)).await
}
