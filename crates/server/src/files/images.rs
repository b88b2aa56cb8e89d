//! Reading an uploaded image: its real format and size, a thumbnail to show inline and a tiny
//! blurred preview to show while that loads.
//!
//! A small file can claim an enormous image (a decompression bomb). The size is read from the
//! header first and an image over the pixel limit is refused before a single pixel is decoded;
//! the decoder is then held to that limit's memory as well, in case the header lied.

use std::io::Cursor;

use base64::Engine;
use confab_protocol::attachment::Dimensions;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The longest side of the thumbnail shown in the timeline.
pub const THUMBNAIL_SIDE: u32 = 480;
/// The longest side of the blurred preview.
const PREVIEW_SIDE: u32 = 24;

/// Media types shown inline: the formats browsers display and this server can read.
pub fn is_inline_image(media_type: &str) -> bool {
    matches!(media_type, "image/png" | "image/jpeg" | "image/gif" | "image/webp")
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("The image is {width}×{height} pixels; at most {limit} pixels are accepted")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    #[error("The file is not a readable image ({0})")]
    Unreadable(String),
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

fn unreadable(error: impl std::fmt::Display) -> ImageError {
    ImageError::Unreadable(error.to_string())
}

/// Decodes the image in `bytes` (PNG, JPEG, GIF or WebP), refusing one of more than
/// `max_pixels` pixels before decoding it; the camera's orientation is applied.
fn decode(bytes: &[u8], max_pixels: u64) -> Result<(DynamicImage, ImageFormat), ImageError> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(unreadable)?;
    let format = reader.format().ok_or_else(|| unreadable("unknown format"))?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP) {
        return Err(unreadable(format!("{format:?} is not shown inline")));
    }
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > max_pixels || width == 0 || height == 0 {
        return Err(ImageError::TooManyPixels { width, height, limit: max_pixels });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // The decoded pixels (at most 16 bytes each, for 32-bit float RGBA) and as much again for
    // the decoder's own buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(32));
    decoder.set_limits(limits).map_err(unreadable)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    Ok((image, format))
}

/// Reads the image in `bytes`, refusing one of more than `max_pixels` pixels.
pub fn examine(bytes: &[u8], max_pixels: u64) -> Result<Examined, ImageError> {
    let (image, format) = decode(bytes, max_pixels)?;
    let media_type = match format {
        ImageFormat::Png => "image/png",
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Gif => "image/gif",
        _ => "image/webp",
    };
    let dimensions = Dimensions { width: image.width(), height: image.height() };
    let larger = dimensions.width.max(dimensions.height) > THUMBNAIL_SIDE;
    let thumbnail =
        if larger && format != ImageFormat::Gif { Some(thumbnail(&image).map_err(unreadable)?) } else { None };
    Ok(Examined { media_type, dimensions, thumbnail, preview: preview(&image).map_err(unreadable)? })
}

/// The side of a stored avatar, in pixels.
pub const AVATAR_SIDE: u32 = 256;

/// A picture made into an avatar: cropped square from its middle, scaled to [`AVATAR_SIDE`] and
/// encoded anew, so nothing of the uploaded file but its pixels is kept.
pub fn avatar(bytes: &[u8], max_pixels: u64) -> Result<Thumbnail, ImageError> {
    let (image, _) = decode(bytes, max_pixels)?;
    let square = image.resize_to_fill(AVATAR_SIDE, AVATAR_SIDE, image::imageops::FilterType::Triangle);
    encode(&square).map_err(unreadable)
}

/// PNG when there is transparency to keep, else JPEG.
fn encode(image: &DynamicImage) -> image::ImageResult<Thumbnail> {
    let mut bytes = Cursor::new(Vec::new());
    if image.color().has_alpha() {
        image.write_to(&mut bytes, ImageFormat::Png)?;
        Ok(Thumbnail { bytes: bytes.into_inner(), media_type: "image/png" })
    } else {
        DynamicImage::ImageRgb8(image.to_rgb8()).write_to(&mut bytes, ImageFormat::Jpeg)?;
        Ok(Thumbnail { bytes: bytes.into_inner(), media_type: "image/jpeg" })
    }
}

fn thumbnail(image: &DynamicImage) -> image::ImageResult<Thumbnail> {
    encode(&image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE))
}

fn preview(image: &DynamicImage) -> image::ImageResult<String> {
    let tiny = DynamicImage::ImageRgb8(image.thumbnail(PREVIEW_SIDE, PREVIEW_SIDE).blur(1.0).to_rgb8());
    let mut bytes = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 50).encode_image(&tiny)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes.into_inner()))
}

#[cfg(test)]
mod tests {
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    use super::*;

    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, ImageFormat::Png).unwrap();
        bytes.into_inner()
    }

    /// A valid PNG whose header claims `width`×`height` pixels over a one-pixel body.
    pub fn bomb(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        // The IHDR chunk: length (4), "IHDR" (4), width (4), height (4), 5 bytes, CRC (4).
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32fast::hash(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    #[test]
    fn a_large_photo_gets_a_thumbnail_and_a_preview() {
        let examined = examine(&png(1200, 800), 40_000_000).unwrap();
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
        assert!(examine(&png(100, 50), 40_000_000).unwrap().thumbnail.is_none());
        let clear = RgbaImage::from_pixel(900, 900, Rgba([0, 0, 0, 0]));
        let mut bytes = Cursor::new(Vec::new());
        clear.write_to(&mut bytes, ImageFormat::Png).unwrap();
        let examined = examine(&bytes.into_inner(), 40_000_000).unwrap();
        assert_eq!(examined.thumbnail.unwrap().media_type, "image/png");
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let bomb = bomb(100_000, 100_000);
        assert!(bomb.len() < 100, "the bomb is a tiny file");
        assert_eq!(
            examine(&bomb, 40_000_000).unwrap_err(),
            ImageError::TooManyPixels { width: 100_000, height: 100_000, limit: 40_000_000 }
        );
    }

    #[test]
    fn an_avatar_is_a_square_encoded_anew() {
        let made = avatar(&png(900, 300), 40_000_000).unwrap();
        let square = image::load_from_memory(&made.bytes).unwrap();
        assert_eq!((square.width(), square.height(), made.media_type), (256, 256, "image/jpeg"));
        assert!(matches!(avatar(&bomb(90_000, 90_000), 40_000_000), Err(ImageError::TooManyPixels { .. })));
        assert!(avatar(b"<svg onload=alert(1)>", 40_000_000).is_err());
    }

    #[test]
    fn bytes_that_are_not_an_image_are_unreadable() {
        assert!(matches!(examine(b"<html><script>alert(1)</script>", 1000), Err(ImageError::Unreadable(_))));
        let mut cut = png(600, 600);
        cut.truncate(cut.len() / 2);
        assert!(matches!(examine(&cut, 40_000_000), Err(ImageError::Unreadable(_))));
    }
}
