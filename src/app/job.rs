//! Background work on named threads, so that every thread of the designer is named in a
//! debugger, a profile and a panic message. One-shot jobs (an export, a test send) hand back
//! one result, which the designer picks up between frames without waiting; long-lived
//! workers (the letter preview, the review grid) start through [`spawn`] too. `clippy.toml`
//! forbids `std::thread::spawn`, so no thread starts without a name.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::JoinHandle;

/// Starts `work` on a thread called `name`.
///
/// # Panics
/// When the system cannot start a thread at all: the designer cannot work without one.
pub fn spawn(name: &str, work: impl FnOnce() + Send + 'static) -> JoinHandle<()> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(work)
        .unwrap_or_else(|e| panic!("cannot start the {name} thread: {e}"))
}

/// A one-shot job on its own named thread, and its result once it came.
pub struct Job<R> {
    result: Receiver<Result<R, String>>,
    /// The result, set by [`Job::poll`] or [`Job::wait`] once the thread answered; a thread
    /// that ended without answering (it panicked) is an error.
    pub finished: Option<Result<R, String>>,
    name: &'static str,
}

impl<R: Send + 'static> Job<R> {
    /// Runs `work` on a thread called `name`; `notify` is called when its result is there
    /// (to wake the window).
    pub fn start(
        name: &'static str,
        work: impl FnOnce() -> Result<R, String> + Send + 'static,
        notify: impl Fn() + Send + 'static,
    ) -> Job<R> {
        let (tx, result) = mpsc::channel();
        spawn(name, move || {
            // The designer may have gone; then nobody waits for the answer.
            if tx.send(work()).is_ok() {
                notify();
            }
        });
        Job {
            result,
            finished: None,
            name,
        }
    }

    /// Whether the thread has not answered yet.
    pub fn running(&self) -> bool {
        self.finished.is_none()
    }

    /// Takes the answer when it has arrived, without waiting; true once finished.
    pub fn poll(&mut self) -> bool {
        if self.finished.is_none() {
            match self.result.try_recv() {
                Ok(r) => self.finished = Some(r),
                Err(TryRecvError::Disconnected) => self.finished = Some(Err(self.lost())),
                Err(TryRecvError::Empty) => {}
            }
        }
        self.finished.is_some()
    }

    /// Waits for the answer (tests).
    pub fn wait(&mut self) -> &Result<R, String> {
        if self.finished.is_none() {
            let r = self.result.recv().unwrap_or_else(|_| Err(self.lost()));
            self.finished = Some(r);
        }
        self.finished.as_ref().expect("set above")
    }

    fn lost(&self) -> String {
        format!("the {} stopped unexpectedly", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::Job;

    #[test]
    fn a_job_answers_once_and_a_panicking_one_is_an_error() {
        let mut ok = Job::start("test job", || Ok(42), || {});
        assert_eq!(ok.wait(), &Ok(42));
        assert!(ok.poll() && !ok.running());
        let mut lost: Job<u8> = Job::start("test job", || panic!("on purpose"), || {});
        assert_eq!(
            lost.wait(),
            &Err("the test job stopped unexpectedly".to_owned())
        );
    }
}
