//! Reading an uploaded image: its real format and size, a thumbnail to show inline, a tiny
//! blurred preview to show while that loads, avatars cropped square, and the pictures of link
//! cards.
//!
//! A small file can claim an enormous or absurdly shaped image, so the work is bounded by what it
//! produces, not by the bytes that came in:
//! - the header is read first, and an image is refused before a pixel is decoded when it has
//!   more pixels than allowed, sides that differ more than [`MAX_ASPECT_RATIO`]-fold, or would
//!   decode to more than [`MAX_DECODED_BYTES`]; the decoder is then held to that memory in case
//!   the header lied;
//! - every output is made at its own size straight from the decoded pixels (cropped before it is
//!   scaled, the camera's rotation applied to the small result), so no step allocates more than
//!   the decoded image and its output;
//! - a [`Budget`] is checked while the bytes are read and between steps, so work whose request
//!   went away or ran out of time stops.

use std::io::{BufRead, Cursor, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use base64::Engine;
use confab_protocol::attachment::Dimensions;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The longest side of the thumbnail shown in the timeline.
pub const THUMBNAIL_SIDE: u32 = 480;
/// The longest side of the blurred preview.
const PREVIEW_SIDE: u32 = 24;
/// The side of a stored avatar, in pixels.
pub const AVATAR_SIDE: u32 = 256;
/// How many times longer one side of an image may be than the other. Long screenshots and
/// banners stay well within it; a 1 × 40,000,000 "image" does not.
pub const MAX_ASPECT_RATIO: u64 = 100;
/// The most memory an image may decode to: 40 million pixels of 8-bit RGBA.
pub const MAX_DECODED_BYTES: u64 = 160 * 1024 * 1024;
/// What a decoder may allocate beyond the decoded pixels, for its own tables and rows.
const DECODER_SLACK_BYTES: u64 = 16 * 1024 * 1024;

/// Media types shown inline: the formats browsers display and this server can read.
pub fn is_inline_image(media_type: &str) -> bool {
    matches!(media_type, "image/png" | "image/jpeg" | "image/gif" | "image/webp")
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("The image is {width}×{height} pixels; at most {limit} pixels are accepted")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    #[error("The image is {width}×{height} pixels; its sides may differ at most {MAX_ASPECT_RATIO}-fold")]
    BadShape { width: u32, height: u32 },
    #[error("The image would take {bytes} bytes to read; at most {MAX_DECODED_BYTES} are allowed")]
    TooDeep { bytes: u64 },
    #[error("The file is not a readable image ({0})")]
    Unreadable(String),
    #[error("The image took too long to read")]
    OutOfTime,
    /// The request went away; nobody hears this one.
    #[error("The request was cancelled")]
    Cancelled,
}

/// When picture work must stop: at a deadline, or when whoever waits for it is gone.
#[derive(Clone, Debug)]
pub struct Budget {
    deadline: Instant,
    cancelled: Arc<AtomicBool>,
}

impl Budget {
    pub fn until(deadline: Instant) -> Self {
        Self { deadline, cancelled: Arc::default() }
    }

    /// Stops the work at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn check(&self) -> Result<(), ImageError> {
        if self.cancelled.load(Ordering::Relaxed) {
            Err(ImageError::Cancelled)
        } else if Instant::now() >= self.deadline {
            Err(ImageError::OutOfTime)
        } else {
            Ok(())
        }
    }

    /// What a failure of the decoder means: the budget's end, if it came, else an unreadable file.
    fn explain(&self, error: impl std::fmt::Display) -> ImageError {
        self.check().err().unwrap_or_else(|| ImageError::Unreadable(error.to_string()))
    }
}

/// The most a decoder is handed per read. Deflate turns a kilobyte into at most a megabyte, so a
/// picture that compresses well still reaches a check of its budget every megabyte of pixels.
const READ_CHUNK: usize = 1024;

/// The image's bytes as the decoder reads them, a little at a time, the budget checked at every
/// read.
struct Watched<'a> {
    bytes: Cursor<&'a [u8]>,
    budget: &'a Budget,
}

impl Watched<'_> {
    fn check(&self) -> std::io::Result<()> {
        self.budget.check().map_err(std::io::Error::other)
    }
}

impl Read for Watched<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.check()?;
        let end = buf.len().min(READ_CHUNK);
        self.bytes.read(&mut buf[..end])
    }
}

impl BufRead for Watched<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.check()?;
        let available = self.bytes.fill_buf()?;
        Ok(&available[..available.len().min(READ_CHUNK)])
    }

    fn consume(&mut self, amount: usize) {
        self.bytes.consume(amount);
    }
}

