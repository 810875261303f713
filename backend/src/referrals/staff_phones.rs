//! The staff and agency phone list (`/staff-phones`): project sales staff
//! and agencies, excluded as referred friends (DOMAIN §5); kept by admins
//! and the head of CRM. Phones are encrypted with a blind index and shown
//! masked; every change is audited without the phone.

use actix_web::{delete, get, post, web, HttpResponse};
use api_types::{CreateStaffPhone, Page, StaffPhone, StaffPhoneKind};
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use crate::audit;
use crate::auth::principal::ProjectManagers;
use crate::auth::RequireRole;
use crate::customers::queries::PHONE;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, PageParams, ValidJson};
use crate::personal_data::PersonalData;
use crate::schema::staff_phones;
use crate::state::AppState;

type StaffPhoneTuple = (
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    chrono::NaiveDateTime,
);

fn staff_phone(pd: &PersonalData, r: StaffPhoneTuple) -> StaffPhone {
    StaffPhone {
        phone_masked: pd.masked_phone(&r.4),
        id: r.0,
        project_id: r.1,
        kind: StaffPhoneKind::parse(&r.2).unwrap_or(StaffPhoneKind::Staff),
        name: r.3,
        note: r.5,
        created_at: db::utc(r.6),
    }
}

/// Paging of the staff phone list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StaffPhoneQuery {
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// The staff and agency phone list, newest first.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(StaffPhoneQuery),
    responses(
        (status = 200, description = "One page of entries", body = Page<StaffPhone>),
        (status = 403, description = "Only admins and the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/staff-phones")]
pub async fn list_staff_phones(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    query: web::Query<StaffPhoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let company = staff.company_id.clone();
    let st = state.clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = staff_phones::table
            .filter(staff_phones::company_id.eq(&company))
            .into_boxed();
        if let Some(after) = page.after.clone() {
            query = query.filter(staff_phones::id.lt(after));
        }
        let rows: Vec<StaffPhoneTuple> = query
            .order(staff_phones::id.desc())
            .limit(page.fetch())
            .select((
                staff_phones::id,
                staff_phones::project_id,
                staff_phones::kind,
                staff_phones::name,
                staff_phones::phone_enc,
                staff_phones::note,
                staff_phones::created_at,
            ))
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.0);
        Ok(Page {
            data: rows
                .into_iter()
                .map(|r| staff_phone(&st.personal_data, r))
                .collect(),
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Add a phone of project staff or an agency (excluded as a referred friend).
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = CreateStaffPhone,
    responses(
        (status = 201, description = "Added", body = StaffPhone),
        (status = 403, description = "Only admins and the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The phone is on the list already for the same project, or for every project (`staff_phone_exists`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff-phones")]
pub async fn create_staff_phone(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    body: ValidJson<CreateStaffPhone>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let staff = (*staff).clone();
    let st = state.clone();
    let entry = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            if let Some(p) = &input.project_id {
                crate::projects::scope::project_kept(conn, &staff, p)
                    .map_err(|_| crate::leads::capture::unknown_project())?;
            }
            let pd = &st.personal_data;
            let phone = api_types::normalize_cn_mobile(&input.phone);
            let bidx = pd.blind_index(PHONE, &phone);
            // One entry per phone and project: additions are serialised per
            // company (rare admin work), then checked.
            db::lock_row(conn, "companies", &staff.company_id)?;
            let same = staff_phones::table
                .filter(staff_phones::company_id.eq(&staff.company_id))
                .filter(staff_phones::phone_bidx.eq(&bidx))
                .into_boxed::<db::MultiBackend>();
            let same = match &input.project_id {
                Some(p) => same.filter(staff_phones::project_id.eq(p)),
                None => same.filter(staff_phones::project_id.is_null()),
            };
            let listed: i64 = same.count().get_result(conn)?;
            if listed > 0 {
                return Err(ApiError::conflict(
                    "staff_phone_exists",
                    "this phone is on the staff and agency list already for this project",
                ));
            }
            let row: StaffPhoneTuple = (
                db::new_id(),
                input.project_id.clone(),
                input.kind.as_str().to_string(),
                input.name.trim().to_string(),
                pd.encrypt(&phone),
                input.note.trim().to_string(),
                db::now(),
            );
            diesel::insert_into(staff_phones::table)
                .values((
                    staff_phones::id.eq(&row.0),
                    staff_phones::company_id.eq(&staff.company_id),
                    staff_phones::project_id.eq(&row.1),
                    staff_phones::kind.eq(&row.2),
                    staff_phones::name.eq(&row.3),
                    staff_phones::phone_enc.eq(&row.4),
                    staff_phones::phone_bidx.eq(&bidx),
                    staff_phones::note.eq(&row.5),
                    staff_phones::created_by.eq(&staff.user_id),
                    staff_phones::created_at.eq(row.6),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                &staff.audit(),
                "staff_phone.create",
                "staff_phone",
                &row.0,
                None,
                Some(json!({"project_id": row.1, "kind": row.2, "name": row.3})),
            )?;
            Ok(staff_phone(pd, row))
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/staff-phones/{}", entry.id),
        &entry,
        None,
    ))
}

/// Remove an entry of the staff and agency phone list.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Entry id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Only admins and the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry (`staff_phone_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/staff-phones/{id}")]
pub async fn delete_staff_phone(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let n = diesel::delete(
                staff_phones::table
                    .filter(staff_phones::id.eq(&id))
                    .filter(staff_phones::company_id.eq(&staff.company_id)),
            )
            .execute(conn)?;
            if n == 0 {
                return Err(ApiError::not_found("staff_phone_not_found"));
            }
            audit::record(
                conn,
                &staff.audit(),
                "staff_phone.delete",
                "staff_phone",
                &id,
                Some(json!({"id": id})),
                None,
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
