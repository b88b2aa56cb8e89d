//! Picture work, off the async threads and bounded three ways, so no picture and no crowd of
//! pictures can take the server down:
//! - **workers**: at most one job per core decodes at a time; the rest wait their turn;
//! - **memory**: each job first reads its header and then holds as many mebibytes of a shared
//!   [`MEMORY_MIB`] as its pixels take decoded, so jobs that fit run side by side and a large
//!   one waits for room;
//! - **time**: a job, its wait included, has [`TIME_BUDGET`]. When the time is up, or the
//!   request that waits for it goes away, its [`Budget`] stops the work at its next check.
//!
//! The permits travel with the blocking work, not with the request, so a job whose request gave
//! up still counts until it has actually stopped. A graceful shutdown therefore never waits on
//! picture work for longer than the budget.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use confab_protocol::attachment::Dimensions;
use tokio::sync::Semaphore;

use super::images::{self, Budget, Examined, Header, ImageError, Thumbnail};
use crate::error::ApiError;

/// How long a picture may take, from its arrival in the pool to its last output.
pub const TIME_BUDGET: Duration = Duration::from_secs(5);
/// The decoded pixels all running jobs may hold together, in mebibytes.
pub const MEMORY_MIB: u32 = 256;

pub struct ImagePool {
    workers: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    max_pixels: u64,
    /// Jobs stopped by their budget: out of time, or their request gone.
    stopped: Arc<AtomicU64>,
}

/// Stops the work when the request waiting for it is dropped before it ends.
struct CancelOnDrop(Budget);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

impl ImagePool {
    /// A pool with a worker per core, for pictures of at most `max_pixels`.
    pub fn new(max_pixels: u64) -> Self {
        let workers = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            workers: Arc::new(Semaphore::new(workers)),
            memory: Arc::new(Semaphore::new(MEMORY_MIB as usize)),
            max_pixels,
            stopped: Arc::default(),
        }
    }

    /// How many jobs were stopped by their budget before they ended.
    pub fn stopped_early(&self) -> u64 {
        self.stopped.load(Ordering::Relaxed)
    }

    /// Reads an uploaded image (see [`images::examine`]).
    pub async fn examine(&self, bytes: Vec<u8>) -> Result<Examined, ImageError> {
        self.run(bytes, images::examine).await
    }

    /// Makes a picture into an avatar (see [`images::avatar`]).
    pub async fn avatar(&self, bytes: Vec<u8>) -> Result<Thumbnail, ImageError> {
        self.run(bytes, images::avatar).await
    }

    /// Makes a page's picture into a link card's (see [`images::card`]).
    pub async fn card(&self, bytes: Vec<u8>) -> Result<(Thumbnail, Dimensions), ImageError> {
        self.run(bytes, images::card).await
    }

    async fn run<T: Send + 'static>(
        &self,
        bytes: Vec<u8>,
        work: fn(&[u8], u64, &Budget) -> Result<T, ImageError>,
    ) -> Result<T, ImageError> {
        let started = Instant::now();
        let budget = Budget::until(started + TIME_BUDGET);
        let _cancel = CancelOnDrop(budget.clone());
        let deadline = tokio::time::Instant::from_std(started + TIME_BUDGET);
        let max_pixels = self.max_pixels;
        let job = async {
            let worker = self.workers.clone().acquire_owned().await.map_err(|_| ImageError::OutOfTime)?;
            let bytes = Arc::new(bytes);
            let (header, worker) = self
                .blocking(worker, {
                    let (bytes, budget) = (bytes.clone(), budget.clone());
                    move || images::probe(&bytes, max_pixels, &budget)
                })
                .await?;
            let memory =
                self.memory.clone().acquire_many_owned(cost_mib(&header)).await.map_err(|_| ImageError::OutOfTime)?;
            let budget = budget.clone();
            self.blocking((worker, memory), move || work(&bytes, max_pixels, &budget)).await.map(|(made, _)| made)
        };
        tokio::time::timeout_at(deadline, job).await.unwrap_or(Err(ImageError::OutOfTime))
    }
}

impl ImagePool {
    /// Runs `work` on a blocking thread, holding `permits` until it ends, and gives them back.
    async fn blocking<P: Send + 'static, T: Send + 'static>(
        &self,
        permits: P,
        work: impl FnOnce() -> Result<T, ImageError> + Send + 'static,
    ) -> Result<(T, P), ImageError> {
        let stopped = self.stopped.clone();
        let ran = tokio::task::spawn_blocking(move || {
            let made = work();
            if matches!(made, Err(ImageError::Cancelled | ImageError::OutOfTime)) {
                stopped.fetch_add(1, Ordering::Relaxed);
            }
            // On a refusal the permits go here, with the work; else back to the job's next step.
            made.map(|made| (made, permits))
        });
        match ran.await {
            Ok(made) => made,
            Err(error) => {
                // A panic in a decoder is a picture it could not read, not a reason to fail the server.
                tracing::error!(%error, "picture work ended abnormally");
                Err(ImageError::Unreadable("the decoder failed".into()))
            }
        }
    }
}

/// The mebibytes of the shared memory a job holds: its decoded pixels, rounded up.
fn cost_mib(header: &Header) -> u32 {
    let mib = header.decoded_bytes.div_ceil(1024 * 1024).max(1);
    u32::try_from(mib).unwrap_or(u32::MAX).min(MEMORY_MIB)
}

/// Every refusal of a picture, answered the one way.
impl From<ImageError> for ApiError {
    fn from(error: ImageError) -> Self {
        let sentence = error.to_string();
        match error {
            ImageError::TooManyPixels { .. } | ImageError::TooDeep { .. } | ImageError::OutOfTime => {
                ApiError::bad_request("error-image-too-large", sentence)
            }
            ImageError::BadShape { .. } | ImageError::Unreadable(_) => {
                ApiError::bad_request("error-invalid-image", sentence)
            }
            // Nobody is waiting for this answer.
            ImageError::Cancelled => ApiError::bad_request("error-request-cancelled", sentence),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_picture_frees_its_worker_and_a_good_one_follows() {
        let pool = ImagePool::new(40_000_000);
        for _ in 0..8 {
            let refused = pool.avatar(confab_hostile::png_claiming(1, 40_000_000)).await;
            assert!(matches!(refused, Err(ImageError::BadShape { .. })));
        }
        assert!(pool.avatar(confab_hostile::png(300, 300)).await.is_ok());
        assert_eq!(pool.memory.available_permits(), MEMORY_MIB as usize, "every mebibyte is given back");
    }

    #[tokio::test]
    async fn a_request_that_goes_away_stops_its_work_and_frees_its_memory() {
        let pool = Arc::new(ImagePool::new(40_000_000));
        // 40 million pixels, the most there may be: long enough to be stopped midway.
        let large = confab_hostile::black_png(6_324, 6_324, confab_hostile::Pixels::Rgb8);
        let request = tokio::spawn({
            let pool = pool.clone();
            async move { pool.examine(large).await }
        });
        let deadline = tokio::time::Instant::now() + TIME_BUDGET;
        while pool.memory.available_permits() == MEMORY_MIB as usize {
            assert!(tokio::time::Instant::now() < deadline, "the job never started decoding");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        request.abort();
        while pool.stopped_early() == 0 || pool.memory.available_permits() < MEMORY_MIB as usize {
            assert!(tokio::time::Instant::now() < deadline, "the job went on after its request went away");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}
