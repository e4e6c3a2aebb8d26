//! The integration tests' faulty-link relay as a program, for
//! `bench/faulty` (one implementation: the file is the tests' own).
//!
//! ```text
//! faulty-relay LISTEN TARGET CONTROL_PORT LO-HI SEED CHANCE BUDGET MAX_BYTE STATS_FILE
//! ```
//!
//! Listens on LISTEN at CONTROL_PORT and every port of LO-HI, forwards to
//! the same port on TARGET (loopback addresses only), and breaks a share
//! CHANCE of the connections (at most BUDGET) at a byte drawn
//! log-uniformly from 1..=MAX_BYTE, by a FIN without close_notify, a reset
//! or a stall, chosen from SEED. Keeps STATS_FILE holding
//! `connections faults fin reset stall` (one line, rewritten every 100 ms).
//! Runs until killed.

#[path = "../../../tests/it/faulty/relay.rs"]
mod relay;

use std::net::IpAddr;
use std::process::exit;
use std::sync::atomic::Ordering;
use std::time::Duration;

use relay::{Cut, Plan, Random, Relay};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [listen, target, control, range, seed, chance, budget, max_byte, stats] = args.as_slice() else {
        eprintln!("usage: faulty-relay LISTEN TARGET CONTROL_PORT LO-HI SEED CHANCE BUDGET MAX_BYTE STATS_FILE");
        exit(2);
    };
    let bad = |what: &str| -> ! {
        eprintln!("faulty-relay: bad {what}");
        exit(2)
    };
    let listen: IpAddr = listen.parse().unwrap_or_else(|_| bad("LISTEN"));
    let target: IpAddr = target.parse().unwrap_or_else(|_| bad("TARGET"));
    let control: u16 = control.parse().unwrap_or_else(|_| bad("CONTROL_PORT"));
    let (lo, hi) = range.split_once('-').unwrap_or_else(|| bad("LO-HI"));
    let pasv = (lo.parse().unwrap_or_else(|_| bad("LO")), hi.parse().unwrap_or_else(|_| bad("HI")));
    let plan = Plan::Random(Random {
        seed: seed.parse().unwrap_or_else(|_| bad("SEED")),
        chance: chance.parse().unwrap_or_else(|_| bad("CHANCE")),
        budget: budget.parse().unwrap_or_else(|_| bad("BUDGET")),
        max_byte: max_byte.parse().unwrap_or_else(|_| bad("MAX_BYTE")),
        cuts: vec![Cut::Fin, Cut::Reset, Cut::Stall],
    });
    let relay = match Relay::start(listen, target, control, pasv, plan) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("faulty-relay: cannot listen on {listen}: {e}");
            exit(1);
        }
    };
    let tmp = format!("{stats}.tmp");
    loop {
        let s = &relay.stats;
        let line = format!(
            "{} {} {} {} {}\n",
            s.connections.load(Ordering::Relaxed),
            s.faults(),
            s.fin.load(Ordering::Relaxed),
            s.reset.load(Ordering::Relaxed),
            s.stall.load(Ordering::Relaxed)
        );
        if std::fs::write(&tmp, line).is_ok() {
            let _ = std::fs::rename(&tmp, stats);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
