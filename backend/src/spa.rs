//! Serves the built SPA at `/` with a fallback to `index.html` for client-side
//! routes. Unknown API paths stay problem+json 404s.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::{web, HttpResponse, ResponseError};

use crate::error::ApiError;

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
        || path == "/api"
        || path.starts_with("/health/")
        || path.starts_with("/docs")
}

/// Mounts the SPA (when built) and the fallback for everything unmatched.
pub fn configure(cfg: &mut web::ServiceConfig, dir: &Path) {
    let index = dir.join("index.html");
    cfg.default_service(fn_service(|req: ServiceRequest| async move {
        fallback(req, None).await
    }));
    if index.is_file() {
        let dir_owned: PathBuf = dir.to_path_buf();
        cfg.service(
            Files::new("/", dir_owned)
                .index_file("index.html")
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move { fallback(req, Some(index)).await }
                })),
        );
    } else {
        log::warn!(
            "no SPA at {} (run scripts/build-frontend.sh); serving the API only",
            dir.display()
        );
    }
}

async fn fallback(
    req: ServiceRequest,
    index: Option<PathBuf>,
) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let api = is_api(req.path());
    let res = match index {
        Some(index) if !api && req.method() == actix_web::http::Method::GET => {
            NamedFile::open(index)?.into_response(&req)
        }
        _ => not_found(),
    };
    Ok(ServiceResponse::new(req, res))
}

fn not_found() -> HttpResponse {
    ApiError::not_found("not_found").error_response()
}
