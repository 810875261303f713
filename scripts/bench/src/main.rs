//! `estate-bench`: the programs behind `scripts/bench/RESULTS.md` (issue 3
//! point 13). `scripts/bench/run.sh` builds them in release mode and runs
//! every step on SQLite and on PostgreSQL; each step can also run alone:
//!
//! ```text
//! estate-bench seed   --leads 1000000          set-based seeder (DATABASE_URL, secrets from the environment)
//! estate-bench bare   --bind 127.0.0.1:8091    bare actix + diesel endpoint: one single-row query
//! estate-bench http   --app URL --bare URL     throughput, fixed-rate latency, first vs deep page
//! estate-bench import --rows 100000            a generated CSV through the real import code
//! estate-bench sla                             the SLA sweep over every clock
//! estate-bench floor  --leads 50000 --rows 10000   SQLite's write floor of an import (floor/run.sh)
//! ```
//!
//! Every figure is printed as a `result: name = value` line, which `run.sh`
//! collects. Nothing here asserts a timing: it measures and reports.

/// The allocator `estate-crm serve` uses, so the bare endpoint is its like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bare;
mod data;
mod floor;
mod http;
mod import;
mod load;
mod seed;
mod sla;
mod team;

use std::collections::HashMap;

/// Command-line options: `--key value` pairs after the command.
pub struct Args(HashMap<String, String>);

impl Args {
    fn parse(rest: &[String]) -> Result<Args, String> {
        let mut map = HashMap::new();
        let mut it = rest.iter();
        while let Some(k) = it.next() {
            let key = k
                .strip_prefix("--")
                .ok_or_else(|| format!("expected --option, got {k}"))?;
            let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
            map.insert(key.to_string(), v.clone());
        }
        Ok(Args(map))
    }

    /// A string option.
    pub fn str(&self, key: &str, default: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| default.into())
    }

    /// A number option.
    pub fn num<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, String> {
        match self.0.get(key) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("--{key}: not a number: {v}")),
        }
    }
}

/// Prints one figure in the form `run.sh` collects.
pub fn result(name: &str, value: impl std::fmt::Display) {
    println!("result: {name} = {value}");
}

/// The configuration the server uses (same database, same secrets).
pub fn config() -> Result<estate_crm::config::Config, String> {
    estate_crm::config::Config::from_env().map_err(|e| e.0)
}

fn main() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let argv: Vec<String> = std::env::args().collect();
    let Some(cmd) = argv.get(1) else {
        eprintln!("usage: estate-bench seed|bare|http|import|sla|floor [--option value]…");
        std::process::exit(2);
    };
    let outcome = Args::parse(&argv[2..]).and_then(|args| match cmd.as_str() {
        "seed" => seed::run(&args),
        "bare" => bare::run(&args),
        "http" => http::run(&args),
        "import" => import::run(&args),
        "sla" => sla::run(&args),
        "floor" => floor::run(&args),
        other => Err(format!("unknown command {other}")),
    });
    if let Err(e) = outcome {
        eprintln!("estate-bench {cmd}: {e}");
        std::process::exit(1);
    }
}
