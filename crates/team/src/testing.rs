//! A throwaway PostgreSQL cluster for tests and the benchmark: `initdb` and `pg_ctl` from
//! Debian's `postgresql` package (`/usr/lib/postgresql/<version>/bin`, or `PG_BIN`), on a
//! free loopback port, in a folder under the target directory; stopped and removed when
//! dropped. Run as root (CI containers), the cluster runs as the `postgres` user through
//! `runuser`, since `initdb` refuses root.
//!
//! A missing PostgreSQL is an error with a clear message, never a skipped test.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A running throwaway cluster with a superuser `admin` (password `admin`) and a database
/// `team`.
pub struct Cluster {
    pub dir: PathBuf,
    pub port: u16,
    bin: PathBuf,
    as_postgres: bool,
}

/// Where the PostgreSQL programs are.
pub fn pg_bin() -> Result<PathBuf, String> {
    if let Ok(p) = std::env::var("PG_BIN") {
        return Ok(PathBuf::from(p));
    }
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .filter(|p| p.join("initdb").exists())
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions.pop().ok_or_else(|| {
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the team tests need a real server; \
         install it with `sudo apt-get install postgresql` (scripts/setup.sh does) or set PG_BIN"
            .to_string()
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(54329)
}

fn check(what: &str, out: std::io::Result<Output>) -> Result<Output, String> {
    let out = out.map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out)
}

impl Cluster {
    /// Starts a cluster in a new folder under `parent` (created if missing).
    pub fn start_in(parent: &Path) -> Result<Self, String> {
        let bin = pg_bin()?;
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        // The server runs from "/": every path it is given must be absolute.
        let parent = &parent.canonicalize().map_err(|e| format!("{}: {e}", parent.display()))?;
        let dir = parent.join(format!("pg-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let as_postgres = is_root();
        let cluster = Self { dir, port: free_port(), bin, as_postgres };
        if as_postgres {
            check(
                "chown",
                Command::new("chown").args(["-R", "postgres:postgres"]).arg(&cluster.dir).output(),
            )?;
            // The postgres user must reach the folder.
            let mut p = cluster.dir.parent();
            while let Some(d) = p {
                let _ = Command::new("chmod").arg("o+x").arg(d).output();
                p = d.parent();
            }
        }
        let pwfile = cluster.dir.join("pwfile");
        std::fs::write(&pwfile, "admin\n").map_err(|e| format!("{}: {e}", pwfile.display()))?;
        if as_postgres {
            let _ = Command::new("chown").arg("postgres:postgres").arg(&pwfile).output();
        }
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "admin",
                "--pwfile",
                &pwfile.display().to_string(),
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        )?;
        let conf = format!(
            "listen_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '{}'\nfsync = off\nmax_connections = 200\nshared_buffers = 128MB\n",
            cluster.port,
            cluster.dir.display()
        );
        let conf_path = Path::new(&data).join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf_path).map_err(|e| e.to_string())?;
        text.push_str(&conf);
        std::fs::write(&conf_path, text).map_err(|e| e.to_string())?;
        cluster.start_server()?;
        cluster.psql("postgres", "CREATE DATABASE team")?;
        Ok(cluster)
    }

    /// Starts a cluster under the target directory (`CARGO_TARGET_DIR`, else `target`).
    pub fn start() -> Result<Self, String> {
        let target = std::env::var("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
        Self::start_in(&target.join("pg-clusters"))
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<Output, String> {
        let exe = self.bin.join(program);
        let out = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&exe)
                .args(args)
                .current_dir("/")
                .output()
        } else {
            Command::new(&exe).args(args).output()
        };
        check(&format!("{} {}", exe.display(), args.join(" ")), out)
    }

    /// Starts the server (again, after [`Cluster::stop_server`]).
    pub fn start_server(&self) -> Result<(), String> {
        let log = self.dir.join("server.log").display().to_string();
        self.run("pg_ctl", &["-D", &self.data(), "-l", &log, "-w", "-t", "60", "start"]).map(|_| ())
    }

    /// Stops the server, fast (open sessions are ended).
    pub fn stop_server(&self) -> Result<(), String> {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]).map(|_| ())
    }

    /// Restarts the server (ends every session).
    pub fn restart(&self) -> Result<(), String> {
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-m",
                "fast",
                "-w",
                "-l",
                &self.dir.join("server.log").display().to_string(),
                "restart",
            ],
        )
        .map(|_| ())
    }

    /// Runs SQL as the superuser in `db` with psql.
    pub fn psql(&self, db: &str, sql: &str) -> Result<String, String> {
        let port = self.port.to_string();
        let exe = self.bin.join("psql");
        let exe = if exe.exists() { exe } else { PathBuf::from("psql") };
        let out = Command::new(exe)
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "admin",
                "-d",
                db,
                "-v",
                "ON_ERROR_STOP=1",
                "-tAc",
                sql,
            ])
            .env("PGPASSWORD", "admin")
            .output();
        check(&format!("psql {sql}"), out).map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    }

    /// The admin's URL of the `team` database.
    pub fn admin_url(&self) -> String {
        self.url_for("admin", "admin", "team")
    }

    pub fn url_for(&self, login: &str, password: &str, db: &str) -> String {
        format!("postgresql://{login}:{password}@127.0.0.1:{}/{db}?sslmode=disable", self.port)
    }

    /// Turns TLS on with the given certificate and key files (PEM), and restarts.
    pub fn enable_tls(&self, cert: &Path, key: &Path) -> Result<(), String> {
        let data = PathBuf::from(self.data());
        std::fs::copy(cert, data.join("server.crt")).map_err(|e| e.to_string())?;
        std::fs::copy(key, data.join("server.key")).map_err(|e| e.to_string())?;
        if self.as_postgres {
            check(
                "chown",
                Command::new("chown")
                    .arg("postgres:postgres")
                    .arg(data.join("server.crt"))
                    .arg(data.join("server.key"))
                    .output(),
            )?;
        }
        check("chmod", Command::new("chmod").arg("600").arg(data.join("server.key")).output())?;
        let conf_path = data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf_path).map_err(|e| e.to_string())?;
        text.push_str("ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n");
        std::fs::write(&conf_path, text).map_err(|e| e.to_string())?;
        self.restart()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.run("pg_ctl", &["-D", &self.data(), "-m", "immediate", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
