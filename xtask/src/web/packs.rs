//! Packs: the splitter's small files joined into few, so opening a room costs a few requests, not
//! a hundred. The splitter writes a file per part and one per set of parts sharing code (105
//! files, most under 2 kB), and its loader fetches each on its own. Over HTTP/1.1 on a 150 ms
//! round trip, six at a time, the first room's 87 files alone took seconds.
//!
//! Which file goes where:
//! - the first room's parts ([`FIRST_ROOM`], in the order the app fetches them) each take every
//!   shared file they are the first of them to need: the realtime part is fetched as soon as the
//!   room list shows, so the code it shares with the room comes with it;
//! - every other shared file under [`SMALL`] bytes goes into one pack, fetched with the first part
//!   that needs any of them; the larger ones stay files of their own, so opening Settings never
//!   brings the emoji picker's code.
//!
//! A pack is a little-endian `u32` count, each file's length as a `u32`, then the files. The
//! loader's `fetch` of a packed file becomes a call that fetches its pack once and hands out the
//! file's bytes as a `Response`, which `WebAssembly.instantiateStreaming` takes as it took the
//! file's.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};

/// The parts that the first room needs, in the order the app fetches them: the socket's, the
/// room's, then the markup parser for the first message one sends.
const FIRST_ROOM: [&str; 3] = ["realtime", "room", "markup_parser"];

/// A shared file smaller than this (in bytes, as shipped) is joined with the other small ones.
const SMALL: u64 = 2_048;

/// The loader's name.
pub const LOADER: &str = "__wasm_split.js";

/// The pack of the small shared files.
const SHARED_PACK: &str = "chunk_shared.pack";

/// Packs the files in `dir` (the splitter's output, shrunk): writes each pack, removes the files
/// it holds, and points the loader at the packs.
pub fn pack(dir: &Path) -> anyhow::Result<()> {
    let loader_path = dir.join(LOADER);
    let loader = std::fs::read_to_string(&loader_path).with_context(|| format!("reading {}", loader_path.display()))?;
    let size = |file: &str| std::fs::metadata(dir.join(file)).map(|m| m.len()).unwrap_or(0);
    let packs = plan(&parts_and_chunks(&loader)?, size);
    let mut rewritten = loader;
    for (pack, files) in &packs {
        let mut bytes = u32::try_from(files.len())?.to_le_bytes().to_vec();
        let contents = files.iter().map(|file| std::fs::read(dir.join(file))).collect::<Result<Vec<_>, _>>()?;
        for content in &contents {
            bytes.extend(u32::try_from(content.len())?.to_le_bytes());
        }
        for (index, (file, content)) in files.iter().zip(contents).enumerate() {
            bytes.extend(content);
            std::fs::remove_file(dir.join(file))?;
            let fetch = format!("fetch(new URL(\"./{file}\", import.meta.url))");
            if !rewritten.contains(&fetch) {
                bail!("{LOADER} does not fetch {file} as the splitter used to: {fetch}");
            }
            rewritten = rewritten.replace(&fetch, &format!("__confabPacked(\"{pack}\", {index})"));
        }
        std::fs::write(dir.join(pack), bytes)?;
    }
    std::fs::write(&loader_path, with_unpacker(&rewritten)?)?;
    Ok(())
}

/// What the loader says of each part: its name (`room`) and the numbers of the shared files
/// (`chunk_<n>.wasm`) it needs, from
/// `export const __wasm_split_load_room = wrapAsyncCb(makeLoad(() => {…}, [__chunk_17, …]));`.
fn parts_and_chunks(loader: &str) -> anyhow::Result<Vec<(String, Vec<u32>)>> {
    const EXPORT: &str = "export const __wasm_split_load_";
    let mut parts = Vec::new();
    for declaration in loader.split(EXPORT).skip(1) {
        let name = declaration.split_once(' ').context("a part's name")?.0.to_owned();
        let statement = declaration.split_once("]));").context("a part's list of shared files")?.0;
        let list = statement.rsplit_once(", [").context("a part's list of shared files")?.1;
        let chunks = list
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| item.strip_prefix("__chunk_").and_then(|n| n.parse().ok()).context("a shared file's number"))
            .collect::<anyhow::Result<Vec<u32>>>()?;
        parts.push((name, chunks));
    }
    if parts.is_empty() {
        bail!("{LOADER} declares no part: the splitter's output has changed");
    }
    Ok(parts)
}

/// Each pack's name and its files, in order. A pack of one file is left a file.
fn plan(parts: &[(String, Vec<u32>)], size: impl Fn(&str) -> u64) -> BTreeMap<String, Vec<String>> {
    let mut packs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let first_room = FIRST_ROOM.iter().filter_map(|name| parts.iter().find(|(part, _)| part == name));
    let mut placed = std::collections::BTreeSet::new();
    for (part, chunks) in first_room {
        let pack = packs.entry(format!("split_{part}.pack")).or_default();
        pack.push(format!("split_{part}.wasm"));
        pack.extend(chunks.iter().filter(|chunk| placed.insert(**chunk)).map(|chunk| format!("chunk_{chunk}.wasm")));
    }
    let mut shared: Vec<u32> = parts.iter().flat_map(|(_, chunks)| chunks).copied().collect();
    shared.sort_unstable();
    shared.dedup();
    let small = shared
        .into_iter()
        .filter(|chunk| !placed.contains(chunk))
        .map(|chunk| format!("chunk_{chunk}.wasm"))
        .filter(|file| size(file) < SMALL);
    packs.entry(SHARED_PACK.to_owned()).or_default().extend(small);
    packs.retain(|_, files| files.len() > 1);
    packs
}

