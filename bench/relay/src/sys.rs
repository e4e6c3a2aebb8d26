//! The two settings std has no call for (Linux only; elsewhere they are
//! skipped): each a minimal foreign declaration and one unsafe call.

use std::net::TcpStream;

/// SO_SNDBUF and SO_RCVBUF of 64 KiB: no loopback-sized kernel buffers
/// behind a slow line. std has no setter for them (Linux's constants;
/// elsewhere the buffers stay as they are).
#[cfg(target_os = "linux")]
pub fn small_buffers(s: &TcpStream) {
    use std::os::fd::AsRawFd;
    unsafe extern "C" {
        fn setsockopt(fd: i32, level: i32, name: i32, value: *const std::ffi::c_void, len: u32) -> i32;
    }
    const SOL_SOCKET: i32 = 1;
    const SO_SNDBUF: i32 = 7;
    const SO_RCVBUF: i32 = 8;
    let size: i32 = 64 * 1024;
    for name in [SO_SNDBUF, SO_RCVBUF] {
        // SAFETY: a valid open socket for the call's duration, and a pointer
        // to an i32 with its length, as setsockopt(2) takes for these options.
        unsafe {
            setsockopt(s.as_raw_fd(), SOL_SOCKET, name, (&size as *const i32).cast(), 4);
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub fn small_buffers(_: &TcpStream) {}

/// Asks the kernel for timer wake-ups without its default 50 us of slack
/// (every thread started afterwards inherits it): a 10 ms sleep then ends
/// ~0.1 ms late instead of ~0.17. std has no call for it: prctl(2).
#[cfg(target_os = "linux")]
pub fn precise_timers() {
    unsafe extern "C" {
        fn prctl(option: i32, arg2: u64, arg3: u64, arg4: u64, arg5: u64) -> i32;
    }
    const PR_SET_TIMERSLACK: i32 = 29;
    // SAFETY: PR_SET_TIMERSLACK takes a plain number (nanoseconds, 1 = the
    // least) and touches no memory of ours.
    unsafe {
        prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
pub fn precise_timers() {}
