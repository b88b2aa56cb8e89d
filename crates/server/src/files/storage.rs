//! Where uploaded bytes live, behind [`FileStorage`] so a cluster can point every instance at
//! shared storage. The one backend here is a directory ([`DirectoryStorage`]): the data
//! directory by default, or a shared mount.
//!
//! A file is written to a temporary name and renamed into place only when [`NewFile::commit`]
//! is called, so an upload that is refused or cut off midway leaves nothing behind: dropping an
//! uncommitted [`NewFile`] removes what was written.

use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use futures_util::future::BoxFuture;
use tokio::io::{AsyncRead, AsyncWriteExt};

/// A file being written; gone unless committed.
pub trait NewFile: Send {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> BoxFuture<'a, io::Result<()>>;
    /// Makes the file visible under its key.
    fn commit(self: Box<Self>) -> BoxFuture<'static, io::Result<()>>;
}

/// A stored file opened for reading.
pub struct StoredFile {
    pub len: u64,
    pub body: Pin<Box<dyn AsyncRead + Send>>,
}

pub trait FileStorage: Send + Sync + 'static {
    fn create<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Box<dyn NewFile>>>;
    /// The file under `key`, or `None` when there is none.
    fn open<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Option<StoredFile>>>;
    /// Removes the file under `key`; removing one that is not there is not an error.
    fn remove<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<()>>;
}

/// Files as plain files in one directory, named by their keys.
pub struct DirectoryStorage {
    root: PathBuf,
}

impl DirectoryStorage {
    /// Storage under `root` (created when missing). Temporary files left by a crash are removed.
    pub fn open(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(root.join(PARTIAL))?;
        for entry in std::fs::read_dir(root.join(PARTIAL))? {
            let _ = std::fs::remove_file(entry?.path());
        }
        Ok(Self { root })
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        // Keys are made by the server, but a key must never name a path outside the root.
        let valid = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if valid {
            Ok(self.root.join(key))
        } else {
            Err(io::Error::new(io::ErrorKind::InvalidInput, "invalid file key"))
        }
    }
}

/// The subdirectory of files still being written.
const PARTIAL: &str = "partial";

struct DirectoryFile {
    file: Option<tokio::fs::File>,
    partial: PathBuf,
    path: PathBuf,
}

impl NewFile for DirectoryFile {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            match &mut self.file {
                Some(file) => file.write_all(chunk).await,
                None => Err(io::Error::other("the file is already committed")),
            }
        })
    }

    fn commit(mut self: Box<Self>) -> BoxFuture<'static, io::Result<()>> {
        let file = self.file.take();
        let (partial, path) = (self.partial.clone(), self.path.clone());
        Box::pin(async move {
            let Some(mut file) = file else { return Ok(()) };
            let committed = async {
                file.flush().await?;
                file.sync_all().await?;
                drop(file);
                tokio::fs::rename(&partial, &path).await
            }
            .await;
            if committed.is_err() {
                let _ = tokio::fs::remove_file(&partial).await;
            }
            committed
        })
    }
}

impl Drop for DirectoryFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

impl FileStorage for DirectoryStorage {
    fn create<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Box<dyn NewFile>>> {
        Box::pin(async move {
            let path = self.path(key)?;
            let partial = self.root.join(PARTIAL).join(key);
            let file = tokio::fs::File::create(&partial).await?;
            Ok(Box::new(DirectoryFile { file: Some(file), partial, path }) as Box<dyn NewFile>)
        })
    }

    fn open<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Option<StoredFile>>> {
        Box::pin(async move {
            match tokio::fs::File::open(self.path(key)?).await {
                Ok(file) => {
                    let len = file.metadata().await?.len();
                    Ok(Some(StoredFile { len, body: Box::pin(file) }))
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn remove<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.path(key)?).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        })
    }
}

impl std::fmt::Debug for DirectoryStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectoryStorage").field("root", &self.root).finish()
    }
}

/// Whether `root` holds files still being written (for tests that an upload left nothing).
pub fn partial_files(root: &Path) -> usize {
    std::fs::read_dir(root.join(PARTIAL)).map(|dir| dir.count()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    #[tokio::test]
    async fn a_file_is_visible_only_once_committed_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let storage = DirectoryStorage::open(dir.path()).unwrap();
        let mut file = storage.create("a1").await.unwrap();
        file.write(b"hello ").await.unwrap();
        file.write(b"world").await.unwrap();
        assert!(storage.open("a1").await.unwrap().is_none(), "not visible before commit");
        file.commit().await.unwrap();
        let mut stored = storage.open("a1").await.unwrap().expect("committed");
        let mut text = String::new();
        stored.body.read_to_string(&mut text).await.unwrap();
        assert_eq!((stored.len, text.as_str()), (11, "hello world"));

        let mut dropped = storage.create("b2").await.unwrap();
        dropped.write(b"half").await.unwrap();
        assert_eq!(partial_files(dir.path()), 1);
        drop(dropped);
        assert_eq!(partial_files(dir.path()), 0);
        assert!(storage.open("b2").await.unwrap().is_none());

        storage.remove("a1").await.unwrap();
        storage.remove("a1").await.unwrap();
        assert!(storage.open("a1").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_key_cannot_reach_outside_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let storage = DirectoryStorage::open(dir.path().join("files")).unwrap();
        for key in ["../escape", "a/b", "", "..", "a\0"] {
            assert!(storage.create(key).await.is_err(), "{key:?}");
            assert!(storage.open(key).await.is_err(), "{key:?}");
        }
    }
}
