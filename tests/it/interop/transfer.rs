//! Single transfers: `get` and `put` byte for byte (1 MiB and empty), a
//! missing remote file, an existing local file.

use std::fs;

use super::support::{part_files, random_bytes, run_expect, run_ok};
use crate::harness::scratch as local;
use crate::servers::{Kind, server};

pub(super) fn transfer_1mib(kind: Kind, implicit: bool) {
    roundtrip(kind, implicit, 1 << 20, "big.bin");
}

pub(super) fn transfer_empty(kind: Kind, implicit: bool) {
    roundtrip(kind, implicit, 0, "empty.bin");
}

/// Download a fixture of `len` random bytes, upload a different one, and
/// compare both byte for byte.
fn roundtrip(kind: Kind, implicit: bool, len: usize, name: &str) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    let down = random_bytes(len, 1);
    let up = random_bytes(len, 2);
    srv.write_file(&format!("xfer/{name}"), &down);
    srv.mkdir("incoming");

    // get with -o.
    let target = l.work.join(name);
    run_ok(&srv, srv.client(&l.home).arg("get").arg(format!("{}/xfer/{name}", srv.base_url())).arg("-o").arg(&target));
    assert!(fs::read(&target).unwrap() == down, "downloaded {name} differs");
    assert_eq!(part_files(&l.work), Vec::<String>::new(), "a .part file was left");

    // get without -o: into the working directory under the remote name.
    let cwd = l.work.join("cwd");
    fs::create_dir(&cwd).unwrap();
    run_ok(&srv, srv.client(&l.home).current_dir(&cwd).arg("get").arg(format!("{}/xfer/{name}", srv.base_url())));
    assert!(fs::read(cwd.join(name)).unwrap() == down, "downloaded {name} (no -o) differs");
    assert_eq!(part_files(&cwd), Vec::<String>::new(), "a .part file was left");

    // put to a file URL and into a directory URL.
    let source = l.work.join(format!("up-{name}"));
    fs::write(&source, &up).unwrap();
    run_ok(&srv, srv.client(&l.home).arg("put").arg(&source).arg(format!("{}/incoming/{name}", srv.base_url())));
    assert!(fs::read(srv.path(&format!("incoming/{name}"))).unwrap() == up, "uploaded {name} differs");
    run_ok(&srv, srv.client(&l.home).arg("put").arg(&source).arg(format!("{}/incoming/", srv.base_url())));
    assert!(
        fs::read(srv.path(&format!("incoming/up-{name}"))).unwrap() == up,
        "uploaded {name} into a directory URL differs"
    );
    // Overwriting an existing remote file works (ProFTPD: AllowOverwrite on).
    run_ok(&srv, srv.client(&l.home).arg("put").arg(&source).arg(format!("{}/xfer/{name}", srv.base_url())));
    assert!(fs::read(srv.path(&format!("xfer/{name}"))).unwrap() == up, "overwritten {name} differs");
    assert_eq!(part_files(&srv.path("incoming")), Vec::<String>::new());
    assert_eq!(part_files(&srv.path("xfer")), Vec::<String>::new());
}

pub(super) fn missing_remote(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    srv.mkdir("empty");
    let target = l.work.join("nope.bin");
    let out = run_expect(
        &srv,
        srv.client(&l.home).arg("get").arg(format!("{}/empty/nope.bin", srv.base_url())).arg("-o").arg(&target),
        6,
    );
    assert!(!out.stderr.trim().is_empty(), "no error message");
    assert!(!target.exists(), "a local file was created for a missing remote file");
    assert_eq!(part_files(&l.work), Vec::<String>::new(), "a .part file was left");
}

/// `get` onto an existing local file: refused (exit 8, file untouched)
/// without `--force`, replaced with it. Client-side logic: one server suffices.
pub(super) fn refuses_overwrite(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    srv.write_file("remote.txt", b"new remote contents\n");
    let target = l.work.join("existing.txt");
    fs::write(&target, b"precious local data\n").unwrap();
    let url = format!("{}/remote.txt", srv.base_url());

    let out = run_expect(&srv, srv.client(&l.home).arg("get").arg(&url).arg("-o").arg(&target), 8);
    assert!(!out.stderr.trim().is_empty(), "no error message");
    assert_eq!(fs::read(&target).unwrap(), b"precious local data\n", "the local file was changed");
    assert_eq!(part_files(&l.work), Vec::<String>::new(), "a .part file was left");

    run_ok(&srv, srv.client(&l.home).arg("get").arg(&url).arg("-o").arg(&target).arg("--force"));
    assert_eq!(fs::read(&target).unwrap(), b"new remote contents\n");
}
