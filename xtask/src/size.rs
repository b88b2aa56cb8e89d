//! The app's transfer size: every file a browser downloads (wasm, JS, CSS), raw and compressed
//! as servers send them (gzip -9, brotli -q11).

use std::io::Write;
use std::path::Path;

use anyhow::Context;

pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out.len()
}

/// The total size of every wasm, JS and CSS file in `dist`, without printing.
pub fn measure(dist: &Path) -> anyhow::Result<Sizes> {
    let mut total = Sizes { raw: 0, gzip: 0, brotli: 0 };
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wasm" || e == "js" || e == "css") {
            let bytes = std::fs::read(&path)?;
            total.raw += bytes.len();
            total.gzip += gzip(&bytes);
            total.brotli += brotli(&bytes);
        }
    }
    Ok(total)
}

/// Measures and prints every wasm, JS and CSS file in `dist`, and their total.
pub fn report(dist: &Path) -> anyhow::Result<Sizes> {
    let mut files: Vec<_> = std::fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm" || e == "js" || e == "css"))
        .collect();
    files.sort();
    let mut total = Sizes { raw: 0, gzip: 0, brotli: 0 };
    println!("    {:<44} {:>10} {:>10} {:>10}", "transfer size (bytes)", "raw", "gzip", "brotli");
    for file in &files {
        let bytes = std::fs::read(file)?;
        let sizes = Sizes { raw: bytes.len(), gzip: gzip(&bytes), brotli: brotli(&bytes) };
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        println!("    {name:<44} {:>10} {:>10} {:>10}", sizes.raw, sizes.gzip, sizes.brotli);
        total.raw += sizes.raw;
        total.gzip += sizes.gzip;
        total.brotli += sizes.brotli;
    }
    println!("    {:<44} {:>10} {:>10} {:>10}", "total", total.raw, total.gzip, total.brotli);
    Ok(total)
}