impl Seek for Watched<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.bytes.seek(to)
    }
}

/// What an image's header says, before any pixel is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    /// The memory its pixels take decoded.
    pub decoded_bytes: u64,
}

/// A decoder for `bytes` that is held to what its header allows, or why there is none.
fn open<'a>(
    bytes: &'a [u8],
    max_pixels: u64,
    budget: &'a Budget,
) -> Result<(impl ImageDecoder + 'a, Header), ImageError> {
    let watched = Watched { bytes: Cursor::new(bytes), budget };
    let reader = ImageReader::new(watched).with_guessed_format().map_err(|e| budget.explain(e))?;
    let format = reader.format().ok_or_else(|| ImageError::Unreadable("unknown format".into()))?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP) {
        return Err(ImageError::Unreadable(format!("{format:?} is not shown inline")));
    }
    let mut decoder = reader.into_decoder().map_err(|e| budget.explain(e))?;
    let (width, height) = decoder.dimensions();
    let (long, short) = (u64::from(width.max(height)), u64::from(width.min(height)));
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > max_pixels {
        return Err(ImageError::TooManyPixels { width, height, limit: max_pixels });
    }
    if long > short * MAX_ASPECT_RATIO {
        return Err(ImageError::BadShape { width, height });
    }
    let decoded_bytes = decoder.total_bytes();
    if decoded_bytes > MAX_DECODED_BYTES {
        return Err(ImageError::TooDeep { bytes: decoded_bytes });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(decoded_bytes + DECODER_SLACK_BYTES);
    decoder.set_limits(limits).map_err(|e| budget.explain(e))?;
    Ok((decoder, Header { format, width, height, decoded_bytes }))
}

/// Reads the header of the image in `bytes`, refusing what [`open`] refuses.
pub fn probe(bytes: &[u8], max_pixels: u64, budget: &Budget) -> Result<Header, ImageError> {
    open(bytes, max_pixels, budget).map(|(_, header)| header)
}

/// The decoded pixels as stored, and the rotation the camera asks for.
fn decode(bytes: &[u8], max_pixels: u64, budget: &Budget) -> Result<(DynamicImage, Header, Orientation), ImageError> {
    let (mut decoder, header) = open(bytes, max_pixels, budget)?;
    let orientation = decoder.orientation().map_err(|e| budget.explain(e))?;
    budget.check()?;
    let image = DynamicImage::from_decoder(decoder).map_err(|e| budget.explain(e))?;
    budget.check()?;
    Ok((image, header, orientation))
}

/// Whether `orientation` turns the image on its side.
fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// What was read from an image.
#[derive(Debug)]
pub struct Examined {
    /// The media type of the format found in the bytes, whatever the upload claimed.
    pub media_type: &'static str,
    /// As shown: after the camera's orientation is applied.
    pub dimensions: Dimensions,
    /// A smaller copy to show inline, when the image is larger than [`THUMBNAIL_SIDE`] (never
    /// for a GIF, whose animation a still thumbnail would lose).
    pub thumbnail: Option<Thumbnail>,
    /// A blurred JPEG a few pixels wide, base64.
    pub preview: String,
}

#[derive(Debug)]
pub struct Thumbnail {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
}

/// Reads the image in `bytes`, refusing one of more than `max_pixels` pixels.
pub fn examine(bytes: &[u8], max_pixels: u64, budget: &Budget) -> Result<Examined, ImageError> {
    let (image, header, orientation) = decode(bytes, max_pixels, budget)?;
    let media_type = match header.format {
        ImageFormat::Png => "image/png",
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Gif => "image/gif",
        _ => "image/webp",
    };
    let (width, height) = (image.width(), image.height());
    let dimensions = if swaps_sides(orientation) {
        Dimensions { width: height, height: width }
    } else {
        Dimensions { width, height }
    };
    // One pass over the decoded pixels: the preview is made from the thumbnail-sized copy.
    let mut small = if width.max(height) > THUMBNAIL_SIDE {
        image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
    } else {
        image.clone()
    };
    drop(image);
    budget.check()?;
    small.apply_orientation(orientation);
    let thumbnail = if (width.max(height) > THUMBNAIL_SIDE) && header.format != ImageFormat::Gif {
        Some(encode(&small, small.color().has_alpha()).map_err(|e| budget.explain(e))?)
    } else {
        None
    };
    let tiny = small.thumbnail(PREVIEW_SIDE, PREVIEW_SIDE);
    Ok(Examined { media_type, dimensions, thumbnail, preview: preview(&tiny).map_err(|e| budget.explain(e))? })
}

