//! The owner's own units and deals (`/me/deals`): what the buyer may know
//! about their purchase, without anything internal (no staff ids, no other
//! customers, no follow-up tasks).

use serde::{Deserialize, Serialize};

use crate::{DealEventKind, DealStage, DiscountKind};

/// The unit of an owner's deal, with its project and building.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MyUnit {
    /// Unit id.
    pub id: String,
    /// Project id.
    pub project_id: String,
    /// Project name (楼盘).
    pub project_name: String,
    /// Building name (栋).
    pub building_name: String,
    /// Floor.
    pub floor: i32,
    /// Unit number, e.g. `1801`.
    pub number: String,
    /// Layout (户型).
    pub layout: String,
    /// Area in m².
    pub area_m2: f64,
}

/// One discount item of the owner's price.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MyDealDiscount {
    /// Member, referral or other.
    pub kind: DiscountKind,
    /// Label, e.g. `银卡会员折扣`.
    pub label: String,
    /// Basis points of the list price, when a percentage.
    pub basis_points: Option<i64>,
    /// Amount in fen.
    pub amount_fen: i64,
    /// The rule that decided, e.g. `membership_tiers.silver_discount_bp=100`.
    pub rule: String,
}

/// One event of the owner's deal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MyDealEvent {
    /// What happened.
    pub kind: DealEventKind,
    /// Business date.
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

/// An owner's deal: unit, stage, prices with discount items and history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MyDeal {
    /// Deal id.
    pub id: String,
    /// Stage.
    pub stage: DealStage,
    /// The unit (the new one after a unit change).
    pub unit: MyUnit,
    /// List price, fen.
    pub list_price_fen: i64,
    /// Sum of the discounts, fen.
    pub discount_fen: i64,
    /// Net price, fen (the contract amount once signed).
    pub net_price_fen: i64,
    /// The discount items.
    pub discounts: Vec<MyDealDiscount>,
    /// Subscribed (认购).
    pub subscribed_at: chrono::DateTime<chrono::Utc>,
    /// Signed (签约).
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Payment complete (回款).
    pub paid_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Withdrawn (退房).
    pub withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The history, oldest first.
    pub events: Vec<MyDealEvent>,
}
