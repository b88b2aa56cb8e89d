//! Files made in the page and handed to the app the ways a person does: dropped, pasted or
//! picked. The fixtures are made by the browser itself (a canvas drawn to PNG, a video recorded
//! from a canvas with `MediaRecorder`), so each is a real file its players and decoders accept,
//! and the test gets its exact bytes back to compare with what is downloaded later.

use std::path::Path;

use base64::Engine;
use serde_json::{Value, json};

use crate::{Browser, eventually};

/// A file the page can make.
#[derive(Clone, Copy, Debug)]
pub enum Fixture {
    /// A PNG of random pixels (which do not compress, so its size is about `width`×`height`×4).
    NoisePng { width: u32, height: u32 },
    /// A PNG of one colour.
    PlainPng { width: u32, height: u32 },
    /// A one-page PDF.
    Pdf,
    /// About a second of silent MP3 (MPEG-1 Layer III frames).
    Mp3,
    /// About a second of H.264 video in MP4, recorded from a canvas.
    Mp4,
    /// `bytes` zero bytes declared as `application/zip`.
    Zeros { bytes: u64 },
}

impl Fixture {
    fn describe(self) -> Value {
        match self {
            Self::NoisePng { width, height } => {
                json!({ "kind": "png", "width": width, "height": height, "noise": true })
            }
            Self::PlainPng { width, height } => json!({ "kind": "png", "width": width, "height": height }),
            Self::Pdf => json!({ "kind": "pdf" }),
            Self::Mp3 => json!({ "kind": "mp3" }),
            Self::Mp4 => json!({ "kind": "mp4" }),
            Self::Zeros { bytes } => json!({ "kind": "zeros", "bytes": bytes }),
        }
    }
}

const MAKE: &str = r#"
const [name, fixture, done] = arguments;
async function make() {
  switch (fixture.kind) {
    case 'png': {
      const canvas = document.createElement('canvas');
      canvas.width = fixture.width; canvas.height = fixture.height;
      const g = canvas.getContext('2d');
      if (fixture.noise) {
        const pixels = g.createImageData(fixture.width, fixture.height);
        for (let at = 0; at < pixels.data.length; at += 65536) {
          crypto.getRandomValues(pixels.data.subarray(at, Math.min(at + 65536, pixels.data.length)));
        }
        for (let at = 3; at < pixels.data.length; at += 4) pixels.data[at] = 255;
        g.putImageData(pixels, 0, 0);
      } else {
        g.fillStyle = '#3a7bd5'; g.fillRect(0, 0, fixture.width, fixture.height);
      }
      return await new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
    }
    case 'pdf':
      return new Blob(['%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'
        + '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
        + '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n'
        + 'trailer << /Root 1 0 R >>\n%%EOF\n'], { type: 'application/pdf' });
    case 'mp3': {
      // 128 kbit/s, 44.1 kHz, mono, no CRC: 417 bytes a frame; all-zero side information
      // and main data decode to silence.
      const frame = new Uint8Array(417);
      frame.set([0xFF, 0xFB, 0x90, 0xC0]);
      return new Blob(Array.from({ length: 40 }, () => frame), { type: 'audio/mpeg' });
    }
    case 'mp4': {
      const canvas = document.createElement('canvas');
      canvas.width = 160; canvas.height = 120;
      const g = canvas.getContext('2d');
      let frame = 0;
      const paint = () => { g.fillStyle = `hsl(${frame++ * 24}, 80%, 50%)`; g.fillRect(0, 0, 160, 120); };
      paint();
      const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/mp4;codecs=avc1' });
      const chunks = [];
      recorder.ondataavailable = event => chunks.push(event.data);
      const stopped = new Promise(resolve => recorder.onstop = resolve);
      const painter = setInterval(paint, 66);
      recorder.start();
      // The video's length: about a second of frames.
      await new Promise(resolve => setTimeout(resolve, 1000));
      recorder.stop();
      await stopped;
      clearInterval(painter);
      return new Blob(chunks, { type: 'video/mp4' });
    }
    case 'zeros':
      return new Blob([new Uint8Array(fixture.bytes)], { type: 'application/zip' });
  }
  throw new Error('no fixture ' + fixture.kind);
}
make().then(async blob => {
  const file = new File([blob], name, { type: blob.type });
  (window.__files = window.__files || {})[name] = file;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let at = 0; at < bytes.length; at += 32768) text += String.fromCharCode(...bytes.subarray(at, at + 32768));
  done(btoa(text));
}, error => done({ error: String(error) }));
"#;

/// Builds a `DataTransfer` of the files made under `names`, as `transfer`.
const TRANSFER: &str = "const transfer = new DataTransfer(); \
    for (const name of arguments[1]) transfer.items.add(window.__files[name]);";

impl Browser {
    /// Makes `fixture` in the page as a file called `name`, and returns its bytes.
    pub async fn make_file(&self, name: &str, fixture: Fixture) -> Vec<u8> {
        let made = self.client.execute_async(MAKE, vec![json!(name), fixture.describe()]).await.expect("script runs");
        let encoded = made.as_str().unwrap_or_else(|| panic!("making {name}: {made}"));
        base64::engine::general_purpose::STANDARD.decode(encoded).expect("the file's bytes as base64")
    }

    /// Drops the files `names` (made with [`Browser::make_file`]) on the element matching `css`,
    /// as dragging them from the desktop does: `dragenter`, `dragover`, then `drop`.
    pub async fn drop_files(&self, css: &str, names: &[&str]) {
        let script = format!(
            "{TRANSFER} const target = document.querySelector(arguments[0]); if (!target) return false; \
             for (const type of ['dragenter', 'dragover', 'drop']) \
               target.dispatchEvent(new DragEvent(type, {{ dataTransfer: transfer, bubbles: true, cancelable: true }})); \
             return true;"
        );
        assert_eq!(self.script(&script, vec![json!(css), json!(names)]).await, json!(true), "nothing matches {css}");
    }

    /// Pastes the files `names` into the element matching `css`, as from the clipboard.
    pub async fn paste_files(&self, css: &str, names: &[&str]) {
        let script = format!(
            "{TRANSFER} const target = document.querySelector(arguments[0]); if (!target) return false; \
             target.dispatchEvent(new ClipboardEvent('paste', {{ clipboardData: transfer, bubbles: true, cancelable: true }})); \
             return true;"
        );
        assert_eq!(self.script(&script, vec![json!(css), json!(names)]).await, json!(true), "nothing matches {css}");
    }

    /// Chooses the files `names` in the file input matching `css`, as its file dialog does.
    pub async fn pick_files(&self, css: &str, names: &[&str]) {
        let script = format!(
            "{TRANSFER} const input = document.querySelector(arguments[0]); if (!input) return false; \
             input.files = transfer.files; input.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;"
        );
        assert_eq!(self.script(&script, vec![json!(css), json!(names)]).await, json!(true), "nothing matches {css}");
    }

    /// Lets the page's downloads go into `dir` without asking.
    pub async fn allow_downloads(&self, dir: &Path) {
        let params = json!({ "behavior": "allow", "downloadPath": dir.display().to_string() });
        self.devtools("Browser.setDownloadBehavior", params).await;
    }
}

/// The bytes of the file `name` once its download into `dir` has finished.
pub async fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    eventually(&format!("{name} to be downloaded into {}", dir.display()), || async {
        let partial =
            std::fs::read_dir(dir).ok()?.flatten().any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
        if partial {
            return None;
        }
        std::fs::read(&path).ok()
    })
    .await
}