/// A picture made into an avatar: its middle square at [`AVATAR_SIDE`], encoded anew, so nothing
/// of the uploaded file but its pixels is kept. The picture is scaled (in one pass, by the image
/// crate's own code) until its short side is the avatar's, and the square cut from that: at most
/// [`MAX_ASPECT_RATIO`] avatars' worth of pixels, whatever the picture's size.
pub fn avatar(bytes: &[u8], max_pixels: u64, budget: &Budget) -> Result<Thumbnail, ImageError> {
    let (image, _, orientation) = decode(bytes, max_pixels, budget)?;
    let (width, height) = (image.width(), image.height());
    let short = width.min(height);
    let along = |side: u32| {
        let scaled = u64::from(side) * u64::from(AVATAR_SIDE) / u64::from(short);
        u32::try_from(scaled).unwrap_or(u32::MAX).max(AVATAR_SIDE)
    };
    let (scaled_width, scaled_height) = (along(width), along(height));
    let scaled = if short >= AVATAR_SIDE {
        image.thumbnail_exact(scaled_width, scaled_height)
    } else {
        image.resize_exact(scaled_width, scaled_height, FilterType::Triangle)
    };
    let transparent = image.color().has_alpha();
    drop(image);
    budget.check()?;
    let (x, y) = ((scaled_width - AVATAR_SIDE) / 2, (scaled_height - AVATAR_SIDE) / 2);
    let mut square = scaled.crop_imm(x, y, AVATAR_SIDE, AVATAR_SIDE);
    // The middle square stays the middle square whichever way the camera was turned.
    square.apply_orientation(orientation);
    encode(&square, transparent).map_err(|e| budget.explain(e))
}

/// A picture made for a link's card: scaled to fit [`THUMBNAIL_SIDE`] (never enlarged), turned
/// as the camera held it, and encoded anew, so nothing of the fetched file but the pixels of its
/// first frame is kept. Returns it with its size.
pub fn card(bytes: &[u8], max_pixels: u64, budget: &Budget) -> Result<(Thumbnail, Dimensions), ImageError> {
    let (image, _, orientation) = decode(bytes, max_pixels, budget)?;
    let transparent = image.color().has_alpha();
    let mut small = if image.width().max(image.height()) > THUMBNAIL_SIDE {
        image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
    } else {
        image
    };
    budget.check()?;
    small.apply_orientation(orientation);
    let dimensions = Dimensions { width: small.width(), height: small.height() };
    Ok((encode(&small, transparent).map_err(|e| budget.explain(e))?, dimensions))
}

/// PNG when there is transparency to keep, else JPEG.
fn encode(image: &DynamicImage, transparent: bool) -> image::ImageResult<Thumbnail> {
    let mut bytes = Cursor::new(Vec::new());
    if transparent {
        image.write_to(&mut bytes, ImageFormat::Png)?;
        Ok(Thumbnail { bytes: bytes.into_inner(), media_type: "image/png" })
    } else {
        DynamicImage::ImageRgb8(image.to_rgb8()).write_to(&mut bytes, ImageFormat::Jpeg)?;
        Ok(Thumbnail { bytes: bytes.into_inner(), media_type: "image/jpeg" })
    }
}

