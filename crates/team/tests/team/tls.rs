//! TLS: `sslmode=require` encrypts without verifying; `verify-full` checks the chain and
//! the host name, and refuses a self-signed certificate without the right root.

use std::path::Path;
use std::process::Command;

use intrograph_team::TeamError;

use crate::support::*;

/// A self-signed certificate for the name `localhost` (and no address).
fn self_signed(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (cert, key) = (dir.join("server.crt"), dir.join("server.key"));
    let out = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("the openssl command (scripts/setup.sh installs it)");
    assert!(out.status.success(), "openssl: {}", String::from_utf8_lossy(&out.stderr));
    (cert, key)
}

fn refused(url: &str) -> TeamError {
    match intrograph_team::connect::ServerUrl::parse(url).unwrap().connect() {
        Ok(_) => panic!("{url} was accepted"),
        Err(e) => e,
    }
}

#[test]
fn tls_modes_encrypt_and_verify_as_libpq_does() {
    let cluster = team_cluster();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed(dir.path());
    cluster.enable_tls(&cert, &key).unwrap();
    let rep = add_rep(&cluster, "Ada Lind", "ada@example.com", false);
    let base = rep.url.replace("?sslmode=disable", "");
    let root = cert.display().to_string();

    // require: encrypted, the self-signed certificate is not checked.
    let mut d = Desk::new();
    d.join(&format!("{base}?sslmode=require"));
    let ssl = cluster
        .psql("team", &format!("SELECT bool_and(ssl) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE usename = '{}'", rep.login))
        .unwrap();
    assert!(ssl == "t" || ssl.is_empty(), "sessions of the rep were not encrypted: {ssl:?}");
    let mut client = intrograph_team::connect::ServerUrl::parse(&format!("{base}?sslmode=require"))
        .unwrap()
        .connect()
        .unwrap();
    let encrypted: bool =
        client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0);
    assert!(encrypted, "sslmode=require did not encrypt");

    // verify-full without the root: refused.
    let e = refused(&format!("{base}?sslmode=verify-full"));
    assert!(matches!(e, TeamError::Tls(_)), "{e:?}");
    // verify-full with the root, but the URL's host (127.0.0.1) is not the certificate's name: refused.
    let e = refused(&format!("{base}?sslmode=verify-full&sslrootcert={root}"));
    assert!(matches!(e, TeamError::Tls(_)), "{e:?}");
    // verify-ca with the root: the chain is checked, the name is not.
    intrograph_team::connect::ServerUrl::parse(&format!("{base}?sslmode=verify-ca&sslrootcert={root}"))
        .unwrap()
        .connect()
        .expect("verify-ca with the right root");
    // verify-full with the root and the certificate's name: accepted.
    let by_name = base.replace("127.0.0.1", "localhost");
    intrograph_team::connect::ServerUrl::parse(&format!("{by_name}?sslmode=verify-full&sslrootcert={root}"))
        .unwrap()
        .connect()
        .expect("verify-full with the right root and name");
    // A joined desktop keeps its TLS mode for every sync.
    d.add_person("Over TLS", "tls@example.com");
    assert_eq!(d.sync().pushed, 1);
}

#[test]
fn an_unknown_sslmode_is_a_clear_error() {
    let e = intrograph_team::connect::ServerUrl::parse("postgresql://a:b@127.0.0.1/team?sslmode=always")
        .unwrap_err();
    assert!(e.to_string().contains("sslmode=always"), "{e}");
}
