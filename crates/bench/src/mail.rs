//! `intrograph-bench-mail`: how fast the rep's own mail imports. Generates a synthetic
//! Gmail-Takeout-like mbox (cached by size and seed), then times, on this machine:
//! - reading it alone (the streaming mbox reader and the header parser, nothing stored);
//! - the whole import into a workspace with a rep and the people they write to (one
//!   transaction, touches, relationships, likely ties), in MB/s and messages/s;
//! - the peak memory of the process (bounded: the mbox is never held in memory).
//!
//! Writes `bench/report/mail.md` and `mail.json`. The target is ≥ 50 MB/s for the import.
//!
//!   cargo run --release -p intrograph-bench --bin intrograph-bench-mail -- --mb 200

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Parser;
use intrograph_engine::import::exchanges::ExchangeOptions;
use intrograph_engine::import::{self, mail, ExchangeFormat};
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::{reps, Store};
use serde::Serialize;

#[derive(Parser, Debug)]
#[command(about = "IntroGraph: mbox import throughput on a synthetic Gmail-like mailbox")]
struct Args {
    /// Size of the mailbox to generate, in MB (10^6 bytes).
    #[arg(long, default_value_t = 200)]
    mb: u64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Correspondents in the mailbox.
    #[arg(long, default_value_t = 3000)]
    correspondents: usize,
    /// Of them, how many are people of the workspace already.
    #[arg(long, default_value_t = 1000)]
    people: usize,
    /// Where the generated mailbox and the database go.
    #[arg(long, default_value = "target/bench-data")]
    data: PathBuf,
    /// Where the report goes.
    #[arg(long, default_value = "bench/report")]
    out: PathBuf,
}

#[derive(Serialize)]
struct Report {
    run_at: String,
    machine: String,
    mailbox_bytes: u64,
    messages: u64,
    read_only_seconds: f64,
    read_only_mb_per_s: f64,
    import_seconds: f64,
    import_mb_per_s: f64,
    import_messages_per_s: f64,
    touches_added: u64,
    exchanges_stored: u64,
    skipped_bulk: u64,
    skipped_role: u64,
    peak_memory_mb: f64,
    target_mb_per_s: f64,
    verdict: String,
}

const DOMAINS: &[&str] = &["acme.com", "globex.io", "initech.net", "umbrella.org", "hooli.xyz", "gmail.com"];
const FIRST: &[&str] =
    &["Priya", "Jon", "Ana", "Lee", "Zoë", "Tomás", "Mia", "Omar", "Sven", "Kofi", "Yuki", "Lena"];
const LAST: &[&str] =
    &["Raman", "Bell", "Sousa", "Park", "Müller", "Ó Briain", "Chen", "Haddad", "Berg", "Mensah"];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn correspondent(i: usize) -> (String, String) {
    let name = format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()]);
    (name, format!("c{i}@{}", DOMAINS[i % DOMAINS.len()]))
}

fn encoded(name: &str) -> String {
    if name.is_ascii() {
        format!("\"{name}\"")
    } else {
        let b64 = base64_of(name.as_bytes());
        format!("=?UTF-8?B?{b64}?=")
    }
}

