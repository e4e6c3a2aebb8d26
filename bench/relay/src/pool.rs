//! Threads kept for reuse. A connection takes five jobs (its set-up and a
//! reader and a writer per direction) and lasts a few tens of ms in a busy
//! benchmark (~250 new data connections a second): starting a thread for each
//! (stack mmap, guard page, TLB shootdowns on exit) cost more CPU than the
//! relaying. Idle threads wait for a job and end after a minute without one.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread;
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;

/// Stack for the pool's threads (buffers live on the heap).
const STACK: usize = 128 * 1024;
const IDLE_FOR: Duration = Duration::from_secs(60);

/// The idle threads, each by its id and the sender of its job channel.
static IDLE: Mutex<Vec<(u64, SyncSender<Job>)>> = Mutex::new(Vec::new());
static NEXT_ID: Mutex<u64> = Mutex::new(0);

fn idle() -> std::sync::MutexGuard<'static, Vec<(u64, SyncSender<Job>)>> {
    IDLE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f` on an idle thread, or a new one; false if no thread could start.
pub fn spawn(f: impl FnOnce() + Send + 'static) -> bool {
    let mut job: Job = Box::new(f);
    {
        let mut idle = idle();
        // Sent under the lock: a thread that gives up waiting takes the lock
        // to leave, so it either sees this job or is no longer listed.
        while let Some((_, tx)) = idle.pop() {
            match tx.try_send(job) {
                Ok(()) => return true,
                Err(TrySendError::Full(j) | TrySendError::Disconnected(j)) => job = j,
            }
        }
    }
    let id = {
        let mut n = NEXT_ID.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        *n
    };
    thread::Builder::new().stack_size(STACK).spawn(move || worker(id, job)).is_ok()
}

fn worker(id: u64, first: Job) {
    let (tx, rx): (SyncSender<Job>, Receiver<Job>) = sync_channel(1);
    let mut job = first;
    loop {
        job();
        idle().push((id, tx.clone()));
        job = match rx.recv_timeout(IDLE_FOR) {
            Ok(j) => j,
            Err(_) => {
                let mut idle = idle();
                match rx.try_recv() {
                    Ok(j) => j,
                    Err(_) => {
                        idle.retain(|(i, _)| *i != id);
                        return;
                    }
                }
            }
        };
    }
}