fn preview(tiny: &DynamicImage) -> image::ImageResult<String> {
    let tiny = DynamicImage::ImageRgb8(tiny.blur(1.0).to_rgb8());
    let mut bytes = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 50).encode_image(&tiny)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes.into_inner()))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    use super::*;
    use confab_hostile as hostile;

    fn budget() -> Budget {
        Budget::until(Instant::now() + Duration::from_secs(60))
    }

    #[test]
    fn a_large_photo_gets_a_thumbnail_and_a_preview() {
        let examined = examine(&hostile::png(1200, 800), 40_000_000, &budget()).unwrap();
        assert_eq!(examined.media_type, "image/png");
        assert_eq!(examined.dimensions, Dimensions { width: 1200, height: 800 });
        let thumbnail = examined.thumbnail.expect("a thumbnail");
        assert_eq!(thumbnail.media_type, "image/jpeg");
        let small = image::load_from_memory(&thumbnail.bytes).unwrap();
        assert_eq!((small.width(), small.height()), (480, 320));
        let preview = base64::engine::general_purpose::STANDARD.decode(examined.preview).unwrap();
        assert!(image::load_from_memory(&preview).unwrap().width() <= PREVIEW_SIDE);
    }

    #[test]
    fn a_small_image_is_its_own_thumbnail_and_transparency_stays_png() {
        assert!(examine(&hostile::png(100, 50), 40_000_000, &budget()).unwrap().thumbnail.is_none());
        let clear = RgbaImage::from_pixel(900, 900, Rgba([0, 0, 0, 0]));
        let mut bytes = Cursor::new(Vec::new());
        clear.write_to(&mut bytes, ImageFormat::Png).unwrap();
        let examined = examine(&bytes.into_inner(), 40_000_000, &budget()).unwrap();
        assert_eq!(examined.thumbnail.unwrap().media_type, "image/png");
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let bomb = hostile::png_claiming(100_000, 100_000);
        assert!(bomb.len() < 100, "the bomb is a tiny file");
        assert_eq!(
            examine(&bomb, 40_000_000, &budget()).unwrap_err(),
            ImageError::TooManyPixels { width: 100_000, height: 100_000, limit: 40_000_000 }
        );
    }

    #[test]
    fn a_thin_picture_is_refused_from_its_header_whatever_it_is_made_into() {
        for (width, height) in [(1, 40_000_000), (1, 4_000), (40_000, 1), (100, 10_100)] {
            let thin = hostile::png_claiming(width, height);
            assert_eq!(avatar(&thin, 40_000_000, &budget()).unwrap_err(), ImageError::BadShape { width, height });
            assert_eq!(examine(&thin, 40_000_000, &budget()).unwrap_err(), ImageError::BadShape { width, height });
        }
        let long_screenshot = hostile::png(20, 2_000);
        assert!(
            avatar(&long_screenshot, 40_000_000, &budget()).is_ok(),
            "a hundred times as long is a long screenshot"
        );
    }

    #[test]
    fn an_avatar_is_a_square_encoded_anew_from_the_middle() {
        let made = avatar(&hostile::png(900, 300), 40_000_000, &budget()).unwrap();
        let square = image::load_from_memory(&made.bytes).unwrap();
        assert_eq!((square.width(), square.height(), made.media_type), (256, 256, "image/jpeg"));
        let tiny = avatar(&hostile::png(30, 10), 40_000_000, &budget()).unwrap();
        assert_eq!(image::load_from_memory(&tiny.bytes).unwrap().width(), 256, "a small picture is scaled up");
        assert!(matches!(
            avatar(&hostile::png_claiming(90_000, 90_000), 40_000_000, &budget()),
            Err(ImageError::TooManyPixels { .. })
        ));
        assert!(avatar(b"<svg onload=alert(1)>", 40_000_000, &budget()).is_err());
    }

    #[test]
    fn the_cameras_rotation_turns_the_outputs_not_the_decoded_image() {
        let upright = RgbImage::from_fn(600, 200, |x, _| if x < 300 { Rgb([255, 0, 0]) } else { Rgb([0, 0, 255]) });
        let mut bytes = Cursor::new(Vec::new());
        upright.write_to(&mut bytes, ImageFormat::Jpeg).unwrap();
        let turned = hostile::with_exif_orientation(&bytes.into_inner(), 6);
        let examined = examine(&turned, 40_000_000, &budget()).unwrap();
        assert_eq!(examined.dimensions, Dimensions { width: 200, height: 600 });
        let thumbnail = image::load_from_memory(&examined.thumbnail.unwrap().bytes).unwrap();
        assert_eq!((thumbnail.width(), thumbnail.height()), (160, 480));
    }

    #[test]
    fn a_cards_picture_fits_the_thumbnail_and_is_never_enlarged() {
        let (large, size) = card(&confab_hostile::png(1200, 600), u64::MAX, &budget()).unwrap();
        assert_eq!((size.width, size.height), (THUMBNAIL_SIDE, THUMBNAIL_SIDE / 2));
        let read = image::load_from_memory(&large.bytes).unwrap();
        assert_eq!((read.width(), read.height()), (size.width, size.height));
        let (_, small) = card(&confab_hostile::png(64, 48), u64::MAX, &budget()).unwrap();
        assert_eq!((small.width, small.height), (64, 48));
    }

    #[test]
    fn bytes_that_are_not_an_image_are_unreadable() {
        assert!(matches!(examine(b"<html><script>alert(1)</script>", 1000, &budget()), Err(ImageError::Unreadable(_))));
        let mut cut = hostile::png(600, 600);
        cut.truncate(cut.len() / 2);
        assert!(matches!(examine(&cut, 40_000_000, &budget()), Err(ImageError::Unreadable(_))));
    }

    #[test]
    fn work_stops_when_its_budget_ends() {
        let photo = hostile::png(1200, 800);
        let cancelled = budget();
        cancelled.cancel();
        assert_eq!(examine(&photo, 40_000_000, &cancelled).unwrap_err(), ImageError::Cancelled);
        let spent = Budget::until(Instant::now());
        assert_eq!(avatar(&photo, 40_000_000, &spent).unwrap_err(), ImageError::OutOfTime);
    }
}
