//! `GET /api/v1/users/{id}/personal-data`: the logged full read of a staff user's personal data.

use actix_web::{get, web, HttpResponse};
use api_types::UserPersonalData;

use super::queries;
use crate::audit;
use crate::auth::principal::StaffDataReaders;
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// Read a user's personal data in full. Every call is written to the access log.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, description = "Unmasked personal data", body = UserPersonalData),
        (status = 403, description = "Only the privacy officer (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user (`user_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}/personal-data")]
pub async fn get_user_personal_data(
    state: web::Data<AppState>,
    staff: RequireRole<StaffDataReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let ctx = staff.audit();
    let st = state.clone();
    let data = db::run(&state.pool, move |conn| {
        let row = queries::find(conn, &ctx.company_id, &id)?
            .ok_or_else(|| ApiError::not_found("user_not_found"))?;
        let phone = match row.phone_enc.as_deref() {
            Some(enc) => Some(st.personal_data.decrypt(enc).map_err(ApiError::internal)?),
            None => None,
        };
        audit::record_access(conn, &ctx, "user", &id, &["phone"])?;
        Ok(UserPersonalData { id, phone })
    })
    .await?;
    Ok(HttpResponse::Ok().json(data))
}