fn base64_of(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes a Gmail-Takeout-like mbox of about `bytes`: Received and DKIM headers, threads,
/// 10% newsletters, plain and HTML bodies, one message in eight with a base64 attachment
/// (about 10 kB a message on average, as in a real mailbox).
fn generate(path: &Path, bytes: u64, seed: u64, correspondents: usize) -> std::io::Result<u64> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let lorem =
        "Thanks for the call today. As discussed, here are the next steps for the pilot and the numbers we \
                 went through; let me know if anything is missing before Friday.\n";
    let attachment_line =
        "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29kZT4+CnN0cmVhbQp4\n";
    let mut written = 0u64;
    let mut n = 0u64;
    let start =
        chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date").and_hms_opt(8, 0, 0).expect("a time");
    while written < bytes {
        n += 1;
        let c = rng.below(correspondents as u64) as usize;
        let (name, address) = correspondent(c);
        let when = start + chrono::Duration::minutes((n * 7) as i64 % (500 * 24 * 60));
        let date = when.and_utc().format("%a, %d %b %Y %H:%M:%S +0000");
        let sent = rng.below(3) == 0;
        let bulk = rng.below(10) == 0;
        let thread = n - rng.below(4).min(n - 1);
        let mut m = String::with_capacity(12_000);
        m.push_str(&format!("From 17{n:017}@xxx {} 2025\n", when.format("%a %b %d %H:%M:%S +0000")));
        m.push_str(&format!("X-GM-THRID: 17{thread:017}\n"));
        m.push_str(if sent { "X-Gmail-Labels: Sent\n" } else { "X-Gmail-Labels: Inbox,Important,Opened\n" });
        m.push_str("Delivered-To: sam@ourco.com\n");
        for hop in 0..3 {
            m.push_str(&format!(
                "Received: from mail-sor-f{hop}.google.com (mail-sor-f{hop}.google.com. [209.85.220.{hop}])\n        by mx.google.com with SMTPS id {n}x{hop}.2025.{c}\n        for <sam@ourco.com>;\n        {date}\n"
            ));
        }
        m.push_str("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com; s=20230601; t=1700000000;\n        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject:date:message-id:reply-to;\n        bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=Xq1Pq7mUu3vFhYy0bJbLpQ0B8Ffz3xgR2mY4Yq3KjY2q0V4z\n");
        m.push_str(&format!("Message-ID: <CA{n}.{c}@mail.gmail.com>\n"));
        if thread != n {
            m.push_str(&format!(
                "In-Reply-To: <CA{thread}.{c}@mail.gmail.com>\nReferences: <CA{thread}.{c}@mail.gmail.com>\n"
            ));
        }
        m.push_str(&format!("Date: {date}\n"));
        let sam = "Sam Rivera <sam@ourco.com>";
        let other = format!("{} <{address}>", encoded(&name));
        if bulk {
            m.push_str(&format!(
                "From: Newsletter <news@{}>\nTo: {sam}\nList-Unsubscribe: <https://x/u>\n",
                DOMAINS[c % DOMAINS.len()]
            ));
        } else if sent {
            m.push_str(&format!("From: {sam}\nTo: {other}\n"));
            if rng.below(4) == 0 {
                let (n2, a2) = correspondent(rng.below(correspondents as u64) as usize);
                m.push_str(&format!("Cc: {} <{a2}>\n", encoded(&n2)));
            }
        } else {
            m.push_str(&format!("From: {other}\nTo: {sam}\n"));
        }
        m.push_str(&format!("Subject: =?UTF-8?Q?Re:_pilot_n=C2=B0{thread}?=\nMIME-Version: 1.0\n"));
        m.push_str("Content-Type: multipart/mixed; boundary=\"000000000000b1\"\n\n--000000000000b1\nContent-Type: text/plain; charset=\"UTF-8\"\n\n");
        for _ in 0..(5 + rng.below(30)) {
            m.push_str(lorem);
        }
        m.push_str(">From the previous message, quoted.\n");
        if rng.below(8) == 0 {
            m.push_str("--000000000000b1\nContent-Type: application/pdf; name=\"deck.pdf\"\nContent-Transfer-Encoding: base64\n\n");
            for _ in 0..(200 + rng.below(800)) {
                m.push_str(attachment_line);
            }
        }
        m.push_str("--000000000000b1--\n\n");
        out.write_all(m.as_bytes())?;
        written += m.len() as u64;
    }
    out.flush()?;
    Ok(n)
}

fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu} ({cores} cores)")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.data)?;
    let mbox = args.data.join(format!("mail-{}mb-{}.mbox", args.mb, args.seed));
    let mut messages = 0;
    if !mbox.exists() {
        eprintln!("generating {} ...", mbox.display());
        let tmp = mbox.with_extension("part");
        messages = generate(&tmp, args.mb * 1_000_000, args.seed, args.correspondents)?;
        std::fs::rename(&tmp, &mbox)?;
    }
    let size = std::fs::metadata(&mbox)?.len();
    let mb = size as f64 / 1e6;

    // Reading alone: the streaming reader and the header parser.
    let t = Instant::now();
    let mut read = 0u64;
    mail::read_mbox(File::open(&mbox)?, "bench.mbox", &mut |_| {
        read += 1;
        Ok(())
    })?;
    let read_only = t.elapsed().as_secs_f64();
    if messages == 0 {
        messages = read;
    }

    // The whole import into a workspace.
    let db = args.data.join(format!("mail-{}mb.db", args.mb));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut store = Store::open(&db)?;
    store.write(|tx| {
        reps::add_new(
            tx,
            &PersonInput { emails: vec!["sam@ourco.com".into()], ..PersonInput::named("Sam Rivera") },
        )?;
        for i in 0..args.people.min(args.correspondents) {
            let (name, address) = correspondent(i);
            people::add(tx, &PersonInput { emails: vec![address], ..PersonInput::named(name) })?;
        }
        Ok(())
    })?;
    let options =
        ExchangeOptions { today: chrono::NaiveDate::from_ymd_opt(2026, 6, 30), ..Default::default() };
    let t = Instant::now();
    let report = import::exchanges(&mut store, ExchangeFormat::Mail, &mbox, &options, &mut |_| {})?;
    let import_s = t.elapsed().as_secs_f64();
    let exchanges_stored = intrograph_engine::store::exchanges::count(store.conn())?;

    let target = 50.0;
    let import_rate = mb / import_s;
    let out = Report {
        run_at: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        machine: machine(),
        mailbox_bytes: size,
        messages,
        read_only_seconds: read_only,
        read_only_mb_per_s: mb / read_only,
        import_seconds: import_s,
        import_mb_per_s: import_rate,
        import_messages_per_s: report.read as f64 / import_s,
        touches_added: report.touches_added,
        exchanges_stored,
        skipped_bulk: report.skipped_bulk,
        skipped_role: report.skipped_role,
        peak_memory_mb: peak_memory_mb(),
        target_mb_per_s: target,
        verdict: if import_rate >= target { "pass".into() } else { "MISS".into() },
    };
    std::fs::create_dir_all(&args.out)?;
    std::fs::write(args.out.join("mail.json"), serde_json::to_string_pretty(&out)? + "\n")?;
    let md = format!(
        "# Mail import benchmark\n\nRun {} on {} with `intrograph-bench-mail --mb {}` (seed {}, {} correspondents, {} of them people).\n\n\
         | figure | measured |\n|---|---|\n\
         | mailbox | {:.0} MB, {} messages (synthetic Gmail Takeout: Received and DKIM headers, threads, 10% newsletters, 1 in 8 with an attachment) |\n\
         | reading alone (stream + headers, nothing stored) | {:.1} s, **{:.0} MB/s** |\n\
         | whole import (one transaction: exchanges, touches, relationships, likely ties) | {:.1} s, **{:.0} MB/s**, {:.0} messages/s |\n\
         | touches added / exchanges stored | {} / {} |\n\
         | skipped: bulk / role | {} / {} |\n\
         | peak memory of the process | {:.0} MB |\n\n\
         Target: import ≥ {:.0} MB/s: **{}**.\n",
        out.run_at,
        out.machine,
        args.mb,
        args.seed,
        args.correspondents,
        args.people,
        mb,
        out.messages,
        out.read_only_seconds,
        out.read_only_mb_per_s,
        out.import_seconds,
        out.import_mb_per_s,
        out.import_messages_per_s,
        out.touches_added,
        out.exchanges_stored,
        out.skipped_bulk,
        out.skipped_role,
        out.peak_memory_mb,
        target,
        out.verdict
    );
    std::fs::write(args.out.join("mail.md"), &md)?;
    print!("{md}");
    Ok(())
}
