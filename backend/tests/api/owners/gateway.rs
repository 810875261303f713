//! A real HTTP server on port 0 standing in for an SMS gateway: it records
//! every request and answers with the statuses it is told, in order.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::Value;

/// One request the gateway received.
#[derive(Debug, Clone)]
pub struct Received {
    /// `Authorization` header.
    pub authorization: Option<String>,
    /// `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// The JSON body.
    pub body: Value,
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    statuses: Mutex<VecDeque<u16>>,
}

/// A running fake gateway.
pub struct Gateway {
    /// `http://127.0.0.1:PORT/send`.
    pub url: String,
    shared: Arc<Shared>,
}

impl Gateway {
    /// Starts the gateway; it answers `statuses` in order, then 200.
    pub fn start(statuses: &[u16]) -> Gateway {
        let shared = Arc::new(Shared::default());
        shared
            .statuses
            .lock()
            .expect("lock")
            .extend(statuses.iter().copied());
        let data = web::Data::from(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/send", web::post().to(receive))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .expect("bind");
        let port = server.addrs()[0].port();
        actix_web::rt::spawn(server.run());
        Gateway {
            url: format!("http://127.0.0.1:{port}/send"),
            shared,
        }
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().expect("lock").clone()
    }
}

async fn receive(
    shared: web::Data<Shared>,
    req: HttpRequest,
    body: web::Json<Value>,
) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    shared.received.lock().expect("lock").push(Received {
        authorization: header("authorization"),
        idempotency_key: header("idempotency-key"),
        body: body.into_inner(),
    });
    let status = shared
        .statuses
        .lock()
        .expect("lock")
        .pop_front()
        .unwrap_or(200);
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("status"))
        .json(serde_json::json!({"ok": status < 300}))
}
