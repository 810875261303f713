//! A small HTTP/1.1 load generator over keep-alive connections.
//!
//! * [`closed_loop`]: N connections each send the next request as soon as the
//!   previous answer arrived, for a fixed time: the maximum throughput.
//! * [`open_loop`]: requests are due at a fixed rate (request k at
//!   `start + k / rate`) whatever the server does; a connection that is free
//!   waits for the next due time, and each latency is measured **from the
//!   time the request was due**, not from when it could be sent. A stalled
//!   server therefore shows up in the percentiles (no coordinated omission).
//!
//! It runs on one thread (a current-thread tokio runtime), so it takes at most
//! one of the machine's two cores away from the server.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One keep-alive connection.
pub struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    /// Connects to `host:port`.
    pub async fn open(addr: &str) -> Result<Conn, String> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Conn {
            stream: BufReader::new(stream),
            host: addr.to_string(),
        })
    }

    /// Sends one request and reads the whole answer: (status, body).
    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<(u16, Vec<u8>), String> {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.host,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let io = |e: std::io::Error| e.to_string();
        let s = self.stream.get_mut();
        s.write_all(req.as_bytes()).await.map_err(io)?;
        s.write_all(body).await.map_err(io)?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await.map_err(io)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {line:?}"))?;
        let mut length = None;
        loop {
            line.clear();
            let n = self.stream.read_line(&mut line).await.map_err(io)?;
            if n == 0 {
                return Err("connection closed".into());
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse::<usize>().ok();
                }
            }
        }
        let length = length.ok_or("answer without Content-Length")?;
        let mut out = vec![0; length];
        self.stream.read_exact(&mut out).await.map_err(io)?;
        Ok((status, out))
    }
}

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Measured {
    /// Answers with status 200 per second.
    pub rps: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Slowest, ms.
    pub max_ms: f64,
    /// Answers that were not 200 (or failed).
    pub errors: u64,
    /// Answers counted.
    pub count: u64,
}

fn measured(mut lat_us: Vec<u64>, errors: u64, elapsed: Duration) -> Measured {
    lat_us.sort_unstable();
    let at = |q: f64| -> f64 {
        if lat_us.is_empty() {
            return 0.0;
        }
        let i = ((lat_us.len() as f64 * q).ceil() as usize).clamp(1, lat_us.len()) - 1;
        lat_us[i] as f64 / 1000.0
    };
    Measured {
        rps: lat_us.len() as f64 / elapsed.as_secs_f64(),
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        max_ms: at(1.0),
        errors,
        count: lat_us.len() as u64,
    }
}

/// A request to repeat: path and headers.
#[derive(Clone)]
pub struct Target {
    /// `host:port`.
    pub addr: String,
    /// Path with query.
    pub path: String,
    /// Extra headers (e.g. `Authorization`).
    pub headers: Vec<(String, String)>,
}

async fn one(conn: &mut Conn, t: &Target) -> bool {
    let headers: Vec<(&str, &str)> = t
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    matches!(
        conn.request("GET", &t.path, &headers, b"").await,
        Ok((200, _))
    )
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// `conns` connections as fast as answers come, for `secs` seconds (after a
/// one-second warm-up that is not counted).
pub fn closed_loop(t: &Target, conns: usize, secs: f64) -> Result<Measured, String> {
    runtime()?.block_on(async {
        let _ = run_closed(t, conns, 1.0).await?;
        run_closed(t, conns, secs).await
    })
}

async fn run_closed(t: &Target, conns: usize, secs: f64) -> Result<Measured, String> {
    let start = Instant::now();
    let stop = start + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let t = t.clone();
        let mut conn = Conn::open(&t.addr).await?;
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            while Instant::now() < stop {
                let sent = Instant::now();
                if one(&mut conn, &t).await {
                    lat.push(sent.elapsed().as_micros() as u64);
                } else {
                    errors += 1;
                    if let Ok(c) = Conn::open(&t.addr).await {
                        conn = c;
                    }
                }
            }
            (lat, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (lat, e) = task.await.map_err(|e| e.to_string())?;
        all.extend(lat);
        errors += e;
    }
    Ok(measured(all, errors, start.elapsed()))
}

/// `rate` requests per second for `secs` seconds over up to `conns`
/// connections; latency from each request's due time.
pub fn open_loop(t: &Target, rate: f64, conns: usize, secs: f64) -> Result<Measured, String> {
    runtime()?.block_on(async {
        let total = (rate * secs) as u64;
        let next = Arc::new(AtomicU64::new(0));
        let start = Instant::now() + Duration::from_millis(200);
        let mut tasks = Vec::new();
        for _ in 0..conns {
            let t = t.clone();
            let next = next.clone();
            let mut conn = Conn::open(&t.addr).await?;
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut errors = 0;
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= total {
                        break;
                    }
                    let due = start + Duration::from_secs_f64(k as f64 / rate);
                    tokio::time::sleep_until(due.into()).await;
                    if one(&mut conn, &t).await {
                        lat.push(due.elapsed().as_micros() as u64);
                    } else {
                        errors += 1;
                        if let Ok(c) = Conn::open(&t.addr).await {
                            conn = c;
                        }
                    }
                }
                (lat, errors)
            }));
        }
        let mut all = Vec::new();
        let mut errors = 0;
        for task in tasks {
            let (lat, e) = task.await.map_err(|e| e.to_string())?;
            all.extend(lat);
            errors += e;
        }
        Ok(measured(all, errors, start.elapsed()))
    })
}

/// One request on a fresh connection (set-up calls: login, cursor walk).
pub fn fetch(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(u16, Vec<u8>), String> {
    runtime()?.block_on(async {
        let mut c = Conn::open(addr).await?;
        c.request(method, path, headers, body).await
    })
}