/// The loader with the function the packed fetches call, after its imports.
fn with_unpacker(loader: &str) -> anyhow::Result<String> {
    let (imports, rest) = loader.split_once('\n').context("the loader's first line, its import")?;
    if !imports.starts_with("import") {
        bail!("{LOADER} no longer starts with its import: {imports}");
    }
    Ok(format!("{imports}\n{UNPACKER}{rest}"))
}

/// Fetches a pack once and hands out its files; a failed fetch is forgotten so that the next
/// attempt fetches again, and a pack whose files have all been handed out is let go.
const UNPACKER: &str = r#"const __confabPacks = new Map();
function __confabPacked(pack, index) {
    let entry = __confabPacks.get(pack);
    if (entry === undefined) {
        const bytes = fetch(new URL(`./${pack}`, import.meta.url)).then((response) => {
            if (!response.ok) throw new Error(`${pack}: ${response.status}`);
            return response.arrayBuffer();
        });
        entry = { bytes, taken: new Set() };
        bytes.catch(() => { if (__confabPacks.get(pack) === entry) __confabPacks.delete(pack); });
        __confabPacks.set(pack, entry);
    }
    return entry.bytes.then((bytes) => {
        const view = new DataView(bytes);
        const count = view.getUint32(0, true);
        let start = 4 + 4 * count;
        for (let i = 0; i < index; i++) start += view.getUint32(4 + 4 * i, true);
        const end = start + view.getUint32(4 + 4 * index, true);
        entry.taken.add(index);
        if (entry.taken.size === count && __confabPacks.get(pack) === entry) __confabPacks.delete(pack);
        return new Response(bytes.slice(start, end), { headers: { "content-type": "application/wasm" } });
    });
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    const LOADER_TEXT: &str = r#"import { initSync } from "./main.js";
const __chunk_1 = makeLoad(() => {
    const src = fetch(new URL("./chunk_1.wasm", import.meta.url));
}
, []);
const __chunk_2 = makeLoad(() => {
    const src = fetch(new URL("./chunk_2.wasm", import.meta.url));
}
, []);
const __chunk_3 = makeLoad(() => {
    const src = fetch(new URL("./chunk_3.wasm", import.meta.url));
}
, []);
const __chunk_4 = makeLoad(() => {
    const src = fetch(new URL("./chunk_4.wasm", import.meta.url));
}
, []);
export const __wasm_split_load_room = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_room.wasm", import.meta.url));
}
, [__chunk_1, __chunk_2]));
export const __wasm_split_load_emoji = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_emoji.wasm", import.meta.url));
}
, [__chunk_2, __chunk_3, __chunk_4]));
export const __wasm_split_load_locale_de = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_locale_de.wasm", import.meta.url));
}
, []));
"#;

    #[test]
    fn the_first_rooms_parts_take_their_shared_files_and_small_shared_files_are_joined() {
        let parts = parts_and_chunks(LOADER_TEXT).unwrap();
        assert_eq!(parts[1], ("emoji".to_owned(), vec![2, 3, 4]));
        let size = |file: &str| if file == "chunk_4.wasm" { SMALL } else { 300 };
        let packs = plan(&parts, size);
        let files = |pack: &str| packs[pack].iter().map(String::as_str).collect::<Vec<_>>();
        assert_eq!(files("split_room.pack"), ["split_room.wasm", "chunk_1.wasm", "chunk_2.wasm"]);
        // chunk_3 is small and shared by no first-room part; chunk_4 is large, so stays a file,
        // and a pack of one file is no pack.
        assert_eq!(packs.keys().collect::<Vec<_>>(), ["split_room.pack"]);
    }

    #[test]
    fn a_packed_files_fetch_goes_through_its_pack() {
        let dir = std::env::temp_dir().join(format!("confab-packs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(LOADER), LOADER_TEXT).unwrap();
        for (file, bytes) in [("split_room.wasm", "RR"), ("chunk_1.wasm", "1"), ("chunk_2.wasm", "222")] {
            std::fs::write(dir.join(file), bytes).unwrap();
        }
        for file in ["split_emoji.wasm", "chunk_3.wasm", "chunk_4.wasm", "split_locale_de.wasm"] {
            std::fs::write(dir.join(file), vec![0; SMALL as usize]).unwrap();
        }
        pack(&dir).unwrap();
        let packed = std::fs::read(dir.join("split_room.pack")).unwrap();
        let header = [3u32, 2, 1, 3].iter().flat_map(|n| n.to_le_bytes()).collect::<Vec<_>>();
        assert_eq!(packed, [header, b"RR1222".to_vec()].concat());
        assert!(!dir.join("chunk_1.wasm").exists() && dir.join("chunk_3.wasm").exists());
        let loader = std::fs::read_to_string(dir.join(LOADER)).unwrap();
        assert!(loader.contains(r#"__confabPacked("split_room.pack", 2)"#), "{loader}");
        assert!(loader.contains(r#"fetch(new URL("./split_emoji.wasm""#), "{loader}");
        assert!(loader.starts_with("import { initSync }") && loader.contains("function __confabPacked"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
