//! The bare endpoint the list is compared with: actix-web and diesel on the
//! same database and the same pool type, one single-row primary-key query,
//! no authentication, no middleware. `GET /bare/leads/{id}` → `{"id","grade","status"}`.

use actix_web::{get, web, App, HttpResponse, HttpServer};
use diesel::prelude::*;
use estate_crm::db::Pool;
use estate_crm::schema::leads;

use crate::Args;

#[get("/bare/leads/{id}")]
async fn bare_lead(pool: web::Data<Pool>, path: web::Path<String>) -> HttpResponse {
    let pool = pool.get_ref().clone();
    let id = path.into_inner();
    let found = web::block(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        leads::table
            .find(id)
            .select((leads::id, leads::grade, leads::status))
            .first::<(String, Option<String>, String)>(&mut *conn)
            .optional()
            .map_err(|e| e.to_string())
    })
    .await;
    match found {
        Ok(Ok(Some((id, grade, status)))) => {
            HttpResponse::Ok().json(serde_json::json!({"id": id, "grade": grade, "status": status}))
        }
        Ok(Ok(None)) => HttpResponse::NotFound().finish(),
        _ => HttpResponse::InternalServerError().finish(),
    }
}

/// `estate-bench bare --bind ADDR`: serves until killed, with the server's
/// worker count and pool size (`ESTATE_CRM_WORKERS`, `ESTATE_CRM_DB_POOL_SIZE`).
pub fn run(args: &Args) -> Result<(), String> {
    let config = crate::config()?;
    let bind = args.str("bind", "127.0.0.1:8091");
    let pool = estate_crm::db::build_pool(&config.database_url, config.db_pool_size)?;
    let data = web::Data::new(pool);
    let workers = config.workers.max(1);
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || App::new().app_data(data.clone()).service(bare_lead))
            .workers(workers)
            .bind(&bind)
            .map_err(|e| format!("bind {bind}: {e}"))?
            .run()
            .await
            .map_err(|e| e.to_string())
    })
}
