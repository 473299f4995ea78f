//! Facts about evidence read from its bytes: the media type of the formats phones write
//! ([`sniff`]), how long a recording plays ([`duration`]), and what a camera wrote into a
//! picture ([`photo`]).
//!
//! Invariants: nothing here guesses. A type is named only when its structure checks out (for
//! headerless streams such as MP3 and ADTS, several consecutive frames must chain); a duration
//! is either measured (frames counted, sample tables or fragments summed, a header the writer
//! filled in) or, for a WAV whose header was never finished, an estimate from the bytes present
//! that says so; otherwise it is unknown. No parser may panic, loop or allocate without bound on
//! any input: every offset is checked, every loop moves forward, every read is capped.

pub mod duration;
pub mod heif;
pub mod photo;
pub mod sniff;

pub use duration::{Playback, duration, duration_of_bytes};
pub use photo::{CameraFacts, ExifTimeKind, camera_facts};
pub use sniff::{sniff, sniff_stream};
