//! `/api/v1/me/…`: the signed-in owner's own data. Every query is keyed by
//! the [`Owner`]'s customer and company: no parameter reaches anyone else.

use actix_web::{get, patch, web, HttpResponse};
use api_types::{OptOuts, OwnerOptOutsUpdate, OwnerProfile};
use diesel::prelude::*;

use crate::auth::Owner;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{ok_with_etag, stale, IfMatch, ValidJson};
use crate::personal_data::PersonalData;
use crate::schema::{companies, customers};
use crate::state::AppState;

/// The owner's profile (404 `customer_not_found` if the record is gone).
fn load_profile(
    conn: &mut DbConn,
    pd: &PersonalData,
    owner: &Owner,
) -> Result<OwnerProfile, ApiError> {
    type Row = (String, String, String, bool, bool, bool, bool, i32, String);
    let row: Option<Row> = customers::table
        .inner_join(companies::table.on(companies::id.eq(customers::company_id)))
        .filter(customers::id.eq(&owner.customer_id))
        .filter(customers::company_id.eq(&owner.company_id))
        .select((
            customers::name,
            customers::phone_enc,
            companies::name,
            customers::opt_out_marketing,
            customers::opt_out_third_party,
            customers::opt_out_automated,
            customers::opt_out_sensitive,
            customers::version,
            customers::company_id,
        ))
        .first(conn)
        .optional()?;
    let (name, phone_enc, company_name, m, t, a, s, version, company_id) =
        row.ok_or_else(|| ApiError::not_found("customer_not_found"))?;
    let phone = pd.decrypt(&phone_enc).map_err(ApiError::internal)?;
    Ok(OwnerProfile {
        customer_id: owner.customer_id.clone(),
        company_id,
        company_name,
        name,
        phone,
        opt_outs: OptOuts {
            direct_marketing: m,
            third_party_disclosure: t,
            automated_decisions: a,
            sensitive_data: s,
        },
        version,
    })
}

/// The signed-in owner's own profile.
///
/// The phone is the owner's own and shown in full. Owner tokens only: staff
/// tokens get 401.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    responses(
        (status = 200, description = "The owner's profile, with its `ETag`", body = OwnerProfile),
    )
)]
#[get("/me/profile")]
pub async fn get_my_profile(
    state: web::Data<AppState>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let profile = db::run(&state.pool, move |conn| {
        load_profile(conn, &st.personal_data, &owner)
    })
    .await?;
    Ok(ok_with_etag(&profile, profile.version))
}

/// Change the owner's own opt-outs (DOMAIN §10).
///
/// Each of the four opt-outs can be given or withdrawn; omitted ones stay.
/// Requires `If-Match` with the profile's `ETag`. Audited with the owner as actor.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    request_body = OwnerOptOutsUpdate,
    params(("If-Match" = String, Header, description = "The profile's `ETag`")),
    responses(
        (status = 200, description = "The profile after the change, with its new `ETag`", body = OwnerProfile),
    )
)]
#[patch("/me/opt-outs")]
pub async fn update_my_opt_outs(
    state: web::Data<AppState>,
    owner: Owner,
    if_match: IfMatch,
    body: ValidJson<OwnerOptOutsUpdate>,
) -> Result<HttpResponse, ApiError> {
    let change = body.0;
    if change == OwnerOptOutsUpdate::default() {
        return Err(ApiError::invalid_field(
            "body",
            "empty",
            "name at least one opt-out to change",
        ));
    }
    let st = state.clone();
    let profile = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            db::lock_row(conn, "customers", &owner.customer_id)?;
            let before = load_profile(conn, &st.personal_data, &owner)?;
            if before.version != if_match.0 {
                return Err(stale());
            }
            let o = before.opt_outs;
            diesel::update(
                customers::table
                    .filter(customers::id.eq(&owner.customer_id))
                    .filter(customers::company_id.eq(&owner.company_id)),
            )
            .set((
                customers::opt_out_marketing
                    .eq(change.direct_marketing.unwrap_or(o.direct_marketing)),
                customers::opt_out_third_party.eq(change
                    .third_party_disclosure
                    .unwrap_or(o.third_party_disclosure)),
                customers::opt_out_automated
                    .eq(change.automated_decisions.unwrap_or(o.automated_decisions)),
                customers::opt_out_sensitive.eq(change.sensitive_data.unwrap_or(o.sensitive_data)),
                customers::version.eq(customers::version + 1),
                customers::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
            let after = load_profile(conn, &st.personal_data, &owner)?;
            crate::audit::record(
                conn,
                &owner.audit(),
                "customer.opt_outs",
                "customer",
                &owner.customer_id,
                crate::audit::snapshot(&before.opt_outs),
                crate::audit::snapshot(&after.opt_outs),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&profile, profile.version))
}
